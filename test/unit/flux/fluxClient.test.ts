import * as assert from 'node:assert/strict';
import { validateBaseUrl } from '../../../src/flux/baseUrl';
import { FluxAbortError, FluxConfigError, FluxHttpError, FluxIncompleteError, FluxNetworkError, FluxNoProgressError, FluxProtocolError } from '../../../src/flux/errors';
import { FluxClient } from '../../../src/flux/fluxClient';
import { silentLogger } from '../../../src/flux/logger';
import { retryDelayMs } from '../../../src/flux/retry/retryPolicy';
import { startFluxSimulator, type FluxSimulator } from '../../sim/fluxSimulator';
import type { ScriptedReply } from '../../sim/simScript';
import { apiFormats } from '../formats';

for (const format of apiFormats) describe(`FluxClient against the Flux simulator (${format} format)`, () => {
	let sim: FluxSimulator;
	before(async () => { sim = await startFluxSimulator(); });
	after(async () => { await sim.close(); });
	beforeEach(() => sim.reset());

	const client = (timeoutMs = 5000) => new FluxClient({ baseUrl: sim.baseUrl, apiKey: 'sk-test', logger: silentLogger, timeoutMs, format });
	const ask = (c = client(), signal = new AbortController().signal) => c.streamChat({ model: 'flux-auto', messages: [{ role: 'user', content: 'hi' }] }, signal);

	/** The error one scripted reply turns into, as a plain object. */
	async function failure(reply: ScriptedReply, timeoutMs?: number): Promise<Record<string, unknown>> {
		sim.script.push(reply);
		const error = await ask(client(timeoutMs)).then(() => undefined, (e: unknown) => e);
		if (error instanceof FluxHttpError) return { type: error.name, status: error.status, retryAfterMs: error.retryAfterMs };
		return { type: (error as Error | undefined)?.name };
	}

	it('reads the served model, routing and request id from the headers', async () => {
		sim.script.push({ content: 'ok', model: 'claude-sonnet' });
		const result = await ask();
		assert.deepEqual({ ...result.meta, requestId: typeof result.meta.requestId }, {
			servedModel: 'claude-sonnet', requestedModel: 'flux-auto', routed: true, requestId: 'string', modelWindow: 200000,
		});
	});

	if (format === 'openai') it('asks once more without stream_options when a server refuses it (400 or 422 naming it), and only then', async () => {
		const asked: Record<string, unknown>[] = [];
		for (const status of [400, 422]) {
			sim.reset();
			sim.script.push({ fault: { kind: 'http', status, code: 'unsupported_parameter', param: 'stream_options' } }, { content: 'ok', usage: undefined });
			const result = await ask();
			asked.push({ status, text: result.text, withOptions: sim.requests.map((r) => 'stream_options' in (r.body as object)) });
		}
		sim.reset();
		sim.script.push({ fault: { kind: 'http', status: 400, code: 'unsupported_parameter', param: 'temperature' } }, { content: 'must not be asked' });
		const other = await ask().then(() => undefined, (e: unknown) => e);
		assert.deepEqual({ asked, other: (other as FluxHttpError).param, requests: sim.requests.length }, {
			asked: [{ status: 400, text: 'ok', withOptions: [true, false] }, { status: 422, text: 'ok', withOptions: [true, false] }],
			other: 'temperature', requests: 1,
		});
	});

	it('maps every fault to a typed error', async () => {
		assert.deepEqual({
			unauthorized: await failure({ fault: { kind: 'http', status: 401 } }),
			rateLimited: await failure({ fault: { kind: 'rateLimited', retryAfter: 3 } }),
			rateLimitedBare: await failure({ fault: { kind: 'rateLimited' } }),
			hourlyLimit: await failure({ fault: { kind: 'billing', reason: 'hourly_limit', retryAfter: 60 } }),
			cdn502: await failure({ fault: { kind: 'cdn502' } }),
			errorFrame: await failure({ fault: { kind: 'errorFrame', afterChunks: 1 } }),
			overloaded: await failure({ fault: { kind: 'overloaded' } }),
			malformed: await failure({ fault: { kind: 'malformedLine', afterChunks: 1 } }),
			dropped: await failure({ chunks: ['a', 'b', 'c'], fault: { kind: 'drop', afterChunks: 1 } }),
			stalled: await failure({ fault: { kind: 'stall', seconds: 5 } }, 300),
		}, {
			unauthorized: { type: 'FluxHttpError', status: 401, retryAfterMs: undefined },
			rateLimited: { type: 'FluxHttpError', status: 429, retryAfterMs: 3000 },
			rateLimitedBare: { type: 'FluxHttpError', status: 429, retryAfterMs: undefined },
			hourlyLimit: { type: 'FluxHttpError', status: 402, retryAfterMs: 60000 },
			cdn502: { type: 'FluxHttpError', status: 502, retryAfterMs: undefined },
			// An error inside a 200 stream: OpenAI's frame has no status (a server failure), Anthropic's event names its type.
			errorFrame: { type: 'FluxHttpError', status: format === 'openai' ? 500 : 529, retryAfterMs: undefined },
			overloaded: { type: 'FluxHttpError', status: format === 'openai' ? 503 : 529, retryAfterMs: undefined },
			malformed: { type: 'FluxProtocolError' },
			dropped: { type: 'FluxNetworkError' },
			stalled: { type: 'FluxNetworkError' },
		});
	});

	it('reports a stream that closes without finishing as incomplete', async () => {
		// A drop right after the last content chunk: no finish_reason, no [DONE].
		sim.script.push({ chunks: ['a', 'b'], fault: { kind: 'drop', afterChunks: 2 } });
		const error = await ask().then(() => undefined, (e: unknown) => e);
		assert.ok(error instanceof FluxIncompleteError || error instanceof FluxNetworkError, String(error));
	});

	it('aborts on the signal as FluxAbortError', async () => {
		sim.script.push({ chunks: Array.from({ length: 100 }, () => 'x'), tokenDelayMs: 10 });
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 50);
		await assert.rejects(ask(client(), controller.signal), FluxAbortError);
	});

	it('gives up on a stream that goes quiet after it started', async () => {
		sim.script.push({ chunks: ['a', 'b', 'c'], fault: { kind: 'stall', seconds: 5, afterChunks: 1 } });
		const quiet = new FluxClient({ baseUrl: sim.baseUrl, apiKey: 'sk-test', logger: silentLogger, idleTimeoutMs: 200, format });
		const error = await ask(quiet).then(() => undefined, (e: unknown) => e);
		assert.deepEqual({ type: (error as Error).name, timedOut: (error as FluxNetworkError).timedOut }, { type: 'FluxNetworkError', timedOut: true });
	});

	it('keeps a quiet stream that the server keeps alive (comments or pings) for longer than the idle time', async () => {
		// A model thinking without streaming its thoughts: 1 s of keep-alives every 50 ms against a 200 ms idle time.
		sim.script.push({ chunks: ['a', 'b', 'c'], fault: { kind: 'stall', seconds: 1, afterChunks: 1, keepAliveMs: 50 } });
		const patient = new FluxClient({ baseUrl: sim.baseUrl, apiKey: 'sk-test', logger: silentLogger, idleTimeoutMs: 200, format });
		assert.equal((await ask(patient)).text, 'abc');
	});

	it('ends a stream that sends only keep-alives (comments or pings) after the no-progress time, however long they would go on', async () => {
		// Keep-alives every 30 ms for a minute, against a 200 ms idle time and a 400 ms no-progress time.
		sim.script.push({ chunks: ['never', ' sent'], fault: { kind: 'stall', seconds: 60, afterChunks: 0, keepAliveMs: 30 } });
		const watched = new FluxClient({ baseUrl: sim.baseUrl, apiKey: 'sk-test', logger: silentLogger, idleTimeoutMs: 200, noProgressTimeoutMs: 400, format });
		const started = Date.now();
		let streamed = '';
		const error = await watched.streamChat({ model: 'flux-auto', messages: [{ role: 'user', content: 'hi' }] }, new AbortController().signal, { onDelta: (d) => { streamed += d.content ?? ''; } })
			.then(() => undefined, (e: unknown) => e);
		const tookMs = Date.now() - started;
		await sim.idle();
		assert.deepEqual({
			type: (error as Error).name,
			timeoutMs: (error as FluxNoProgressError).timeoutMs,
			message: (error as Error).message,
			streamed,
			// The request is ended, not left to the server: it saw the client leave.
			clientAborted: sim.requests[0].clientAborted,
			inTime: tookMs >= 400 && tookMs < 2000,
		}, {
			type: 'FluxNoProgressError', timeoutMs: 400,
			message: 'FluxRouter kept the stream open but sent no answer, reasoning or tool call for 0 s; the reply was given up.',
			streamed: '', clientAborted: true, inTime: true,
		}, `took ${tookMs} ms`);
	});

	it('ends a reply that went on with keep-alives only after some text, keeping the text that streamed', async () => {
		sim.script.push({ chunks: ['Half ', 'an answer'], fault: { kind: 'stall', seconds: 60, afterChunks: 1, keepAliveMs: 30 } });
		const watched = new FluxClient({ baseUrl: sim.baseUrl, apiKey: 'sk-test', logger: silentLogger, idleTimeoutMs: 200, noProgressTimeoutMs: 400, format });
		let streamed = '';
		const error = await watched.streamChat({ model: 'flux-auto', messages: [{ role: 'user', content: 'hi' }] }, new AbortController().signal, { onDelta: (d) => { streamed += d.content ?? ''; } })
			.then(() => undefined, (e: unknown) => e);
		assert.deepEqual({ type: (error as Error).name, streamed }, { type: 'FluxNoProgressError', streamed: 'Half ' });
	});

	it('does not give up a slow reply that keeps writing reasoning, text and tool-call arguments', async () => {
		// Each piece comes 100 ms after the last: the whole reply takes far longer than the 400 ms no-progress time.
		sim.script.push({
			reasoning: ['Read ', 'the ', 'file.'], chunks: ['Reading', ' it.'],
			toolCalls: [{ id: 'c1', name: 'read_file', argumentChunks: ['{"pa', 'th":', '"src/', 'a.ts"}'] }], tokenDelayMs: 100,
		});
		const watched = new FluxClient({ baseUrl: sim.baseUrl, apiKey: 'sk-test', logger: silentLogger, idleTimeoutMs: 1000, noProgressTimeoutMs: 400, format });
		const started = Date.now();
		const result = await ask(watched);
		assert.deepEqual({ reasoning: result.reasoning, text: result.text, toolCalls: result.toolCalls, slow: Date.now() - started > 800 }, {
			reasoning: 'Read the file.', text: 'Reading it.', toolCalls: [{ id: 'c1', name: 'read_file', arguments: '{"path":"src/a.ts"}' }], slow: true,
		});
	});

	it('lists the model ids the key may use', async () => {
		sim.configure({ allowedModels: ['flux-auto', 'flux-pinned-gpt-5'] });
		assert.deepEqual((await client().listModelEntries()).map((m) => m.id), ['flux-auto', 'flux-pinned-gpt-5']);
	});
});

