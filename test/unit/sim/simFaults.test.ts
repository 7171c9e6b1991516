// Every scripted fault, surfacing through the real openai client as a real server's would.

import * as assert from 'node:assert/strict';
import { OpenAI } from 'openai';
import { billingError } from '../../sim/faults';
import { startFluxSimulator } from '../../sim/fluxSimulator';
import { oversizeText } from '../../sim/replyPlan';
import { collectStream } from './collectStream';
import type { BillingReason } from '../../sim/faults';
import type { FluxSimulator } from '../../sim/fluxSimulator';
import type { ScriptedReply } from '../../sim/simScript';
import type { CollectedStream } from './collectStream';

const HI = [{ role: 'user' as const, content: 'hi' }];

/** The failure of a promise, summarised: error class, status, message and error body. */
async function failureOf(promise: Promise<unknown>): Promise<Record<string, unknown>> {
	const error = await promise.then(() => undefined, (e: unknown) => e);
	assert.ok(error instanceof Error, `expected a failure, got ${String(error)}`);
	const status = error instanceof OpenAI.APIError ? error.status : undefined;
	const body = error instanceof OpenAI.APIError ? error.error : undefined;
	return { type: error.constructor.name, status, message: error.message, error: body };
}

describe('Flux simulator: faults', () => {
	let sim: FluxSimulator;
	let client: OpenAI;

	before(async () => {
		sim = await startFluxSimulator();
		client = new OpenAI({ baseURL: sim.baseUrl, apiKey: 'sk-test', maxRetries: 0, logLevel: 'off' });
	});
	beforeEach(() => sim.reset());
	after(() => sim.close());

	/** Streams `content` with a fault; returns what arrived and how it ended. */
	async function streamWithFault(reply: ScriptedReply): Promise<{ collected: Partial<CollectedStream>; failure: unknown }> {
		sim.enqueue(reply);
		const stream = await client.chat.completions.create({ model: 'flux-auto', messages: HI, stream: true });
		let collected: Partial<CollectedStream> = {};
		const failure = await collectStream(stream, (c) => { collected = { ...c }; }).then(
			(c) => { collected = c; return undefined; },
			(e: unknown) => (e instanceof Error ? { type: e.constructor.name, message: e.message, status: (e as { status?: unknown }).status } : e),
		);
		return { collected: { content: collected.content, finishReason: collected.finishReason }, failure };
	}

	it('answers a missing, unknown or scripted key failure with 401 and the error body', async () => {
		const missing = await fetch(`${sim.baseUrl}/models`);
		const wrongPrefix = await failureOf(new OpenAI({ baseURL: sim.baseUrl, apiKey: 'pk-test', maxRetries: 0 }).models.list());
		sim.configure({ apiKeys: ['sk-only-this'] });
		const notListed = await failureOf(client.chat.completions.create({ model: 'flux-auto', messages: HI }));
		sim.configure({ apiKeys: null });
		sim.enqueue({ fault: { kind: 'http', status: 401, message: 'Key revoked.' } });
		const scripted = await failureOf(client.chat.completions.create({ model: 'flux-auto', messages: HI }));
		const invalid = { type: 'AuthenticationError', status: 401, message: '401 Invalid API key.', error: { message: 'Invalid API key.', type: 'authentication_error', code: '401' } };
		assert.deepEqual({ missing: [missing.status, await missing.json()], wrongPrefix, notListed, scripted }, {
			missing: [401, { error: { message: 'Missing API key. Send it as Authorization: Bearer sk-...', type: 'authentication_error', code: '401' } }],
			wrongPrefix: invalid,
			notListed: invalid,
			scripted: { type: 'AuthenticationError', status: 401, message: '401 Key revoked.', error: { message: 'Key revoked.', type: 'authentication_error', code: '401' } },
		});
	});

	it('answers every documented kind of 402 with its message (an APIError with status 402)', async () => {
		const reasons: BillingReason[] = ['monthly_credit', 'hourly_limit', 'model_not_in_plan', 'premium_needs_card', 'premium_unavailable', 'free_allowance', 'account_on_hold'];
		const seen = [];
		const expected = [];
		for (const reason of reasons) {
			sim.enqueue({ fault: { kind: 'billing', reason, retryAfter: 600 } });
			seen.push(await failureOf(client.chat.completions.create({ model: 'flux-reasoning', messages: HI })));
			const body = billingError(reason, 'flux-reasoning', 600).body as { error: { message: string } };
			expected.push({ type: 'APIError', status: 402, message: `402 ${body.error.message}`, error: body.error });
		}
		assert.deepEqual(seen, expected);
		assert.deepEqual(expected[1].error, {
			message: 'Hourly safety limit reached. Spending resumes when the window ends (see retry_after).',
			type: 'billing_error', code: 'hourly_limit_reached', retry_after: 600,
		});
	});

	it('answers scripted 400, 403 and 500 with the matching SDK errors', async () => {
		sim.enqueue({ fault: { kind: 'http', status: 400 } }, { fault: { kind: 'http', status: 403 } }, { fault: { kind: 'http', status: 500 } });
		const seen = [];
		for (let i = 0; i < 3; i++) {
			seen.push(await failureOf(client.chat.completions.create({ model: 'flux-auto', messages: HI })));
		}
		assert.deepEqual(seen, [
			{ type: 'BadRequestError', status: 400, message: '400 Bad request.', error: { message: 'Bad request.', type: 'invalid_request_error', code: '400' } },
			{ type: 'PermissionDeniedError', status: 403, message: '403 This key is not allowed to use this model.', error: { message: 'This key is not allowed to use this model.', type: 'permission_error', code: '403' } },
			{ type: 'InternalServerError', status: 500, message: '500 Internal server error.', error: { message: 'Internal server error.', type: 'server_error', code: '500' } },
		]);
	});

	it('answers 429 as RateLimitError, with Retry-After only when scripted', async () => {
		sim.enqueue({ fault: { kind: 'rateLimited', retryAfter: 7 } }, { fault: { kind: 'rateLimited' } });
		const retryAfter = async (): Promise<unknown> => {
			const error = await client.chat.completions.create({ model: 'flux-auto', messages: HI }).then(() => undefined, (e: unknown) => e);
			return error instanceof OpenAI.RateLimitError ? ['RateLimitError', error.headers?.get('retry-after') ?? null] : String(error);
		};
		assert.deepEqual([await retryAfter(), await retryAfter()], [['RateLimitError', '7'], ['RateLimitError', null]]);
	});

	it('answers the CDN 502 in plain text, which the SDK reports as an APIError with status 502', async () => {
		sim.enqueue({ fault: { kind: 'cdn502' } }, { fault: { kind: 'cdn502' } });
		const failure = await failureOf(client.chat.completions.create({ model: 'flux-auto', messages: HI }));
		const raw = await fetch(`${sim.baseUrl}/chat/completions`, {
			method: 'POST', headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' }, body: JSON.stringify({ model: 'flux-auto', messages: HI }),
		});
		assert.deepEqual({ failure, raw: [raw.status, raw.headers.get('content-type'), raw.headers.get('x-flux-request-id'), await raw.text()] }, {
			failure: { type: 'InternalServerError', status: 502, message: '502 error code: 502', error: undefined },
			raw: [502, 'text/plain; charset=UTF-8', null, 'error code: 502'],
		});
	});

	it('drops the connection mid-stream: the SDK iteration throws after the chunks that arrived', async () => {
		const result = await streamWithFault({ content: 'one two three four five', fault: { kind: 'drop', afterChunks: 3 }, tokenDelayMs: 5 });
		await sim.idle();
		assert.deepEqual({ ...result, record: [sim.requests[0].droppedByServer, sim.requests[0].clientAborted] }, {
			collected: { content: 'one two three', finishReason: null },
			failure: { type: 'TypeError', message: 'terminated', status: undefined },
			record: [true, false],
		});
	});

	it('sends a malformed SSE line: the SDK iteration throws a SyntaxError', async () => {
		const result = await streamWithFault({ content: 'one two three', fault: { kind: 'malformedLine', afterChunks: 2 } });
		assert.deepEqual({ ...result, failure: (result.failure as { type: string }).type }, {
			collected: { content: 'one two', finishReason: null },
			failure: 'SyntaxError',
		});
	});

	it('sends an error frame mid-stream: the SDK iteration throws an APIError without status', async () => {
		const result = await streamWithFault({ content: 'one two three', fault: { kind: 'errorFrame', afterChunks: 1, message: 'Upstream overloaded.', code: '503' } });
		assert.deepEqual(result, {
			collected: { content: 'one', finishReason: null },
			failure: { type: 'APIError', message: 'Upstream overloaded.', status: undefined },
		});
	});

	it('stalls before the headers: the SDK times out and the request is recorded as aborted', async () => {
		sim.enqueue({ fault: { kind: 'stall', seconds: 30 } });
		const started = Date.now();
		const failure = await failureOf(client.chat.completions.create({ model: 'flux-auto', messages: HI }, { timeout: 200 }));
		await sim.idle();
		const record = sim.requests[0];
		assert.deepEqual({ failure, status: record.status, clientAborted: record.clientAborted, fast: Date.now() - started < 2000 }, {
			failure: { type: 'APIConnectionTimeoutError', status: undefined, message: 'Request timed out.', error: undefined },
			status: undefined,
			clientAborted: true,
			fast: true,
		});
	});

	it('sends a reply over 1 MB that assembles completely, streamed or not', async () => {
		const expected = oversizeText(1_100_000);
		sim.enqueue({ fault: { kind: 'oversize' } }, { fault: { kind: 'oversize' } });
		const streamed = await collectStream(await client.chat.completions.create({ model: 'flux-auto', messages: HI, stream: true }));
		const plain = await client.chat.completions.create({ model: 'flux-auto', messages: HI });
		assert.deepEqual(
			{ streamed: [streamed.content === expected, streamed.finishReason], plain: [plain.choices[0].message.content === expected, plain.choices[0].finish_reason], size: expected.length > 1_048_576 },
			{ streamed: [true, 'stop'], plain: [true, 'stop'], size: true },
		);
	});

	it('lets the SDK retry a 429 after its Retry-After', async () => {
		const retrying = new OpenAI({ baseURL: sim.baseUrl, apiKey: 'sk-test', maxRetries: 1, logLevel: 'off' });
		sim.enqueue({ fault: { kind: 'rateLimited', retryAfter: 1 } }, { content: 'Second time lucky.' });
		const completion = await retrying.chat.completions.create({ model: 'flux-auto', messages: HI });
		await sim.idle();
		const [first, second] = sim.requests;
		const gap = second.receivedAt - (first.endedAt ?? Infinity);
		assert.deepEqual(
			{ content: completion.choices[0].message.content, statuses: sim.requests.map((r) => r.status), waited: gap >= 950 && gap < 3000 },
			{ content: 'Second time lucky.', statuses: [429, 200], waited: true },
		);
	});

	it('records a stream the client aborts as clientAborted', async () => {
		sim.enqueue({ content: 'one two three four five six seven eight nine ten', tokenDelayMs: 20 });
		const controller = new AbortController();
		const stream = await client.chat.completions.create({ model: 'flux-auto', messages: HI, stream: true }, { signal: controller.signal });
		const collected = await collectStream(stream, (c) => {
			if (c.content.split(' ').length === 3) {
				controller.abort();
			}
		});
		await sim.idle();
		const { status, clientAborted, droppedByServer, endedAt } = sim.requests[0];
		assert.deepEqual({ content: collected.content, finishReason: collected.finishReason, status, clientAborted, droppedByServer, ended: endedAt !== undefined }, {
			content: 'one two three', finishReason: null, status: 200, clientAborted: true, droppedByServer: false, ended: true,
		});
	});
});

describe('Flux simulator: close()', () => {
	it('ends a stream stalled mid-way by destroying its connection, without hanging', async () => {
		const sim = await startFluxSimulator({ script: [{ content: 'one two three', fault: { kind: 'stall', seconds: 60, afterChunks: 2 } }] });
		const client = new OpenAI({ baseURL: sim.baseUrl, apiKey: 'sk-test', maxRetries: 0 });
		const stream = await client.chat.completions.create({ model: 'flux-auto', messages: HI, stream: true });
		const started = Date.now();
		const outcome = collectStream(stream, (c) => {
			if (c.content === 'one two') {
				void sim.close();
			}
		}).then((c) => c.content, (e: unknown) => (e instanceof Error ? e.message : String(e)));
		assert.deepEqual({ outcome: await outcome, fast: Date.now() - started < 2000 }, { outcome: 'terminated', fast: true });
		await sim.close();
		assert.deepEqual(sim.requests.map((r) => [r.droppedByServer, r.clientAborted]), [[true, false]]);
	});
});
