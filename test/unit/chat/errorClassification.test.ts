import * as assert from 'node:assert/strict';
import { ContextBudget } from '../../../src/chat/context/contextBudget';
import { describeError, formatWait } from '../../../src/chat/errorMessages';
import type { TokenCounter } from '../../../src/chat/context/tokenCounter';
import { runTurn, type TurnContext, type TurnInput } from '../../../src/chat/turns/turnRunner';
import { FluxHttpError } from '../../../src/flux/errors';
import { FluxClient } from '../../../src/flux/fluxClient';
import { silentLogger } from '../../../src/flux/logger';
import { retryAfterMs } from '../../../src/flux/http/retryAfter';
import { retryDelayMs } from '../../../src/flux/retry/retryPolicy';
import type { HostMessage, ReplyView } from '../../../src/protocol/messages';
import { startFluxSimulator, type FluxSimulator } from '../../sim/fluxSimulator';
import type { SimFault } from '../../sim/faults';
import { countTokens } from '../../sim/tokens';
import { apiFormats, chatRecords, RecordingClient } from '../formats';

const tools = {
	definitions: [{ name: 'read_file', description: 'read_file', parameters: { type: 'object', properties: {} } }],
	maxRounds: 4,
	run: async () => ({ content: 'x', summary: 'ok', ok: true }),
};

const headers = (entries: Record<string, string>) => new Headers(entries);

describe('Retry-After parsing', () => {
	const now = Date.parse('2026-11-30T21:00:00Z');
	it('reads seconds, an HTTP-date, retry-after-ms and the body, and ignores what is absent or garbage', () => {
		assert.deepEqual({
			seconds: retryAfterMs(headers({ 'retry-after': '3' }), undefined, now),
			fraction: retryAfterMs(headers({ 'retry-after': '1.5' }), undefined, now),
			date: retryAfterMs(headers({ 'retry-after': 'Mon, 30 Nov 2026 22:00:00 GMT' }), undefined, now),
			pastDate: retryAfterMs(headers({ 'retry-after': 'Mon, 30 Nov 2026 20:00:00 GMT' }), undefined, now),
			ms: retryAfterMs(headers({ 'retry-after-ms': '250', 'retry-after': '9' }), undefined, now),
			absent: retryAfterMs(headers({}), undefined, now),
			noHeaders: retryAfterMs(undefined, undefined, now),
			garbage: retryAfterMs(headers({ 'retry-after': 'soon' }), undefined, now),
			negative: retryAfterMs(headers({ 'retry-after': '-5' }), undefined, now),
			garbageMs: retryAfterMs(headers({ 'retry-after-ms': 'x', 'retry-after': '2' }), undefined, now),
			body: retryAfterMs(headers({}), { retry_after: 1800 }, now),
			bodyGarbage: retryAfterMs(headers({}), { retry_after: 'later' }, now),
		}, {
			seconds: 3000, fraction: 1500, date: 3_600_000, pastDate: 0, ms: 250, absent: undefined, noHeaders: undefined,
			garbage: undefined, negative: undefined, garbageMs: 2000, body: 1_800_000, bodyGarbage: undefined,
		});
	});

	it('retries waits up to 60 s (and the hourly limit within them), never longer ones', () => {
		const http = (status: number, retryAfter?: number, code?: string) => new FluxHttpError(status, 'x', { ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}), ...(code ? { code } : {}) });
		assert.deepEqual({
			short429: retryDelayMs(http(429, 60_000), 1),
			long429: retryDelayMs(http(429, 60_001), 1),
			long503: retryDelayMs(http(503, 3_600_000), 1),
			hourlyShort: retryDelayMs(http(402, 30_000, 'hourly_limit_reached'), 1),
			hourlyLong: retryDelayMs(http(402, 1_800_000, 'hourly_limit_reached'), 1),
			otherBilling: retryDelayMs(http(402, 30_000, 'monthly_credit_exhausted'), 1),
		}, { short429: 60_000, long429: undefined, long503: undefined, hourlyShort: 30_000, hourlyLong: undefined, otherBilling: undefined });
	});

	it('says a wait in hours, minutes and seconds', () => {
		assert.deepEqual([45_000, 44_100, 725_000, 600_000, 3_600_000, 5_460_000].map(formatWait), ['45 s', '45 s', '12 min 5 s', '10 min', '1 h 0 min', '1 h 31 min']);
	});
});

