import * as assert from 'node:assert/strict';
import { parseFrontMatter, promptCommandName, promptDescription, promptQuestion, resolvePromptCommands, type PromptCommand } from '../../../../src/chat/context/promptFiles';

describe('prompt files', () => {
	it('reads the front matter\'s plain values and the body after it', () => {
		assert.deepEqual([
			parseFrontMatter('---\ndescription: Review the change\nmode: agent\ntools: [\'terminal\']\n---\nReview it.\n'),
			parseFrontMatter('\uFEFF---\r\ndescription: "Quoted: with colon"\r\ndescription: second is ignored\r\n---\r\nBody'),
			parseFrontMatter('---\ndescription: \'single\' # not a comment inside quotes\n---'),
			parseFrontMatter('No front matter\n---\nat all'),
			parseFrontMatter('---\nunclosed: yes\nbody'),
		], [
			{ attributes: { description: 'Review the change', mode: 'agent', tools: '[\'terminal\']' }, body: 'Review it.\n' },
			{ attributes: { description: 'Quoted: with colon' }, body: 'Body' },
			{ attributes: { description: '\'single\'' }, body: '' },
			{ attributes: {}, body: 'No front matter\n---\nat all' },
			{ attributes: {}, body: '---\nunclosed: yes\nbody' },
		]);
	});

	it('makes a one-line plain description: no control or direction characters, cut at 120 characters', () => {
		assert.deepEqual([
			promptDescription({ description: 'Line\u0007 one\u202e evil\u200b' }),
			promptDescription({}),
			promptDescription({ description: 'x'.repeat(200) }),
		], ['Line one evil', '', `${'x'.repeat(119)}…`]);
	});

	it('names a command after its file, in lower case, and refuses names that are not words', () => {
		assert.deepEqual(
			['review.prompt.md', 'Create-Component.prompt.md', 'a_b2.prompt.md', 'notes.md', '.hidden.prompt.md', 'has space.prompt.md', 'x.prompt.md.bak'].map(promptCommandName),
			['review', 'create-component', 'a_b2', undefined, undefined, undefined, undefined],
		);
	});

	it('lets built-in commands and the first file of a name win, and reports every clash', () => {
		const file = (name: string, fsPath: string, source: PromptCommand['source']): PromptCommand => ({ name, description: '', fsPath, source });
		assert.deepEqual(resolvePromptCommands(['explain', 'new'], [
			file('review', '/home/me/prompts/review.prompt.md', 'user'),
			file('explain', '/repo/.github/prompts/explain.prompt.md', 'workspace'),
			file('review', '/repo/.github/prompts/review.prompt.md', 'workspace'),
			file('deploy', '/repo/.github/prompts/deploy.prompt.md', 'workspace'),
		]), {
			commands: [file('review', '/home/me/prompts/review.prompt.md', 'user'), file('deploy', '/repo/.github/prompts/deploy.prompt.md', 'workspace')],
			clashes: [
				{ name: 'explain', fsPath: '/repo/.github/prompts/explain.prompt.md', shadowedBy: 'builtIn' },
				{ name: 'review', fsPath: '/repo/.github/prompts/review.prompt.md', shadowedBy: '/home/me/prompts/review.prompt.md' },
			],
		});
	});

	it('sends the body without its front matter, then the user\'s words; a huge body is capped', () => {
		const question = promptQuestion('---\ndescription: d\n---\n\nCheck the PR for bugs.\n', '  focus on auth ');
		const huge = promptQuestion('y'.repeat(40 * 1024), '');
		assert.deepEqual({ question, bare: promptQuestion('Just this.', ''), hugeBytes: huge.length }, {
			question: 'Check the PR for bugs.\n\nfocus on auth',
			bare: 'Just this.',
			hugeBytes: 32 * 1024,
		});
	});
});
