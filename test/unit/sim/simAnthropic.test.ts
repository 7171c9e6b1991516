// The Anthropic-compatible base of the simulator, driven by the real @anthropic-ai/sdk client:
// streams, tool round trips with thinking sent back, validation, faults, count_tokens and the
// anthropic/ corpus.

import * as assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { thinkingSignature } from '../../sim/anthropicBody';
import { startFluxSimulator } from '../../sim/fluxSimulator';
import { splitTokens } from '../../sim/tokens';
import { readStreamExpectation, readStreamFixture, streamFixtureNames } from '../../sim/streamFixtures';
import { collectAnthropicStream, emptyMessage } from './collectAnthropicStream';
import type { MessageCreateParamsNonStreaming, MessageParam, Tool } from '@anthropic-ai/sdk/resources/messages/messages';
import type { FluxSimulator } from '../../sim/fluxSimulator';
import type { ScriptedReply } from '../../sim/simScript';
import type { AssembledMessage } from './collectAnthropicStream';

const HI: MessageParam[] = [{ role: 'user', content: 'hi' }];

const READ_FILE: Tool = {
	name: 'read_file',
	description: 'Reads a file of the workspace.',
	input_schema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
};

/** A failure as the SDK surfaces it: class, status, error type and the API's message. */
async function failureOf(promise: Promise<unknown>): Promise<{ name: string; status: number | undefined; type: string | null | undefined; message: string | null | undefined }> {
	const error = await promise.then(() => undefined, (e: unknown) => e);
	assert.ok(error instanceof Error, `expected a failure, got ${String(error)}`);
	const api = error instanceof Anthropic.APIError ? error : undefined;
	return { name: error.constructor.name, status: api?.status, type: api?.type, message: api?.apiMessage ?? error.message };
}