describe('typed errors from the simulator\'s faults', () => {
	let sim: FluxSimulator;
	before(async () => { sim = await startFluxSimulator(); });
	after(async () => { await sim.close(); });
	beforeEach(() => sim.reset());

	const failure = async (fault: SimFault) => {
		sim.script.push({ fault });
		const client = new FluxClient({ baseUrl: sim.baseUrl, apiKey: 'sk-test', logger: silentLogger });
		try {
			await client.streamChat({ model: 'flux-auto', messages: [{ role: 'user', content: 'hi' }] }, new AbortController().signal, {});
		} catch (error) {
			assert.ok(error instanceof FluxHttpError);
			return { status: error.status, type: error.type, code: error.code, param: error.param, retryAfterMs: error.retryAfterMs };
		}
		throw new Error('no failure');
	};

	it('carries code, type, param and the wait asked for', async () => {
		const inAnHour = new Date(Math.ceil(Date.now() / 1000) * 1000 + 3_600_000).toUTCString();
		const results = {
			tools: await failure({ kind: 'http', status: 400, code: 'unsupported_parameter', param: 'tool_choice' }),
			length: await failure({ kind: 'http', status: 400, code: 'context_length_exceeded', param: 'messages' }),
			seconds: await failure({ kind: 'rateLimited', retryAfter: 3600 }),
			ms: await failure({ kind: 'rateLimited', retryAfterMs: 1500 }),
			garbage: await failure({ kind: 'rateLimited', retryAfter: 'whenever' }),
			hourly: await failure({ kind: 'billing', reason: 'hourly_limit', retryAfter: 1800 }),
		};
		const date = await failure({ kind: 'rateLimited', retryAfter: inAnHour });
		assert.deepEqual(results, {
			tools: { status: 400, type: 'invalid_request_error', code: 'unsupported_parameter', param: 'tool_choice', retryAfterMs: undefined },
			length: { status: 400, type: 'invalid_request_error', code: 'context_length_exceeded', param: 'messages', retryAfterMs: undefined },
			seconds: { status: 429, type: 'rate_limit_error', code: '429', param: undefined, retryAfterMs: 3_600_000 },
			ms: { status: 429, type: 'rate_limit_error', code: '429', param: undefined, retryAfterMs: 1500 },
			garbage: { status: 429, type: 'rate_limit_error', code: '429', param: undefined, retryAfterMs: undefined },
			hourly: { status: 402, type: 'billing_error', code: 'hourly_limit_reached', param: undefined, retryAfterMs: 1_800_000 },
		});
		assert.ok(date.retryAfterMs !== undefined && date.retryAfterMs > 3_590_000 && date.retryAfterMs <= 3_601_000, `HTTP-date read as ${date.retryAfterMs} ms`);
	});
});

