// The simulator's deterministic stand-ins: token counting and the difficulty heuristic.

import * as assert from 'node:assert/strict';
import { classifyDifficulty } from '../../sim/router';
import { countPromptTokens, countTokens, splitTokens, usageFor } from '../../sim/tokens';

describe('Flux simulator: heuristics', () => {
	it('splits text into token-sized pieces that join back to the text', () => {
		const text = 'Hello, wörld  internationalisation\n\tx = 42;  ';
		const pieces = splitTokens(text);
		assert.deepEqual({ pieces, joined: pieces.join('') === text, count: countTokens(text) }, {
			pieces: ['Hello', ',', ' wörld', '  internat', 'ionalisa', 'tion', '\n\tx', ' =', ' 42', ';', '  '],
			joined: true,
			count: 11,
		});
	});

	it('counts prompt tokens from messages, tool calls, images and tools', () => {
		const messages = [
			{ role: 'user', content: [{ type: 'text', text: 'look' }, { type: 'image_url', image_url: { url: 'data:,' } }] },
			{ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'read_file', arguments: '{}' } }] },
		];
		// 3 priming; 4 framing + 1 text token + 85 per image; 4 framing + the call's name and arguments.
		assert.deepEqual(
			[countPromptTokens(messages, undefined), countPromptTokens([], [{ type: 'function', function: { name: 'f' } }])],
			[3 + (4 + 1 + 85) + (4 + countTokens('read_file\n{}')), 3 + countTokens('[{"type":"function","function":{"name":"f"}}]')],
		);
	});

	it('meters usage at the served model\'s rates, rounded to micro-dollars', () => {
		assert.deepEqual(usageFor({ inputPerMillion: 4, outputPerMillion: 4 }, 1234, 567), { prompt_tokens: 1234, completion_tokens: 567, total_tokens: 1801, cost_usd: 0.007204 });
	});

	it('classifies difficulty: small talk fast, code standard, long or step-by-step reasoning', () => {
		const questions = [
			'hey!',
			'What time zone is Paris in?',
			'Why does my TypeScript build fail with TS2345?',
			'rename src/app.ts',
			'Can you search for usages of foo',
			'Prove that the sum of two even numbers is even.',
			'Think step-by-step about the trade-offs of caching here.',
			'word '.repeat(151),
		];
		assert.deepEqual(questions.map(classifyDifficulty), ['fast', 'fast', 'standard', 'standard', 'standard', 'reasoning', 'reasoning', 'reasoning']);
	});
});