describe('Flux simulator: the Anthropic-compatible base', () => {
	let sim: FluxSimulator;
	let client: Anthropic;

	before(async () => {
		sim = await startFluxSimulator();
		client = new Anthropic({ baseURL: sim.anthropicBaseUrl, apiKey: 'sk-test', maxRetries: 0, logLevel: 'off' });
	});
	beforeEach(() => sim.reset());
	after(() => sim.close());

	/** Streams a request; returns what arrived and how it ended (undefined: it completed). */
	async function streamOf(params: Omit<MessageCreateParamsNonStreaming, 'stream'>): Promise<{ message: AssembledMessage; failure: Awaited<ReturnType<typeof failureOf>> | undefined }> {
		const message = emptyMessage();
		const stream = await client.messages.create({ ...params, stream: true });
		const failure = await collectAnthropicStream(stream, message).then(() => undefined, (e: unknown) => failureOf(Promise.reject(e)));
		return { message, failure };
	}

	it('streams text in Anthropic events with the X-Flux headers, usage matching the record', async () => {
		sim.enqueue({ content: 'Hello from the simulator.' });
		const deltas = splitTokens('Hello from the simulator.').length;
		const { data: stream, response } = await client.messages.create({ model: 'flux-standard', max_tokens: 1024, messages: HI, stream: true }).withResponse();
		const message = await collectAnthropicStream(stream);
		await sim.idle();
		const [record] = sim.requests;
		const header = (name: string): string | null => response.headers.get(name);
		assert.deepEqual({
			headers: ['x-flux-model', 'x-flux-original-model', 'x-flux-routed', 'x-flux-request-id', 'x-flux-model-window', 'x-flux-routed-model', 'x-flux-cost-usd', 'request-id', 'content-type'].map(header),
			message,
			record: [record.path, record.status, record.requestedModel, record.servedModel, record.stream, record.scripted, record.completionTokens],
		}, {
			headers: ['claude-sonnet', 'flux-standard', 'false', 'req_sim_000001', '200000', 'claude-sonnet', null, 'req_sim_000001', 'text/event-stream; charset=utf-8'],
			message: {
				text: 'Hello from the simulator.', reasoning: '', finishReason: 'stop', toolCalls: [],
				usage: { promptTokens: record.promptTokens!, completionTokens: deltas },
				events: ['message_start', 'content_block_start', ...Array<string>(deltas).fill('content_block_delta'), 'content_block_stop', 'message_delta', 'message_stop'],
			},
			record: ['/anthropic/v1/messages', 200, 'flux-standard', 'claude-sonnet', true, true, deltas],
		});
	});

	it('sends the exact SSE bytes: message_start, ping, blocks, message_delta, message_stop', async () => {
		sim.enqueue({ reasoning: ['Hm', '.'], chunks: ['Hi', '!'], toolCalls: [{ name: 'read_file', argumentChunks: ['{"path":', '"a.md"}'] }] });
		const response = await fetch(`${sim.anthropicBaseUrl}/v1/messages`, {
			method: 'POST',
			headers: { 'x-api-key': 'sk-test', 'content-type': 'application/json' },
			body: JSON.stringify({ model: 'flux-fast', max_tokens: 100, messages: HI, tools: [READ_FILE], stream: true }),
		});
		const events = (await response.text()).split('\n\n').filter((e) => e !== '').map((e) => {
			const [name, data] = e.split('\n');
			return [name.slice('event: '.length), JSON.parse(data.slice('data: '.length)) as unknown];
		});
		await sim.idle();
		const { promptTokens, completionTokens } = sim.requests[0];
		const delta = (index: number, d: unknown): unknown[] => ['content_block_delta', { type: 'content_block_delta', index, delta: d }];
		assert.deepEqual(events, [
			['message_start', { type: 'message_start', message: { id: 'msg_sim_000001', type: 'message', role: 'assistant', model: 'flux-fast', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: promptTokens, output_tokens: 1 } } }],
			['ping', { type: 'ping' }],
			['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } }],
			delta(0, { type: 'thinking_delta', thinking: 'Hm' }),
			delta(0, { type: 'thinking_delta', thinking: '.' }),
			delta(0, { type: 'signature_delta', signature: thinkingSignature('Hm.') }),
			['content_block_stop', { type: 'content_block_stop', index: 0 }],
			['content_block_start', { type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } }],
			delta(1, { type: 'text_delta', text: 'Hi' }),
			delta(1, { type: 'text_delta', text: '!' }),
			['content_block_stop', { type: 'content_block_stop', index: 1 }],
			['content_block_start', { type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 'toolu_sim_000001_0', name: 'read_file', input: {} } }],
			delta(2, { type: 'input_json_delta', partial_json: '{"path":' }),
			delta(2, { type: 'input_json_delta', partial_json: '"a.md"}' }),
			['content_block_stop', { type: 'content_block_stop', index: 2 }],
			['message_delta', { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: completionTokens } }],
			['message_stop', { type: 'message_stop' }],
		]);
	});

	it('answers without streaming as one message, with the cost header', async () => {
		sim.enqueue({ reasoning: 'Short.', content: 'Four.', finishReason: 'length' });
		const { data, response } = await client.messages.create({ model: 'flux-fast', max_tokens: 5, messages: HI }).withResponse();
		await sim.idle();
		const record = sim.requests[0];
		assert.deepEqual({ data, cost: response.headers.get('x-flux-cost-usd'), model: response.headers.get('x-flux-model') }, {
			data: {
				id: 'msg_sim_000001', type: 'message', role: 'assistant', model: 'flux-fast',
				content: [{ type: 'thinking', thinking: 'Short.', signature: thinkingSignature('Short.') }, { type: 'text', text: 'Four.' }],
				stop_reason: 'max_tokens', stop_sequence: null,
				usage: { input_tokens: record.promptTokens, output_tokens: record.completionTokens },
			},
			cost: ((record.promptTokens! + record.completionTokens!) / 1_000_000).toFixed(6),
			model: 'claude-haiku',
		});
	});

	it('runs a tool round trip: thinking and tool_use, sent back unchanged, then a reply quoting the result', async () => {
		const ask: MessageParam = { role: 'user', content: 'Please read src/main.ts' };
		const first = await streamOf({ model: 'flux-fast', max_tokens: 1024, messages: [ask], tools: [READ_FILE] });
		assert.equal(first.failure, undefined);
		const [thinking] = first.message.thinkingBlocks ?? [];
		assert.ok(thinking?.kind === 'thinking');
		assert.deepEqual([thinking.signature, first.message.finishReason, first.message.toolCalls], [
			thinkingSignature(thinking.text), 'tool_calls', [{ id: 'toolu_sim_000001_0', name: 'read_file', arguments: '{"path":"src/main.ts"}' }],
		]);
		const call = first.message.toolCalls[0];
		const history = (signature: string): MessageParam[] => [
			ask,
			{ role: 'assistant', content: [{ type: 'thinking', thinking: thinking.text, signature }, { type: 'tool_use', id: call.id, name: call.name, input: JSON.parse(call.arguments) as unknown }] },
			{ role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'export const answer = 42;' }] },
		];
		const second = await client.messages.create({ model: 'flux-fast', max_tokens: 1024, messages: history(thinking.signature), tools: [READ_FILE] });
		const text = second.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
		assert.ok(text.includes('export const answer = 42;') && text.includes('read_file'), text);
		const tampered = await failureOf(client.messages.create({ model: 'flux-fast', max_tokens: 1024, messages: history(`${thinking.signature.slice(0, -2)}AA`), tools: [READ_FILE] }));
		assert.deepEqual(tampered, { name: 'BadRequestError', status: 400, type: 'invalid_request_error', message: 'messages.1.content.0: Invalid `signature` in `thinking` block' });
		// The tampered request was refused before routing: nothing was served or counted.
		await sim.idle();
		assert.deepEqual(sim.requests.map((r) => [r.status, r.servedModel, r.promptTokens === undefined]), [[200, 'claude-haiku', false], [200, 'claude-haiku', false], [400, undefined, true]]);
	});

	it('refuses bodies the real API refuses, with 400 invalid_request_error', async () => {
		const create = (body: unknown): Promise<unknown> => client.messages.create(body as MessageCreateParamsNonStreaming);
		const base = { model: 'flux-fast', max_tokens: 100 };
		const toolUse = { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'read_file', input: { path: 'a' } }] };
		const failures = await Promise.all([
			create({ ...base, messages: [{ role: 'system', content: 'Be brief.' }, ...HI] }),
			create({ model: 'flux-fast', messages: HI }),
			create({ ...base, max_tokens: 0, messages: HI }),
			create({ ...base, messages: [] }),
			create({ ...base, messages: [{ role: 'assistant', content: 'Hi.' }] }),
			create({ ...base, messages: [...HI, { role: 'user', content: 'again' }] }),
			create({ ...base, messages: [...HI, toolUse, { role: 'user', content: 'never mind' }] }),
			create({ ...base, messages: [...HI, toolUse, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1' }, { type: 'tool_result', tool_use_id: 'toolu_2', content: 'x' }] }] }),
			create({ ...base, messages: [{ role: 'user', content: [{ type: 'video' }] }] }),
			create({ ...base, system: 42, messages: HI }),
			create({ ...base, messages: HI, tools: [{ name: 'read_file' }] }),
			create({ ...base, messages: HI, tools: [READ_FILE], tool_choice: { type: 'tool', name: 'write_file' } }),
		].map(failureOf));
		assert.ok(failures.every((f) => f.name === 'BadRequestError' && f.status === 400 && f.type === 'invalid_request_error'), JSON.stringify(failures));
		assert.deepEqual(failures.map((f) => f.message), [
			'messages: Unexpected role "system". The Messages API accepts a top-level `system` parameter, not "system" as an input message role.',
			'max_tokens: Field required',
			'max_tokens: Input should be a positive integer',
			'messages: at least one message is required',
			'messages: first message must use the "user" role',
			'messages: roles must alternate between "user" and "assistant", but found multiple "user" roles in a row',
			'messages.1: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_1. Each `tool_use` block must have a corresponding `tool_result` block in the next message.',
			'messages.2.content: unexpected `tool_use_id` found in `tool_result` blocks: toolu_2. Each `tool_result` block must have a corresponding `tool_use` block in the previous message.',
			'messages.0.content.0.type: Input should be \'text\', \'image\', \'tool_use\', \'tool_result\', \'thinking\' or \'redacted_thinking\'',
			'system: Input should be a valid string or a list of text blocks',
			'tools.0.input_schema: Field required',
			'tool_choice: Tool \'write_file\' not found in tools',
		]);
	});

	it('takes x-api-key or a bearer key, refuses others with 401, and 404s other paths, all Anthropic-shaped', async () => {
		const post = (path: string, headers: Record<string, string>): Promise<Response> => fetch(`${sim.anthropicBaseUrl}${path}`, {
			method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ model: 'flux-fast', max_tokens: 10, messages: HI }),
		});
		const answers = await Promise.all([
			post('/v1/messages', { 'x-api-key': 'sk-a' }),
			post('/v1/messages', { authorization: 'Bearer sk-b' }),
			post('/v1/messages', {}),
			post('/v1/messages', { 'x-api-key': 'pk-nope' }),
			post('/v1/complete', { 'x-api-key': 'sk-a' }),
		]);
		const bodies = await Promise.all(answers.map((a) => a.json() as Promise<{ type: string; error?: { type: string; message: string } }>));
		assert.deepEqual(answers.map((a, i) => [a.status, bodies[i].type, bodies[i].error?.type]), [
			[200, 'message', undefined],
			[200, 'message', undefined],
			[401, 'error', 'authentication_error'],
			[401, 'error', 'authentication_error'],
			[404, 'error', 'not_found_error'],
		]);
		assert.equal(bodies[2].error?.message, 'Missing API key. Send it as x-api-key: sk-... or Authorization: Bearer sk-...');
		const openAiPath = await fetch(`${sim.url}/v2/chat`, { headers: { authorization: 'Bearer sk-a' } });
		assert.match(((await openAiPath.json()) as { error: { message: string } }).error.message, /\/anthropic/);
	});

	it('refuses models, tools and long prompts like the OpenAI base, in Anthropic words', async () => {
		sim.configure({ allowedModels: ['flux-fast', 'flux-pinned-gemini-3-flash', 'flux-pinned-claude-haiku'] });
		const long = 'word '.repeat(200_000);
		const [unknown, tools, tooLong] = await Promise.all([
			failureOf(client.messages.create({ model: 'flux-standard', max_tokens: 10, messages: HI })),
			failureOf(client.messages.create({ model: 'flux-pinned-gemini-3-flash', max_tokens: 10, messages: HI, tools: [READ_FILE] })),
			failureOf(client.messages.create({ model: 'flux-pinned-claude-haiku', max_tokens: 10, messages: [{ role: 'user', content: long }] })),
		]);
		const tokens = /^prompt is too long: (\d+) tokens > 200000 maximum$/.exec(tooLong.message ?? '');
		assert.deepEqual([unknown.status, unknown.type, tools.status, tools.type, /tools/.test(tools.message ?? ''), tooLong.status, tooLong.type, Number(tokens?.[1]) > 200_000], [
			403, 'permission_error', 400, 'invalid_request_error', true, 400, 'invalid_request_error', true,
		]);
	});

	it('answers every status-like fault in Anthropic\'s shape, as the SDK classifies it', async () => {
		const faults: ScriptedReply[] = [
			{ fault: { kind: 'http', status: 500 } },
			{ fault: { kind: 'http', status: 400, message: 'Nope.', type: 'invalid_request_error' } },
			{ fault: { kind: 'http', status: 403 } },
			{ fault: { kind: 'billing', reason: 'hourly_limit', retryAfter: 600 } },
			{ fault: { kind: 'rateLimited', retryAfter: 3, retryAfterMs: 2500 } },
			{ fault: { kind: 'overloaded' } },
			{ fault: { kind: 'http', status: 529 } },
			{ fault: { kind: 'cdn502' } },
		];
		const results = [];
		for (const reply of faults) {
			sim.enqueue(reply);
			const response = await fetch(`${sim.anthropicBaseUrl}/v1/messages`, {
				method: 'POST', headers: { 'x-api-key': 'sk-a' }, body: JSON.stringify({ model: 'flux-fast', max_tokens: 10, messages: HI }),
			});
			results.push([response.status, response.headers.get('retry-after'), response.headers.get('retry-after-ms'), await response.text()]);
		}
		const body = (type: string, message: string, extra = {}): string => JSON.stringify({ type: 'error', error: { type, message, ...extra } });
		assert.deepEqual(results, [
			[500, null, null, body('api_error', 'Internal server error.')],
			[400, null, null, body('invalid_request_error', 'Nope.')],
			[403, null, null, body('permission_error', 'This key is not allowed to use this model.')],
			[402, null, null, body('billing_error', 'Hourly safety limit reached. Spending resumes when the window ends (see retry_after).', { retry_after: 600 })],
			[429, '3', '2500', body('rate_limit_error', 'Rate limit exceeded. Slow down and retry.')],
			[529, null, null, body('overloaded_error', 'Overloaded')],
			[529, null, null, body('overloaded_error', 'HTTP 529.')],
			[502, null, null, 'error code: 502'],
		]);
		sim.enqueue({ fault: { kind: 'rateLimited' } }, { fault: { kind: 'overloaded' } }, { fault: { kind: 'billing', reason: 'monthly_credit' } });
		const sdk = [];
		for (let i = 0; i < 3; i++) {
			sdk.push(await failureOf(client.messages.create({ model: 'flux-fast', max_tokens: 10, messages: HI })));
		}
		assert.deepEqual(sdk.map((f) => [f.name, f.status, f.type]), [
			['RateLimitError', 429, 'rate_limit_error'],
			['OverloadedError', 529, 'overloaded_error'],
			['PaymentRequiredError', 402, 'billing_error'],
		]);
		assert.ok(Anthropic.OverloadedError.prototype instanceof Anthropic.APIError);
	});

	it('gives the OpenAI base the overloaded fault as a 503, so scripts can be shared', async () => {
		sim.enqueue({ fault: { kind: 'overloaded' } });
		const response = await fetch(`${sim.baseUrl}/chat/completions`, {
			method: 'POST', headers: { authorization: 'Bearer sk-a' }, body: JSON.stringify({ model: 'flux-fast', messages: HI }),
		});
		assert.deepEqual([response.status, await response.json()], [503, { error: { message: 'Overloaded', type: 'server_error', code: 'overloaded' } }]);
	});

	it('breaks streams with the stream faults, counted in deltas', async () => {
		const params = { model: 'flux-fast', max_tokens: 1024, messages: HI };
		sim.enqueue({ chunks: ['one', ' two', ' three'], fault: { kind: 'errorFrame', afterChunks: 2 } });
		const errorEvent = await streamOf(params);
		sim.enqueue({ chunks: ['one', ' two', ' three'], fault: { kind: 'errorFrame', afterChunks: 1, type: 'api_error', message: 'Upstream failed.' } });
		const apiErrorEvent = await streamOf(params);
		sim.enqueue({ chunks: ['one', ' two', ' three'], fault: { kind: 'drop', afterChunks: 1 } });
		const dropped = await streamOf(params);
		sim.enqueue({ chunks: ['one', ' two', ' three'], fault: { kind: 'malformedLine', afterChunks: 2 } });
		const malformed = await streamOf(params);
		sim.enqueue({ chunks: ['one', ' two'], fault: { kind: 'stall', seconds: 0.05, afterChunks: 1 } });
		const stalled = await streamOf(params);
		sim.enqueue({ fault: { kind: 'oversize', bytes: 200_000 } });
		const oversize = await streamOf(params);
		await sim.idle();
		assert.deepEqual({
			errorEvent: [errorEvent.message.text, errorEvent.failure],
			apiErrorEvent: [apiErrorEvent.message.text, apiErrorEvent.failure?.type, apiErrorEvent.failure?.status],
			dropped: [dropped.message.text, dropped.failure?.name, sim.requests[2].droppedByServer],
			malformed: [malformed.message.text, malformed.failure?.name],
			stalled: [stalled.message.text, stalled.failure, sim.requests[4].deltaSentAt.length],
			oversize: [oversize.message.text.length > 200_000, oversize.message.finishReason, oversize.failure],
		}, {
			errorEvent: ['one two', { name: 'APIError', status: undefined, type: 'overloaded_error', message: 'Overloaded' }],
			apiErrorEvent: ['one', 'api_error', undefined],
			dropped: ['one', 'TypeError', true],
			malformed: ['one two', 'SyntaxError'],
			stalled: ['one two', undefined, 2],
			oversize: [true, 'stop', undefined],
		});
	});

	it('applies the stream faults to a non-streaming request before the body, as on the OpenAI base', async () => {
		const params = { model: 'flux-fast', max_tokens: 1024, messages: HI };
		sim.enqueue({ fault: { kind: 'drop', afterChunks: 1 } }, { fault: { kind: 'malformedLine' } }, { fault: { kind: 'stall', seconds: 0.05 } });
		const dropped = await failureOf(client.messages.create(params));
		const malformed = await failureOf(client.messages.create(params));
		const stalled = await client.messages.create(params);
		assert.deepEqual([dropped.name, malformed.name, stalled.type, stalled.stop_reason], ['APIConnectionError', 'SyntaxError', 'message', 'end_turn']);
	});

	it('counts tokens exactly as a messages request with the same body is recorded', async () => {
		const body = {
			model: 'flux-auto',
			system: [{ type: 'text' as const, text: 'You are terse.' }],
			messages: [{ role: 'user' as const, content: 'Find the TODOs in src/app.ts and explain the code' }],
			tools: [READ_FILE],
		};
		const { data: counted, response } = await client.messages.countTokens(body).withResponse();
		await client.messages.create({ ...body, max_tokens: 50 });
		await sim.idle();
		const [countRecord, messageRecord] = sim.requests;
		assert.deepEqual({ counted, routed: response.headers.get('x-flux-routed'), countRecord: [countRecord.path, countRecord.servedModel, countRecord.promptTokens, countRecord.scripted] }, {
			counted: { input_tokens: messageRecord.promptTokens },
			routed: 'true',
			countRecord: ['/anthropic/v1/messages/count_tokens', messageRecord.servedModel, messageRecord.promptTokens, false],
		});
	});

	it('replays an anthropic/ corpus file byte for byte', async () => {
		sim.enqueue({ fixture: 'anthropic/crlf' });
		const response = await fetch(`${sim.anthropicBaseUrl}/v1/messages`, {
			method: 'POST', headers: { 'x-api-key': 'sk-a' }, body: JSON.stringify({ model: 'flux-fast', max_tokens: 10, messages: HI, stream: true }),
		});
		const bytes = Buffer.from(await response.arrayBuffer());
		assert.deepEqual([response.status, response.headers.get('x-flux-model'), response.headers.get('request-id'), bytes.equals(readStreamFixture('anthropic/crlf'))], [200, 'claude-haiku', 'req_sim_000001', true]);
	});

	describe('the anthropic/ corpus, parsed by the SDK, assembles to its .expected.json', () => {
		const names = streamFixtureNames('anthropic');

		it('lists only the anthropic/ files, and the OpenAI list none of them', () => {
			assert.ok(names.length >= 13 && names.every((n) => n.startsWith('anthropic/')), names.join());
			assert.ok(!streamFixtureNames().some((n) => n.includes('/')));
		});

		for (const name of names) {
			it(name, async () => {
				sim.enqueue({ fixture: name });
				const { message, failure } = await streamOf({ model: 'flux-fast', max_tokens: 10, messages: HI });
				const expected = readStreamExpectation(name) as Record<string, unknown> & { streamed?: unknown; error?: { name: string; message: string; status?: number; type?: string } };
				const finishReason = message.finishReason;
				if (expected.error === undefined) {
					assert.equal(failure, undefined);
					const assembled: Partial<AssembledMessage> = { ...message };
					delete assembled.events;
					assert.deepEqual(assembled, expected);
				} else if (expected.error.name === 'FluxIncompleteError') {
					// The SDK ends quietly; what makes it incomplete is that no message_delta came.
					assert.deepEqual([{ text: message.text, reasoning: message.reasoning }, failure, finishReason], [expected.streamed, undefined, undefined]);
				} else {
					assert.deepEqual([{ text: message.text, reasoning: message.reasoning }, failure?.type, failure?.message], [expected.streamed, expected.error.type, expected.error.message]);
				}
			});
		}
	});
});
