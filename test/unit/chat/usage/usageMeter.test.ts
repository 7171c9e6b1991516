import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelLimits } from '../../../../src/chat/context/modelLimits';
import { turnMessages, type CountedTurn } from '../../../../src/chat/context/promptBuilder';
import { Summariser } from '../../../../src/chat/context/summariser';
import { ConversationLibrary } from '../../../../src/chat/history/conversationLibrary';
import { ConversationRunner } from '../../../../src/chat/turns/conversationRunner';
import { HistoryStore } from '../../../../src/chat/history/historyStore';
import { describeError } from '../../../../src/chat/errorMessages';
import { requestRewrite } from '../../../../src/chat/rewrite/rewriteRequest';
import { countMessageTokens, type TokenCounter } from '../../../../src/chat/context/tokenCounter';
import type { TurnTools } from '../../../../src/chat/turns/turnRunner';
import { UsageMeter, type UsageSource } from '../../../../src/chat/usage/usageMeter';
import { FluxClient } from '../../../../src/flux/fluxClient';
import { silentLogger } from '../../../../src/flux/logger';
import { PriceBook } from '../../../../src/flux/pricing/priceBook';
import type { Turn } from '../../../../src/chat/model';
import type { HostMessage, ReplyView, TurnEnded } from '../../../../src/protocol/messages';
import { FakePriceStore } from '../../../fakes/fakePriceStore';
import { FakeSessionState, FakeSpendLedger } from '../../../fakes/fakeSessionState';
import { startFluxSimulator, type FluxSimulator } from '../../../sim/fluxSimulator';
import { countTokens } from '../../../sim/tokens';

const definitions = [{ name: 'read_file', description: 'read_file', parameters: { type: 'object', properties: {} } }];
const rough = (text: string) => Math.ceil(text.length / 4);
const usd = (n: number | undefined) => n === undefined ? undefined : +n.toFixed(9);