describe('validateBaseUrl', () => {
	it('accepts a /v1 base and strips the trailing slash', () => {
		assert.deepEqual([validateBaseUrl('https://api.fluxrouter.ai/v1/'), validateBaseUrl(' http://127.0.0.1:4141/v1 ')],
			['https://api.fluxrouter.ai/v1', 'http://127.0.0.1:4141/v1']);
	});

	it('explains a missing /v1 and rejects what is not an http(s) URL', () => {
		const message = (raw: string) => { try { validateBaseUrl(raw); return 'ok'; } catch (e) { assert.ok(e instanceof FluxConfigError); return e.message; } };
		assert.deepEqual([message('https://api.fluxrouter.ai'), message('api.fluxrouter.ai/v1'), message('ftp://x/v1')], [
			'"flux.baseUrl" must end with /v1: try https://api.fluxrouter.ai/v1 (got "https://api.fluxrouter.ai").',
			'"flux.baseUrl" is not a URL: "api.fluxrouter.ai/v1". Use https://api.fluxrouter.ai/v1.',
			'"flux.baseUrl" must start with https:// (got "ftp://x/v1").',
		]);
	});
});

describe('retryDelayMs', () => {
	const http = (status: number, retryAfterMs?: number) => new FluxHttpError(status, 'x', retryAfterMs === undefined ? {} : { retryAfterMs });
	it('follows the documented recipe', () => {
		const noJitter = () => 0;
		assert.deepEqual({
			backoff: [1, 2, 3, 4].map((attempt) => retryDelayMs(http(503), attempt, noJitter)),
			fifth: retryDelayMs(http(503), 5, noJitter),
			retryAfter: retryDelayMs(http(429, 7000), 1, noJitter),
			network: retryDelayMs(new FluxNetworkError('reset'), 1, noJitter),
			jitterMax: retryDelayMs(http(500), 1, () => 1),
			never: [400, 401, 402, 403].map((s) => retryDelayMs(http(s), 1)),
			protocol: retryDelayMs(new FluxProtocolError('bad line'), 1),
			// Another attempt would hold the turn as long again: the user decides.
			noProgress: retryDelayMs(new FluxNoProgressError(300_000), 1),
		}, {
			backoff: [500, 1000, 2000, 4000], fifth: undefined, retryAfter: 7000, network: 500, jitterMax: 750,
			never: [undefined, undefined, undefined, undefined], protocol: undefined, noProgress: undefined,
		});
	});
});