for (const format of apiFormats) describe(`runTurn: what each failure does (${format} format)`, () => {
	let sim: FluxSimulator;
	let events: HostMessage[];
	let client: RecordingClient;
	const counter: TokenCounter = { exact: true, countText: countTokens, ready: async () => {} };
	const requests = () => chatRecords(sim);
	const context = (): TurnContext => ({
		createClient: async () => client,
		logger: silentLogger,
		onReply: () => {},
		emit: (m) => events.push(m),
		sleep: async () => {},
	});
	const turn = (input: Partial<TurnInput> = {}): Promise<ReplyView> =>
		runTurn({ turnId: 't1', model: 'flux-auto', messages: [{ role: 'user', content: 'hello there' }], ...input }, new AbortController().signal, context());
	const retrying = () => events.filter((e) => e.type === 'turn/retrying').length;
	/** An overflow as each format words it: OpenAI's code, Anthropic's documented message. */
	const tooLong: SimFault = { kind: 'http', status: 400, code: 'context_length_exceeded', message: 'prompt is too long: 9000 tokens > 8000 maximum' };

	before(async () => { sim = await startFluxSimulator(); });
	after(async () => { await sim.close(); });
	beforeEach(() => { sim.reset(); events = []; client = new RecordingClient(sim, format); });

	// The OpenAI format names the tools in `param` (or `code`); Anthropic's errors have only a message.
	it('asks again without tools only when the error is about them', async () => {
		sim.script.push({ fault: { kind: 'http', status: 400, code: 'invalid_value', param: 'tool_choice', message: 'This model does not support tools.' } }, { content: 'Without tools.' });
		const byParam = await turn({ tools });
		const offeredByParam = client.sent.map((b) => Array.isArray(b.tools));
		sim.reset();
		sim.script.push({ fault: { kind: 'http', status: 400, message: 'Content policy.', code: 'content_policy_violation' } });
		const other = await turn({ tools });
		assert.deepEqual({
			byParam: { status: byParam.status, text: byParam.text, offered: offeredByParam },
			other: { status: other.status, error: other.error, requests: requests().length },
		}, {
			byParam: { status: 'done', text: 'Without tools.', offered: [true, false] },
			other: { status: 'error', error: { message: 'FluxRouter could not accept the request: Content policy. (request req_sim_000001)', actions: ['retry', 'openSettings'] }, requests: 1 },
		});
	});

	it('on context_length_exceeded raises the ratio, prepares the history again and asks once more', async () => {
		const budget = new ContextBudget({ createClient: context().createClient, logger: silentLogger, counter });
		const before = budget.limits('flux-auto').ratio;
		sim.script.push({ fault: tooLong }, { content: 'Fits now.' });
		const reply = await turn({
			messages: [{ role: 'user', content: 'old question' }, { role: 'user', content: 'hello there' }],
			budget: { budget, reprepare: async () => [{ role: 'user', content: 'hello there' }] },
		});
		const after = budget.limits('flux-auto').ratio;
		assert.deepEqual({
			status: reply.status, text: reply.text,
			sent: client.sent.map((b) => b.messages.map((m) => m.content)),
			raised: after > before,
		}, { status: 'done', text: 'Fits now.', sent: [['old question', 'hello there'], ['hello there']], raised: true });
	});

	it('raises the ratio so that the same request no longer fits the budget', () => {
		const budget = new ContextBudget({ createClient: context().createClient, logger: silentLogger, counter });
		const sent = { model: 'flux-pinned-gpt-5', messages: [{ role: 'user' as const, content: 'word '.repeat(2000) }] };
		const capped = budget.overflowed('flux-pinned-gpt-5', sent, 1000);
		// A small request refused by the window we assumed (128,000): the ratio alone cannot make it
		// not fit (it stays within 3), so the assumed window comes down too.
		const small = { model: 'flux-standard', messages: [{ role: 'user' as const, content: 'word '.repeat(500) }] };
		const lowered = budget.overflowed('flux-standard', small);
		assert.deepEqual({
			capped: budget.fit(sent, 1000).context.usedTokens > capped.budgetTokens,
			small: budget.fit(small).context.usedTokens > lowered.budgetTokens,
			ratio: lowered.ratio,
			windowLowered: lowered.windowTokens < 128_000,
		}, { capped: true, small: true, ratio: 3, windowLowered: true });
	});

	it('explains an overflow that persists after the one retry, naming the model', async () => {
		const budget = new ContextBudget({ createClient: context().createClient, logger: silentLogger, counter });
		sim.script.push({ fault: tooLong }, { fault: tooLong }, { content: 'never' });
		const reply = await turn({ budget: { budget } });
		assert.deepEqual({ status: reply.status, error: reply.error, requests: requests().length }, {
			status: 'error',
			error: { message: 'The conversation is too long for flux-auto, even after Flux shortened it: prompt is too long: 9000 tokens > 8000 maximum. Start a new chat, or pin a model with a longer context window.', actions: ['newChat', 'pinModel'] },
			requests: 2,
		});
	});

	it('sits through a wait up to 60 s with a countdown, and ends at once on a longer one with the wait in the message', async () => {
		sim.script.push({ fault: { kind: 'rateLimited', retryAfter: 60 } }, { content: 'After the wait.' });
		const short = await turn();
		const shortRetrying = retrying();
		sim.reset();
		events = [];
		sim.script.push({ fault: { kind: 'rateLimited', retryAfter: 3600, message: 'Slow down.' } }, { content: 'never' });
		const long = await turn();
		const longRequests = requests().length;
		sim.reset();
		sim.script.push({ fault: { kind: 'billing', reason: 'hourly_limit' } }, { content: 'never' });
		const hourly = await turn();
		assert.deepEqual({
			short: { status: short.status, retrying: shortRetrying },
			long: { status: long.status, error: long.error, requests: longRequests, retrying: retrying() },
			hourly: { status: hourly.status, error: hourly.error },
		}, {
			short: { status: 'done', retrying: 1 },
			long: { status: 'error', error: { message: 'FluxRouter asks to wait 1 h 0 min before the next request (rate limited): Slow down. (request req_sim_000001)', actions: ['retry'] }, requests: 1, retrying: 0 },
			hourly: { status: 'error', error: { message: 'FluxRouter asks to wait 30 min before the next request (the hourly spending limit is reached): Hourly safety limit reached. Spending resumes when the window ends (see retry_after). (request req_sim_000001)', actions: ['retry'] } },
		});
	});

	it('offers on a 403 the way back to flux-auto that changes what chose the model', async () => {
		const actions = [];
		for (const modelSource of ['setting', 'pin', 'turn'] as const) {
			sim.reset();
			sim.script.push({ fault: { kind: 'http', status: 403, message: 'Not allowed.' } });
			actions.push((await turn({ model: 'flux-pinned-gpt-5', modelSource })).error?.actions);
		}
		assert.deepEqual(actions, [['useFluxAuto', 'openSettings'], ['unpinAndRetry', 'openSettings'], ['retryWithFluxAuto', 'openSettings']]);
	});

	it('never offers flux-auto for flux-auto itself', () => {
		assert.deepEqual(describeError(new FluxHttpError(403, 'Nope.'), 'flux-auto', { source: 'pin' }).actions, ['openSettings', 'retry']);
	});
});