describe('UsageMeter: every paid request counts, priced by the model that served it', () => {
	let sim: FluxSimulator;
	let dir: string;
	let ledger: FakeSpendLedger;
	let store: FakePriceStore;
	let meter: UsageMeter;
	let recorded: UsageSource['kind'][];
	let events: HostMessage[];
	const createClient = async () => new FluxClient({ baseUrl: sim.baseUrl, apiKey: 'sk-test', logger: silentLogger, timeoutMs: 5000 });
	const chatRequests = () => sim.requests.filter((r) => r.path === '/v1/chat/completions');

	/** A conversation runner over a fresh folder, with `tools` offered to every turn. */
	const runner = (tools?: TurnTools) => ConversationRunner.open({
		createClient,
		settings: () => ({ model: 'flux-auto', systemPrompt: 'Be brief.' }),
		library: new ConversationLibrary(new HistoryStore(dir, silentLogger), silentLogger),
		state: new FakeSessionState(),
		meter,
		logger: silentLogger,
		emit: (message) => events.push(message),
		...(tools ? { tools: () => ({ tools }) } : {}),
		sleep: async () => {},
	});
	const endedReply = (): ReplyView | undefined => (events.filter((e): e is TurnEnded => e.type === 'turn/ended').at(-1))?.reply as ReplyView | undefined;

	before(async () => { sim = await startFluxSimulator(); });
	after(async () => { await sim.close(); });
	beforeEach(() => {
		sim.reset();
		dir = mkdtempSync(join(tmpdir(), 'flux-meter-'));
		ledger = new FakeSpendLedger();
		store = new FakePriceStore();
		recorded = [];
		events = [];
		meter = new UsageMeter(ledger, new PriceBook(store), (_usage, source) => recorded.push(source.kind));
	});
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it('a turn stopped after two tool rounds costs what those two rounds cost, in the conversation total and today\'s', async () => {
		sim.script.push(
			{ toolCalls: [{ id: 'c1', name: 'read_file' }], usage: { cost_usd: 0.001 } },
			{ toolCalls: [{ id: 'c2', name: 'read_file' }], usage: { cost_usd: 0.002 } },
			{ content: 'never asked for' },
		);
		let calls = 0;
		const chat = await runner({
			definitions, maxRounds: 8,
			// Stop is pressed while the second round's tool runs.
			run: async () => { if (++calls === 2) chat.stop(); return { content: 'x', summary: 'read', ok: true }; },
		});
		chat.send('read two files');
		await chat.idle();
		const [first, second] = chatRequests();
		const reply = endedReply();
		assert.deepStrictEqual({
			status: reply?.status,
			usage: reply?.usage && { ...reply.usage, costUsd: usd(reply.usage.costUsd) },
			conversation: usd(chat.snapshot().spend.conversationUsd),
			today: usd(ledger.today()),
			requests: chatRequests().length,
			recorded,
		}, {
			status: 'stopped',
			usage: { promptTokens: first.promptTokens! + second.promptTokens!, completionTokens: first.completionTokens! + second.completionTokens!, costUsd: 0.003, costSource: 'usage' },
			conversation: 0.003,
			today: 0.003,
			requests: 2,
			recorded: ['turn', 'turn'],
		});
	});

	it('a retry stopped after a paid tool round, with no text, stays a version so the conversation total keeps its cost', async () => {
		sim.script.push(
			{ content: 'First answer.', usage: { cost_usd: 0.001 } },
			{ toolCalls: [{ id: 'c1', name: 'read_file' }], usage: { cost_usd: 0.002 } },
		);
		const chat = await runner({
			definitions, maxRounds: 8,
			run: async () => { chat.stop(); return { content: 'x', summary: 'read', ok: true }; },
		});
		chat.send('question');
		await chat.idle();
		chat.retry(chat.conversation.turns[0].id);
		await chat.idle();
		const turn = chat.conversation.turns[0];
		assert.deepStrictEqual({
			shown: turn.reply.text,
			versions: turn.replies?.map((r) => [r.status, usd(r.usage?.costUsd)]),
			conversation: usd(chat.snapshot().spend.conversationUsd),
			today: usd(ledger.today()),
		}, {
			shown: 'First answer.',
			versions: [['done', 0.001], ['stopped', 0.002]],
			conversation: 0.003,
			today: 0.003,
		});
	});

	it('a turn that fails after text counts an estimate of what streamed, at the served model\'s price', async () => {
		sim.script.push({ chunks: ['Half ', 'an ', 'answer'], model: 'claude-sonnet', fault: { kind: 'drop', afterChunks: 3 } });
		const chat = await runner();
		chat.send('explain it');
		await chat.idle();
		const reply = endedReply();
		// No usage arrives on a dropped stream: four characters a token of what was sent and what came back,
		// at the Daily Driver rate ($2 per 1M), since nothing was learned about claude-sonnet.
		const prompt = rough(JSON.stringify((chatRequests()[0].body as { messages: unknown }).messages));
		const completion = rough('Half an answer');
		const cost = usd(((prompt + completion) * 2) / 1_000_000);
		assert.deepStrictEqual({
			status: reply?.status,
			usage: reply?.usage && { ...reply.usage, costUsd: usd(reply.usage.costUsd) },
			spend: { ...chat.snapshot().spend, conversationUsd: usd(chat.snapshot().spend.conversationUsd), todayUsd: usd(chat.snapshot().spend.todayUsd) },
		}, {
			status: 'incomplete',
			usage: { promptTokens: prompt, completionTokens: completion, costUsd: cost, costSource: 'estimate' },
			// Nothing FluxRouter reported: no router dividend.
			spend: { conversationUsd: cost, todayUsd: cost, estimated: true },
		});
	});

	it('a summary\'s cost appears in today\'s total', async () => {
		const counter: TokenCounter = { exact: true, countText: countTokens, ready: async () => {} };
		const turn = (n: number): CountedTurn => {
			const view: Turn = { id: `t${n}`, question: `Question ${n}?`, reply: { status: 'done', text: `Answer ${n}.`, reasoning: '' } };
			const messages = turnMessages(view);
			return { turn: view, number: n, messages, tokens: messages.reduce((t, m) => t + countMessageTokens(counter, m), 0) };
		};
		const summariser = new Summariser({
			createClient, logger: silentLogger, counter, limits: new ModelLimits({ counter, logger: silentLogger }),
			prices: meter.prices, onUsage: (usage) => meter.record(usage, { kind: 'summary' }),
		});
		sim.script.push({ content: 'SUMMARY', usage: { cost_usd: 0.00042 } });
		const text = await summariser.summarise(undefined, [turn(1), turn(2)], 500, undefined, new AbortController().signal);
		assert.deepStrictEqual({ text, today: ledger.today(), recorded }, { text: 'SUMMARY', today: 0.00042, recorded: ['summary'] });
	});

	it('a rewrite\'s cost appears in today\'s total', async () => {
		sim.script.push({ content: '```ts\nconst a: number = 1;\n```', usage: { cost_usd: 0.0007 } });
		const code = await requestRewrite(await createClient(), 'flux-fast', 'add a type', { path: 'a.ts', language: 'typescript', startLine: 1, endLine: 1, text: 'const a = 1;' }, new AbortController().signal, meter);
		assert.deepStrictEqual({ code, today: ledger.today(), recorded }, { code: 'const a: number = 1;', today: 0.0007, recorded: ['rewrite'] });
	});

	it('a rewrite cut off at the length limit proposes nothing, says why, and is still paid for', async () => {
		sim.script.push({ fixture: 'finishLength' });
		const error = await requestRewrite(await createClient(), 'flux-fast', 'add a type', { path: 'a.ts', language: 'typescript', startLine: 1, endLine: 1, text: 'const a = 1;' }, new AbortController().signal, meter)
			.then(() => undefined, (e: unknown) => e);
		assert.deepStrictEqual({ described: describeError(error, 'flux-fast'), recorded }, {
			described: { message: 'Flux proposes no rewrite: Cut off at the model\'s length limit.', actions: ['retry'] },
			recorded: ['rewrite'],
		});
	});

	it('after a usage.cost_usd from served model X, an estimate for X uses X\'s learned price, not the alias\'s lane', async () => {
		// flux-fast is the Express lane ($1 per 1M), but gpt-5 served both requests: $0.01 over 2,000 tokens is $5 per 1M.
		sim.script.push(
			{ content: 'first', model: 'gpt-5', usage: { prompt_tokens: 1500, completion_tokens: 500, cost_usd: 0.01 } },
			{ content: 'second', model: 'gpt-5', usage: { prompt_tokens: 1000, completion_tokens: 1000, cost_usd: undefined } },
		);
		const chat = await runner();
		chat.setPin('flux-fast');
		chat.send('one');
		await chat.idle();
		chat.send('two');
		await chat.idle();
		const replies = chat.conversation.turns.map((t) => t.reply.usage && { ...t.reply.usage, costUsd: usd(t.reply.usage.costUsd) });
		assert.deepStrictEqual({
			requested: chatRequests().map((r) => r.requestedModel),
			replies,
			price: meter.prices.priceOf('gpt-5'),
			today: usd(ledger.today()),
		}, {
			requested: ['flux-fast', 'flux-fast'],
			replies: [
				{ promptTokens: 1500, completionTokens: 500, costUsd: 0.01, costSource: 'usage' },
				{ promptTokens: 1000, completionTokens: 1000, costUsd: 0.01, costSource: 'estimate' },
			],
			price: { inputPerMillion: 5, outputPerMillion: 5 },
			today: 0.02,
		});
	});

	it('learned prices survive a new instance over the same store, and the models list teaches pinned models\' prices', async () => {
		const book = new PriceBook(store);
		book.learnFromCost('claude-sonnet', 3000, 1000, 0.012);
		book.learnFromList(await (await createClient()).listModelEntries());
		const again = new PriceBook(store);
		assert.deepStrictEqual({
			sonnet: again.priceOf('claude-sonnet'),
			gpt5: again.priceOf('gpt-5'),
			haiku: again.priceOf('claude-haiku'),
			// Nothing learned, not a lane id: the Daily Driver rate.
			unknown: again.priceOf('some-new-model'),
			lane: again.priceOf('flux-reasoning'),
			known: ['claude-sonnet', 'some-new-model'].map((m) => again.knows(m)),
		}, {
			// The models list (flux-pinned-claude-sonnet: $2) came after the reported cost ($3 per 1M): the latest wins.
			sonnet: { inputPerMillion: 2, outputPerMillion: 2 },
			gpt5: { inputPerMillion: 4, outputPerMillion: 4 },
			haiku: { inputPerMillion: 1, outputPerMillion: 1 },
			unknown: { inputPerMillion: 2, outputPerMillion: 2 },
			lane: { inputPerMillion: 4, outputPerMillion: 4 },
			known: [true, false],
		});
	});

	it('ignores a damaged stored snapshot entry rather than pricing by it', () => {
		store.save({ version: 1, models: { good: { inputPerMillion: 3, outputPerMillion: 3 }, bad: { inputPerMillion: -1, outputPerMillion: 2 } as never } });
		const book = new PriceBook(store);
		assert.deepStrictEqual(book.snapshot(), { version: 1, models: { good: { inputPerMillion: 3, outputPerMillion: 3 } } });
	});
});
