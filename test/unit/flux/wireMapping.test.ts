import * as assert from 'node:assert/strict';
import { toAnthropicParams } from '../../../src/flux/anthropic/anthropicTransport';
import { anthropicBaseUrl } from '../../../src/flux/fluxClient';
import { toOpenAIMessages } from '../../../src/flux/openai/openaiTransport';
import type { FluxChatRequest, FluxMessage } from '../../../src/flux/chatRequest';

/** A tool round as the chat builds it: a question, calls with their reasoning, results, then the next question. */
const toolRound: FluxMessage[] = [
	{ role: 'system', content: 'Be brief.' },
	{ role: 'user', content: 'What is in a.ts and b.ts?' },
	{
		role: 'assistant', content: 'Reading both.',
		toolCalls: [{ id: 'c1', name: 'read_file', arguments: '{"path":"a.ts"}' }, { id: 'c2', name: 'read_file', arguments: '{"path":' }],
		thinking: [{ kind: 'thinking', text: 'Two files.', signature: 'sig-1' }, { kind: 'redacted', data: 'opaque' }],
	},
	{ role: 'tool', toolCallId: 'c1', content: 'export const a = 1;' },
	{ role: 'tool', toolCallId: 'c2', content: '' },
];

describe('Flux messages on the Anthropic wire', () => {
	it('puts the system prompt at the top level, tool results in one user message, reasoning back with its signature', () => {
		const params = toAnthropicParams({ model: 'flux-auto', messages: toolRound });
		assert.deepEqual(params, {
			model: 'flux-auto',
			max_tokens: 8192,
			system: 'Be brief.',
			messages: [
				{ role: 'user', content: [{ type: 'text', text: 'What is in a.ts and b.ts?' }] },
				{ role: 'assistant', content: [
					{ type: 'thinking', thinking: 'Two files.', signature: 'sig-1' },
					{ type: 'redacted_thinking', data: 'opaque' },
					{ type: 'text', text: 'Reading both.' },
					{ type: 'tool_use', id: 'c1', name: 'read_file', input: { path: 'a.ts' } },
					// Arguments the model garbled go back as an empty input: the tool result said what was wrong.
					{ type: 'tool_use', id: 'c2', name: 'read_file', input: {} },
				] },
				{ role: 'user', content: [
					{ type: 'tool_result', tool_use_id: 'c1', content: 'export const a = 1;' },
					// The API refuses empty content.
					{ type: 'tool_result', tool_use_id: 'c2', content: '(empty)' },
				] },
			],
		});
	});

	it('merges consecutive messages of one role, leaves out empty text, and drops reasoning of answers without calls', () => {
		const params = toAnthropicParams({
			model: 'flux-pinned-claude-sonnet',
			messages: [
				{ role: 'system', content: 'One.' },
				{ role: 'user', content: 'Summary of the earlier conversation: …' },
				{ role: 'user', content: 'First question' },
				{ role: 'assistant', content: 'An answer.', thinking: [{ kind: 'thinking', text: 'old', signature: 's' }] },
				{ role: 'assistant', content: '' },
				{ role: 'tool', toolCallId: 'x', content: 'late result' },
				{ role: 'user', content: 'Next question' },
				{ role: 'system', content: '  ' },
			],
		});
		assert.deepEqual({ system: params.system, messages: params.messages }, {
			system: 'One.',
			messages: [
				{ role: 'user', content: [{ type: 'text', text: 'Summary of the earlier conversation: …' }, { type: 'text', text: 'First question' }] },
				{ role: 'assistant', content: [{ type: 'text', text: 'An answer.' }] },
				{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'x', content: 'late result' }, { type: 'text', text: 'Next question' }] },
			],
		});
	});

	it('maps tools, each tool choice, and the reply cap', () => {
		const tools = [{ name: 'read_file', description: 'Reads.', parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } }];
		const base: FluxChatRequest = { model: 'm', messages: [{ role: 'user', content: 'q' }], tools };
		const choice = (request: FluxChatRequest) => toAnthropicParams(request).tool_choice;
		assert.deepEqual({
			tools: toAnthropicParams(base).tools,
			auto: choice({ ...base, toolChoice: 'auto' }),
			none: choice({ ...base, toolChoice: 'none' }),
			forced: choice({ ...base, toolChoice: { name: 'read_file' } }),
			unset: 'tool_choice' in toAnthropicParams(base),
			withoutTools: 'tool_choice' in toAnthropicParams({ ...base, tools: [], toolChoice: 'none' }) || 'tools' in toAnthropicParams({ ...base, tools: [] }),
			cap: toAnthropicParams({ ...base, maxOutputTokens: 1000 }).max_tokens,
		}, {
			tools: [{ name: 'read_file', description: 'Reads.', input_schema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } }],
			auto: { type: 'auto' }, none: { type: 'none' }, forced: { type: 'tool', name: 'read_file' },
			unset: false, withoutTools: false, cap: 1000,
		});
	});

	it('derives the base beside the OpenAI one, keeping a proxy prefix', () => {
		assert.deepEqual(
			['https://api.fluxrouter.ai/v1', 'https://proxy.example/flux/v1/', 'http://127.0.0.1:4141/v1'].map(anthropicBaseUrl),
			['https://api.fluxrouter.ai/anthropic', 'https://proxy.example/flux/anthropic', 'http://127.0.0.1:4141/anthropic'],
		);
	});
});

describe('Flux messages on the OpenAI wire', () => {
	it('sends tool calls and results in OpenAI shape and leaves reasoning blocks out', () => {
		assert.deepEqual(toOpenAIMessages(toolRound), [
			{ role: 'system', content: 'Be brief.' },
			{ role: 'user', content: 'What is in a.ts and b.ts?' },
			{ role: 'assistant', content: 'Reading both.', tool_calls: [
				{ id: 'c1', type: 'function', function: { name: 'read_file', arguments: '{"path":"a.ts"}' } },
				{ id: 'c2', type: 'function', function: { name: 'read_file', arguments: '{"path":' } },
			] },
			{ role: 'tool', tool_call_id: 'c1', content: 'export const a = 1;' },
			{ role: 'tool', tool_call_id: 'c2', content: '' },
		]);
		assert.deepEqual(toOpenAIMessages([{ role: 'assistant', content: '', toolCalls: [{ id: 'c', name: 'n', arguments: '{}' }] }]),
			[{ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'n', arguments: '{}' } }] }]);
	});
});
