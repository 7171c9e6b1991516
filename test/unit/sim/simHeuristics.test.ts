// The simulator's deterministic stand-ins: token counting and the difficulty heuristic.

import * as assert from 'node:assert/strict';
import { classifyDifficulty, isErrorReply, routeRequest } from '../../sim/router';
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

	it('counts prompt tokens with the served model\'s tokenizer ratio, for usage and for the window check', () => {
		// n simulator tokens: 3 priming, 4 framing, then n - 7 one-token words.
		const body = (model: string, n: number) => ({ model, messages: [{ role: 'user', content: `a${' a'.repeat(n - 8)}` }] });
		const outcome = (model: string, n: number) => {
			const decision = routeRequest(body(model, n));
			return isErrorReply(decision) ? (decision.body as { error: { code: string } }).error.code : [decision.model.name, decision.simPromptTokens, decision.promptTokens];
		};
		assert.deepEqual({
			deepseek: outcome('flux-pinned-deepseek-v4', 130_000),
			gpt5: outcome('flux-pinned-gpt-5', 130_000),
			haikuFits: outcome('flux-pinned-claude-haiku', 170_000),
			haikuOver: outcome('flux-pinned-claude-haiku', 180_000),
			gemini: outcome('flux-pinned-gemini-3-flash', 180_000),
			// flux-auto: so long a message asks for the reasoning tier, whose deepseek-v4 cannot take it.
			auto: outcome('flux-auto', 180_000),
		}, {
			deepseek: ['deepseek-v4', 130_000, 123_500],
			gpt5: ['gpt-5', 130_000, 130_000],
			haikuFits: ['claude-haiku', 170_000, 195_500],
			haikuOver: 'context_length_exceeded',
			gemini: ['gemini-3-flash', 180_000, 162_000],
			auto: ['gpt-5', 180_000, 180_000],
		});
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
