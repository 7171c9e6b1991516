import * as assert from 'node:assert/strict';
import { FluxClient } from '../../../src/flux/fluxClient';
import { silentLogger } from '../../../src/flux/logger';
import { droppedParts, toFluxMessages, toFluxTools, toolCallsOut, toolChoiceFor, type LmMessage } from '../../../src/lm/lmMessages';
import { startFluxSimulator, type FluxSimulator } from '../../sim/fluxSimulator';

const readFile = { name: 'read_file', description: 'Reads a file.', inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } };
const listFiles = { name: 'list_files', description: 'Lists files.' };

/** A conversation with one tool round, as VS Code hands it to a provider (parts as plain shapes). */
const withToolRound: LmMessage[] = [
	{ role: 'system', parts: [{ kind: 'text', text: 'Be brief.' }] },
	{ role: 'user', parts: [{ kind: 'text', text: 'What does ' }, { kind: 'text', text: 'a.ts export?' }, { kind: 'other', what: 'a image/png part' }] },
	{ role: 'assistant', parts: [{ kind: 'text', text: 'Reading it.' }, { kind: 'toolCall', callId: 'call_1', name: 'read_file', input: { path: 'a.ts' } }, { kind: 'toolCall', callId: 'call_2', name: 'list_files', input: {} }] },
	{ role: 'user', parts: [{ kind: 'toolResult', callId: 'call_1', content: 'export const a = 1;' }, { kind: 'toolResult', callId: 'call_2', content: 'a.ts' }, { kind: 'text', text: 'And?' }] },
	{ role: 'user', parts: [{ kind: 'toolResult', callId: 'call_3', content: 'done' }] },
];

describe('language model messages and Flux messages', () => {
	it('maps system, user text, assistant tool calls and tool results onto Flux messages, results first', () => {
		assert.deepEqual(toFluxMessages(withToolRound), [
			{ role: 'system', content: 'Be brief.' },
			{ role: 'user', content: 'What does a.ts export?' },
			{ role: 'assistant', content: 'Reading it.', toolCalls: [{ id: 'call_1', name: 'read_file', arguments: '{"path":"a.ts"}' }, { id: 'call_2', name: 'list_files', arguments: '{}' }] },
			{ role: 'tool', toolCallId: 'call_1', content: 'export const a = 1;' },
			{ role: 'tool', toolCallId: 'call_2', content: 'a.ts' },
			{ role: 'user', content: 'And?' },
			{ role: 'tool', toolCallId: 'call_3', content: 'done' },
		]);
		assert.deepEqual(droppedParts(withToolRound), ['a image/png part']);
	});

	it('keeps an assistant message without calls plain, and sends an empty user message rather than none', () => {
		assert.deepEqual(toFluxMessages([{ role: 'user', parts: [] }, { role: 'assistant', parts: [{ kind: 'text', text: 'Hi.' }] }]), [
			{ role: 'user', content: '' },
			{ role: 'assistant', content: 'Hi.' },
		]);
	});

	it('maps tools, giving a tool without a schema an empty object', () => {
		assert.deepEqual(toFluxTools([readFile, listFiles]), [
			{ name: 'read_file', description: 'Reads a file.', parameters: readFile.inputSchema },
			{ name: 'list_files', description: 'Lists files.', parameters: { type: 'object', properties: {} } },
		]);
	});

	it('maps tool mode Required to a forced tool with one tool, and to auto with a note otherwise', () => {
		const one = toFluxTools([readFile]);
		const two = toFluxTools([readFile, listFiles]);
		assert.deepEqual({
			auto: toolChoiceFor('auto', two),
			requiredOne: toolChoiceFor('required', one),
			requiredTwo: toolChoiceFor('required', two).toolChoice,
			noted: typeof toolChoiceFor('required', two).note,
			noTools: toolChoiceFor('required', []),
		}, { auto: { toolChoice: 'auto' }, requiredOne: { toolChoice: { name: 'read_file' } }, requiredTwo: 'auto', noted: 'string', noTools: {} });
	});

	it('parses the reply\'s tool calls; arguments that are not a JSON object become {} and are marked', () => {
		assert.deepEqual(toolCallsOut([
			{ id: 'c1', name: 'read_file', arguments: '{"path":"a.ts"}' },
			{ id: 'c2', name: 'list_files', arguments: '' },
			{ id: 'c3', name: 'read_file', arguments: '{"path":' },
			{ id: 'c4', name: 'read_file', arguments: '[1]' },
		]), [
			{ callId: 'c1', name: 'read_file', input: { path: 'a.ts' } },
			{ callId: 'c2', name: 'list_files', input: {} },
			{ callId: 'c3', name: 'read_file', input: {}, invalidArguments: '{"path":' },
			{ callId: 'c4', name: 'read_file', input: {}, invalidArguments: '[1]' },
		]);
	});

	describe('through the real client and the simulator', () => {
		let sim: FluxSimulator;
		before(async () => { sim = await startFluxSimulator(); });
		after(async () => { await sim.close(); });
		beforeEach(() => sim.reset());
		const client = () => new FluxClient({ baseUrl: sim.baseUrl, apiKey: 'sk-test', logger: silentLogger });

		it('sends a mapped tool round as OpenAI messages the server accepts, and a forced tool comes back as a parsed call', async () => {
			const messages = toFluxMessages(withToolRound.slice(0, 4));
			const tools = toFluxTools([readFile, listFiles]);
			const answered = await client().streamChat({ model: 'flux-fast', messages, tools }, new AbortController().signal);
			const sent = sim.requests[0].body as { messages: { role: string; tool_call_id?: string; tool_calls?: unknown[] }[] };
			const forced = await client().streamChat({ model: 'flux-fast', messages: toFluxMessages([{ role: 'user', parts: [{ kind: 'text', text: 'Read src/app.ts' }] }]), tools: toFluxTools([readFile]), ...toolChoiceFor('required', toFluxTools([readFile])) }, new AbortController().signal);
			assert.deepEqual({
				status: sim.requests[0].status,
				roles: sent.messages.map((m) => m.tool_call_id ? `tool:${m.tool_call_id}` : m.tool_calls ? `${m.role}+${m.tool_calls.length}` : m.role),
				answered: answered.finishReason,
				toolChoice: (sim.requests[1].body as { tool_choice?: unknown }).tool_choice,
				calls: toolCallsOut(forced.toolCalls).map(({ name, input }) => ({ name, input })),
			}, {
				status: 200,
				roles: ['system', 'user', 'assistant+2', 'tool:call_1', 'tool:call_2', 'user'],
				answered: 'stop',
				toolChoice: { type: 'function', function: { name: 'read_file' } },
				calls: [{ name: 'read_file', input: { path: 'src/app.ts' } }],
			});
		});
	});
});
