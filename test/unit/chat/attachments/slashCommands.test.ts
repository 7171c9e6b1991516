import * as assert from 'node:assert/strict';
import { parseMessage, slashCommands } from '../../../../src/chat/attachments/slashCommands';
import { slashMenu, triggerAt } from '../../../../webview/composer/slashMenu';

describe('slash commands', () => {
	it('reads a command at the start of a message, with the user\'s words after it', () => {
		assert.deepEqual([
			parseMessage('/explain'),
			parseMessage('/fix  why does it throw?'),
			parseMessage('  /tests'),
			parseMessage('/new'),
			parseMessage('/new what is a monad?'),
		], [
			{ kind: 'question', text: 'Explain this code.' },
			{ kind: 'question', text: 'Find the problems in this code and fix them. Show the corrected code and say briefly what was wrong.\n\nwhy does it throw?' },
			{ kind: 'question', text: 'Write tests for this code. Follow the style, framework and file layout of the tests already in this workspace (look at them first), and cover the edge cases.' },
			{ kind: 'new', text: '' },
			{ kind: 'new', text: 'what is a monad?' },
		]);
	});

	it('leaves everything else as typed: unknown commands, paths, a command later in the text', () => {
		const texts = ['/etc/hosts is empty', '/explainer', '/unknown x', 'please /fix this', '/Explain'];
		assert.deepEqual(texts.map((text) => parseMessage(text)), texts.map((text) => ({ kind: 'question', text })));
	});

	it('reads a prompt file\'s command only when it is one, and never lets it take a built-in name', () => {
		const prompts = ['review-pr', 'explain'];
		assert.deepEqual([
			parseMessage('/review-pr focus on auth', prompts),
			parseMessage('/review-pr', prompts),
			parseMessage('/explain', prompts),
			parseMessage('/deploy now', prompts),
		], [
			{ kind: 'prompt', name: 'review-pr', rest: 'focus on auth' },
			{ kind: 'prompt', name: 'review-pr', rest: '' },
			{ kind: 'question', text: 'Explain this code.' },
			{ kind: 'question', text: '/deploy now' },
		]);
	});

	it('offers in the view the same commands, in the same order, with the same descriptions, as the host reads', () => {
		assert.deepEqual(slashMenu, slashCommands.map(({ name, description }) => ({ name, description })));
	});
});

describe('the composer\'s triggers (# and /)', () => {
	it('finds a # mention being typed at the caret, and a / command only at the very start', () => {
		assert.deepEqual([
			triggerAt('#', 1),
			triggerAt('look at #src/gre', 16),
			triggerAt('look at #src/gre and', 20),
			triggerAt('a#b', 3),
			triggerAt('/ex', 3),
			triggerAt('/ex plain', 9),
			triggerAt('x /ex', 5),
			triggerAt('#one #two', 4),
			triggerAt('/review-pr_2', 12),
		], [
			{ kind: 'mention', query: '', start: 0 },
			{ kind: 'mention', query: 'src/gre', start: 8 },
			undefined,
			undefined,
			{ kind: 'slash', query: 'ex' },
			undefined,
			undefined,
			{ kind: 'mention', query: 'one', start: 0 },
			{ kind: 'slash', query: 'review-pr_2' },
		]);
	});
});