for (const format of apiFormats) describe(`FluxClient tool calls (${format} format)`, () => {
	let sim: FluxSimulator;
	before(async () => { sim = await startFluxSimulator(); });
	after(async () => { await sim.close(); });

	it('assembles tool calls from fragments split across chunks, by index', async () => {
		sim.script.push({ toolCalls: [
			{ id: 'call_a', name: 'read_file', argumentChunks: ['{"pa', 'th":"src/', 'a.ts"}'] },
			{ id: 'call_b', name: 'search_text', argumentChunks: ['{"query"', ':"TODO"}'] },
		] });
		const client = new FluxClient({ baseUrl: sim.baseUrl, apiKey: 'sk-test', logger: silentLogger, format });
		const tools = [{ name: 'read_file', description: 'Reads a file.', parameters: { type: 'object', properties: {} } }];
		const result = await client.streamChat({ model: 'flux-auto', messages: [{ role: 'user', content: 'x' }], tools, toolChoice: 'auto' }, new AbortController().signal);
		assert.deepEqual({ finish: result.finishReason, calls: result.toolCalls, sent: (sim.requests[0].body as { tool_choice?: unknown }).tool_choice }, {
			finish: 'tool_calls',
			calls: [
				{ id: 'call_a', name: 'read_file', arguments: '{"path":"src/a.ts"}' },
				{ id: 'call_b', name: 'search_text', arguments: '{"query":"TODO"}' },
			],
			sent: format === 'openai' ? 'auto' : { type: 'auto' },
		});
	});
});
