import * as assert from 'node:assert/strict';
import type { FluxHttpError} from '../../../../src/flux/errors';
import { FluxAbortError, FluxNetworkError } from '../../../../src/flux/errors';
import { FluxClient } from '../../../../src/flux/fluxClient';
import { silentLogger } from '../../../../src/flux/logger';
import { retryDelayMs } from '../../../../src/flux/retry/retryPolicy';
import { abortableSleep, streamChatWithRetries, type RetryWait } from '../../../../src/flux/retry/retryingStream';
import { startFluxSimulator, type FluxSimulator } from '../../../sim/fluxSimulator';

describe('streamChatWithRetries against the Flux simulator', () => {
	let sim: FluxSimulator;
	let waits: RetryWait[];
	let slept: number[];
	let deltas: string[];
	before(async () => { sim = await startFluxSimulator(); });
	after(async () => { await sim.close(); });
	beforeEach(() => { sim.reset(); waits = []; slept = []; deltas = []; });

	const ask = (signal = new AbortController().signal) => streamChatWithRetries({ model: 'flux-auto', messages: [{ role: 'user', content: 'hi' }] }, signal, {
		onDelta: (d) => deltas.push(d.content ?? ''),
	}, {
		createClient: async () => new FluxClient({ baseUrl: sim.baseUrl, apiKey: 'sk-test', logger: silentLogger, timeoutMs: 5000 }),
		logger: silentLogger,
		onRetry: (wait) => waits.push(wait),
		sleep: async (ms) => { slept.push(ms); },
	});
	const reported = () => waits.map((w) => ({ attempt: w.attempt, of: w.maxAttempts, delayMs: w.delayMs, status: (w.error as FluxHttpError).status }));

	it('waits out a 429 for its Retry-After, reporting the wait before it, then streams the answer', async () => {
		sim.script.push({ fault: { kind: 'rateLimited', retryAfter: 2 } }, { chunks: ['Made ', 'it.'] });
		const result = await ask();
		assert.deepEqual({ text: result.text, deltas, waits: reported(), slept, requests: sim.requests.length },
			{ text: 'Made it.', deltas: ['Made ', 'it.'], waits: [{ attempt: 1, of: 5, delayMs: 2000, status: 429 }], slept: [2000], requests: 2 });
	});

	it('gives up after five attempts at a 5xx, and says so with the last error', async () => {
		for (let i = 0; i < 5; i++) sim.script.push({ fault: { kind: 'http', status: 500 } });
		const error = await ask().then(() => undefined, (e: unknown) => e);
		assert.deepEqual({ status: (error as FluxHttpError).status, attempts: reported().map((w) => w.attempt), requests: sim.requests.length },
			{ status: 500, attempts: [1, 2, 3, 4], requests: 5 });
	});

	it('never retries once text has streamed: a dropped stream is the caller\'s, with the text it had', async () => {
		sim.script.push({ chunks: ['one ', 'two ', 'three'], fault: { kind: 'drop', afterChunks: 2 } }, { content: 'must not be asked' });
		const error = await ask().then(() => undefined, (e: unknown) => e);
		// A network error is one the policy retries; after text it must not be.
		assert.deepEqual({ network: error instanceof FluxNetworkError, retryableBeforeText: retryDelayMs(error, 1) !== undefined, deltas, waits: waits.length, requests: sim.requests.length },
			{ network: true, retryableBeforeText: true, deltas: ['one ', 'two '], waits: 0, requests: 1 });
	});

	it('does not retry what the user must fix (401, 403)', async () => {
		for (const status of [401, 403]) {
			sim.reset();
			sim.script.push({ fault: { kind: 'http', status } }, { content: 'must not be asked' });
			const error = await ask().then(() => undefined, (e: unknown) => e);
			assert.deepEqual({ status: (error as FluxHttpError).status, waits: waits.length, requests: sim.requests.length }, { status, waits: 0, requests: 1 });
		}
	});

	it('stops waiting at once when Stop is pressed (the real sleep)', async () => {
		const controller = new AbortController();
		const started = Date.now();
		const wait = abortableSleep(60_000, controller.signal);
		setTimeout(() => controller.abort(), 20);
		const error = await wait.then(() => undefined, (e: unknown) => e);
		assert.deepEqual({ aborted: error instanceof FluxAbortError, quick: Date.now() - started < 5000 }, { aborted: true, quick: true });
	});
});
