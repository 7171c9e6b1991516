import * as assert from 'node:assert/strict';
import { ConversationLibrary, openElsewhereNotice } from '../../../../src/chat/history/conversationLibrary';
import { ConversationRunner } from '../../../../src/chat/turns/conversationRunner';
import type { ChatSettings } from '../../../../src/chat/turns/types';
import { FluxConfigError } from '../../../../src/flux/errors';
import type { FluxChatRequest } from '../../../../src/flux/fluxClient';
import { silentLogger } from '../../../../src/flux/logger';
import type { HostMessage, TurnEnded } from '../../../../src/protocol/messages';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContextBudget } from '../../../../src/chat/context/contextBudget';
import { assembleInstructions, findInstructionFiles, type InstructionReader } from '../../../../src/chat/context/instructions';
import { createHash } from 'node:crypto';
import { HistoryStore } from '../../../../src/chat/history/historyStore';
import { toMarkdown } from '../../../../src/chat/history/exportConversation';
import { deadPid } from '../../../fakes/deadProcess';
import { FakeFrameTimer } from '../../../fakes/fakeFrameTimer';
import { FakeSessionState, FakeSpendLedger } from '../../../fakes/fakeSessionState';
import { UsageMeter } from '../../../../src/chat/usage/usageMeter';
import { startFluxSimulator, type FluxSimulator } from '../../../sim/fluxSimulator';
import { apiFormats, chatRecords, RecordingClient } from '../../formats';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

for (const format of apiFormats) describe(`ConversationRunner and ConversationLibrary against the Flux simulator (${format} format)`, () => {
	let sim: FluxSimulator;
	/** What the chat asked for, request by request, in Flux's own terms. */
	let sent: FluxChatRequest[];
	const client = (key: string) => new RecordingClient(sim, format, { apiKey: key, timeoutMs: 5000 }, sent);
	let settings: ChatSettings;
	let apiKey: string | undefined;
	let events: HostMessage[];
	let sleeps: number[];
	let dir: string;
	let state: FakeSessionState;
	let spend: FakeSpendLedger;
	let meter: UsageMeter;
	/** When set, paces the deltas instead of the real clock. */
	let frames: FakeFrameTimer | undefined;

	/**
	 * A session as after a restart, or in another window: a fresh history store over the same
	 * folder. `pid` is the extension host it claims to run in (a dead one plays a host that will
	 * have crashed).
	 */
	/** Each runner's library (the saved conversations it opens from). */
	const libraries = new WeakMap<ConversationRunner, ConversationLibrary>();

	async function session(pid?: number): Promise<ConversationRunner> {
		const library = new ConversationLibrary(new HistoryStore(dir, silentLogger, pid ? { pid } : undefined), silentLogger);
		const runner = await ConversationRunner.open({
			createClient: async () => {
				if (!apiKey) throw new FluxConfigError('noApiKey', 'No FluxRouter API key.');
				return client(apiKey);
			},
			settings: () => settings,
			library,
			state,
			meter,
			logger: silentLogger,
			emit: (message) => events.push(message),
			sleep: async (ms) => { sleeps.push(ms); },
			...(frames ? { frames } : {}),
		});
		libraries.set(runner, library);
		return runner;
	}
	const libraryOf = (runner: ConversationRunner) => libraries.get(runner)!;

	function ended(): TurnEnded[] {
		return events.filter((e): e is TurnEnded => e.type === 'turn/ended');
	}

	function chatRequests() {
		return chatRecords(sim);
	}

	before(async () => { sim = await startFluxSimulator(); });
	after(async () => { await sim.close(); });
	beforeEach(() => {
		sim.reset();
		sent = [];
		settings = { model: 'flux-auto', systemPrompt: 'Be brief.' };
		apiKey = 'sk-test';
		events = [];
		sleeps = [];
		dir = mkdtempSync(join(tmpdir(), 'flux-history-'));
		state = new FakeSessionState();
		spend = new FakeSpendLedger();
		meter = new UsageMeter(spend);
		frames = undefined;
	});
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it('streams a reply, shows the served model and cost, and sends the whole history next turn', async () => {
		sim.script.push({ chunks: ['Hello', ' there', '!'], model: 'claude-haiku', usage: { prompt_tokens: 12, completion_tokens: 3, cost_usd: 0.000015 } });
		const chat = await session();
		chat.send('hi');
		await chat.idle();
		const [end] = ended();
		// Deltas are coalesced per frame, so how many there are depends on timing: what they carry does not.
		const deltas = events.filter((e) => e.type === 'turn/delta');
		assert.deepEqual({ ...end.reply, durationMs: typeof end.reply.durationMs, meta: { ...end.reply.meta, requestId: undefined, firstTokenMs: typeof end.reply.meta?.firstTokenMs } }, {
			status: 'done', text: 'Hello there!', reasoning: '', deltaSeq: deltas.length, durationMs: 'number',
			meta: { servedModel: 'claude-haiku', requestedModel: 'flux-auto', routed: true, requestId: undefined, firstTokenMs: 'number' },
			// Anthropic's usage has no cost: 15 tokens estimated at $2 per 1M (nothing known of claude-haiku's price).
			usage: { promptTokens: 12, completionTokens: 3, ...format === 'openai' ? { costUsd: 0.000015, costSource: 'usage' } : { costUsd: 0.00003, costSource: 'estimate' } },
		});
		assert.deepEqual(events.map((e) => e.type), ['turn/started', 'turn/meta', ...deltas.map(() => 'turn/delta'), 'turn/ended', 'chat/spend']);
		assert.deepEqual({ seqs: deltas.map((e) => e.seq), text: deltas.map((e) => e.content).join(''), reasoning: deltas.some((e) => e.reasoning) },
			{ seqs: deltas.map((_, i) => i), text: 'Hello there!', reasoning: false });

		sim.script.push({ content: 'Sure.' });
		chat.send('and again?');
		await chat.idle();
		assert.deepEqual(sent[1].messages, [
			{ role: 'system', content: 'Be brief.' },
			{ role: 'user', content: 'hi' },
			{ role: 'assistant', content: 'Hello there!' },
			{ role: 'user', content: 'and again?' },
		]);
	});

	it('posts one turn/delta per frame: a snapshot mid-frame holds only what was posted, and the end posts the rest (issue 13.9)', async () => {
		// The clock stands still, so after the first delta everything waits for the frame to end.
		frames = new FakeFrameTimer();
		sim.script.push({ chunks: Array.from({ length: 50 }, (_, i) => `w${i} `), reasoning: ['Think', 'ing.'], tokenDelayMs: 2 });
		const chat = await session();
		chat.send('hi');
		while (!events.some((e) => e.type === 'turn/delta')) await new Promise((r) => setTimeout(r, 5));
		while ((chatRequests()[0]?.deltaSentAt.length ?? 0) < 10) await new Promise((r) => setTimeout(r, 5));
		const mid = chat.snapshot().turns[0].reply;
		const sentBefore = events.filter((e) => e.type === 'turn/delta');
		await chat.idle();
		const deltas = events.filter((e) => e.type === 'turn/delta');
		const [end] = ended();
		assert.deepEqual({
			mid: [mid.deltaSeq, mid.text, mid.reasoning],
			seqs: deltas.map((e) => e.seq),
			end: [end.reply.text, end.reply.reasoning, end.reply.deltaSeq],
		}, {
			mid: [sentBefore.length, sentBefore.map((e) => e.content ?? '').join(''), sentBefore.map((e) => e.reasoning ?? '').join('')],
			seqs: deltas.map((_, i) => i),
			end: [Array.from({ length: 50 }, (_, i) => `w${i} `).join(''), 'Thinking.', deltas.length],
		});
		// The first delta goes at once; the clock never moves, so the rest wait for the end of the turn.
		assert.deepEqual(deltas.map((e) => [e.content ?? '', e.reasoning ?? '']), [['', 'Think'], [Array.from({ length: 50 }, (_, i) => `w${i} `).join(''), 'ing.']]);
	});

	it('applies a changed model setting from the next turn', async () => {
		const chat = await session();
		chat.send('first');
		await chat.idle();
		settings = { ...settings, model: 'flux-pinned-gpt-5' };
		chat.send('second');
		await chat.idle();
		assert.deepEqual(chatRequests().map((r) => [r.requestedModel, r.servedModel, r.routed]), [
			['flux-auto', 'claude-haiku', true],
			['flux-pinned-gpt-5', 'gpt-5', false],
		]);
	});

	it('keeps reasoning out of the answer', async () => {
		sim.script.push({ reasoning: ['Let me ', 'think.'], chunks: ['Answer.'] });
		const chat = await session();
		chat.send('why?');
		await chat.idle();
		const { text, reasoning } = ended()[0].reply;
		assert.deepEqual({ text, reasoning }, { text: 'Answer.', reasoning: 'Let me think.' });
	});

	it('retries a 429 after Retry-After with a countdown, then succeeds', async () => {
		sim.script.push({ fault: { kind: 'rateLimited', retryAfter: 2 } }, { content: 'Made it.' });
		const chat = await session();
		const before = Date.now();
		chat.send('hello');
		await chat.idle();
		const retrying = events.find((e) => e.type === 'turn/retrying');
		assert.ok(retrying?.type === 'turn/retrying');
		assert.deepEqual({ attempt: retrying.attempt, max: retrying.maxAttempts, waits: sleeps, text: ended()[0].reply.text, requests: chatRequests().length, reason: retrying.reason.split(':')[0] },
			{ attempt: 1, max: 5, waits: [2000], text: 'Made it.', requests: 2, reason: 'FluxRouter is rate limiting this key' });
		assert.ok(retrying.retryAt >= before + 2000);
	});

	it('backs off from 0.5 s on repeated 500s and gives up after 5 attempts with a Retry', async () => {
		// Each wait is the documented base (0.5 s doubling) plus up to 0.25 s of jitter, both ends included.
		for (let i = 0; i < 5; i++) sim.script.push({ fault: { kind: 'http', status: 500 } });
		const chat = await session();
		chat.send('hello');
		await chat.idle();
		const { status, error } = ended()[0].reply;
		assert.deepEqual({ status, actions: error?.actions, requests: chatRequests().length, waits: sleeps.map((ms, i) => ms >= 500 * 2 ** i && ms <= 500 * 2 ** i + 250 ? 500 * 2 ** i : ms) },
			{ status: 'error', actions: ['retry'], requests: 5, waits: [500, 1000, 2000, 4000] });
	});

	it('never retries 400, 401, 402 or 403, and says what to do', async () => {
		const outcomes: Record<string, unknown> = {};
		for (const [name, fault] of [
			['401', { kind: 'http', status: 401 }],
			['402', { kind: 'billing', reason: 'monthly_credit' }],
			['403', { kind: 'http', status: 403 }],
			['400', { kind: 'http', status: 400, message: 'tools are not supported' }],
		] as const) {
			events = [];
			sim.reset();
			sim.script.push({ fault: fault as never });
			settings = { ...settings, model: 'flux-pinned-claude-sonnet' };
			const chat = await session();
			chat.send('x');
			await chat.idle();
			chat.dispose();
			outcomes[name] = { status: ended()[0].reply.status, actions: ended()[0].reply.error?.actions, requests: chatRequests().length };
		}
		assert.deepEqual(outcomes, {
			401: { status: 'error', actions: ['setApiKey', 'retry'], requests: 1 },
			402: { status: 'error', actions: ['retry'], requests: 1 },
			403: { status: 'error', actions: ['useFluxAuto', 'openSettings'], requests: 1 },
			400: { status: 'error', actions: ['retry', 'openSettings'], requests: 1 },
		});
	});

	it('on a 403 offers to change what chose the model: the setting, the pin, or the turn\'s own model', async () => {
		settings = { ...settings, model: 'flux-pinned-claude-sonnet' };
		const refused = { fault: { kind: 'http', status: 403 } } as const;
		sim.script.push(refused, refused, refused);
		const chat = await session();
		chat.send('x');
		await chat.idle();
		chat.setPin('flux-pinned-gpt-5');
		const turnId = ended()[0].turnId;
		chat.retry(turnId);
		await chat.idle();
		chat.retry(turnId, 'flux-pinned-claude-haiku');
		await chat.idle();
		chat.dispose();
		assert.deepEqual({ actions: ended().map((e) => e.reply.error?.actions), requests: chatRequests().length }, {
			actions: [['useFluxAuto', 'openSettings'], ['unpinAndRetry', 'openSettings'], ['retryWithFluxAuto', 'openSettings']],
			requests: 3,
		});
	});

	it('shows the server\'s billing message on a 402', async () => {
		sim.script.push({ fault: { kind: 'billing', reason: 'monthly_credit' } });
		const chat = await session();
		chat.send('x');
		await chat.idle();
		assert.match(ended()[0].reply.error?.message ?? '', /^FluxRouter billing: .*credit/i);
	});

	it('asks for a key when there is none, without calling the server', async () => {
		apiKey = undefined;
		const chat = await session();
		chat.send('hello');
		await chat.idle();
		assert.deepEqual({ status: ended()[0].reply.status, actions: ended()[0].reply.error?.actions, requests: chatRequests().length },
			{ status: 'error', actions: ['setApiKey'], requests: 0 });
	});

	it('keeps the partial reply of a dropped stream, marked incomplete, and does not retry', async () => {
		sim.script.push({ chunks: ['one ', 'two ', 'three ', 'four'], fault: { kind: 'drop', afterChunks: 2 } });
		const chat = await session();
		chat.send('count');
		await chat.idle();
		const { status, text, error } = ended()[0].reply;
		assert.deepEqual({ status, text, actions: error?.actions, requests: chatRequests().length },
			{ status: 'incomplete', text: 'one two ', actions: ['retry'], requests: 1 });
	});

	it('stops mid-stream: the server sees the disconnect and the partial reply is kept', async () => {
		sim.script.push({ chunks: Array.from({ length: 200 }, (_, i) => `w${i} `), tokenDelayMs: 10 });
		const chat = await session();
		chat.send('long please');
		while (!events.some((e) => e.type === 'turn/delta' && e.seq >= 2)) await new Promise((r) => setTimeout(r, 5));
		chat.stop();
		await chat.idle();
		await new Promise((r) => setTimeout(r, 50));
		const { status, text } = ended()[0].reply;
		assert.equal(status, 'stopped');
		assert.ok(text.startsWith('w0 w1 w2 ') && text.length < 200 * 4, text);
		assert.equal(chatRequests()[0].clientAborted, true);
	});

	it('saves every turn and restores it; a reply cut off by a shutdown comes back interrupted', async () => {
		const first = await session();
		first.send('remember me');
		await first.idle();
		first.setDraft('half-typed');
		first.dispose();
		// This host will be killed below (so its process is gone when the next one looks).
		const chat = await session(deadPid());
		const restored = chat.snapshot();
		assert.deepEqual({ questions: restored.turns.map((t) => t.question), status: restored.turns[0].reply.status, draft: restored.draft },
			{ questions: ['remember me'], status: 'done', draft: 'half-typed' });

		sim.script.push({ chunks: Array.from({ length: 100 }, () => 'x '), tokenDelayMs: 20 });
		events = [];
		chat.send('long one');
		// The question is written before any reply arrives; a restart now finds it interrupted.
		while (!events.some((e) => e.type === 'turn/delta')) await new Promise((r) => setTimeout(r, 5));
		const afterCrash = (await session()).snapshot();
		assert.deepEqual(afterCrash.turns.map((t) => [t.question, t.reply.status, t.reply.error?.actions]), [
			['remember me', 'done', undefined],
			['long one', 'incomplete', ['retry']],
		]);
		chat.stop();
		await chat.idle();
	});

	it('regenerates the last reply and edits the last question', async () => {
		sim.script.push({ content: 'first answer' }, { content: 'second answer' }, { content: 'third answer' });
		const chat = await session();
		chat.send('question');
		await chat.idle();
		const turnId = chat.snapshot().turns[0].id;
		chat.retry(turnId);
		await chat.idle();
		assert.deepEqual(chat.snapshot().turns.map((t) => [t.question, t.reply.text]), [['question', 'second answer']]);
		chat.editLast('better question');
		await chat.idle();
		assert.deepEqual(chat.snapshot().turns.map((t) => [t.question, t.reply.text]), [['better question', 'third answer']]);
		assert.deepEqual(sent[2].messages.map((m) => m.content), ['Be brief.', 'better question']);
	});

	it('keeps a message sent while a reply is in flight as the draft, and New Chat empties the conversation', async () => {
		sim.script.push({ chunks: ['a', 'b', 'c'], tokenDelayMs: 20 });
		const chat = await session();
		chat.send('one');
		chat.send('two');
		await chat.idle();
		assert.deepEqual({ questions: chat.snapshot().turns.map((t) => t.question), draft: chat.snapshot().draft }, { questions: ['one'], draft: 'two' });
		await chat.newChat();
		assert.deepEqual(chat.snapshot().turns, []);
	});

	it('pins a model for this conversation only, and retries a middle turn with a stronger model without changing later turns', async () => {
		const chat = await session();
		chat.send('first');
		await chat.idle();
		chat.send('second');
		await chat.idle();
		const [first, second] = chat.snapshot().turns;
		chat.retry(first.id, 'flux-reasoning');
		await chat.idle();
		chat.setPin('flux-pinned-gpt-5');
		chat.send('third');
		await chat.idle();
		assert.deepEqual(chatRequests().map((r) => [r.requestedModel, r.servedModel]), [
			['flux-auto', 'claude-haiku'],
			['flux-auto', 'claude-haiku'],
			['flux-reasoning', 'deepseek-v4'],
			['flux-pinned-gpt-5', 'gpt-5'],
		]);
		// The retried first turn was asked with nothing before it; the second kept its reply.
		assert.deepEqual(sent[2].messages.map((m) => m.content), ['Be brief.', 'first']);
		const after = chat.snapshot();
		assert.deepEqual(after.turns.map((t) => [t.question, t.model, t.reply.meta?.servedModel]), [
			['first', 'flux-reasoning', 'deepseek-v4'],
			['second', undefined, 'claude-haiku'],
			['third', undefined, 'gpt-5'],
		]);
		assert.equal(after.turns[1].reply.text, second.reply.text);
		assert.deepEqual(after.model, { model: 'flux-pinned-gpt-5', defaultModel: 'flux-auto', pin: 'flux-pinned-gpt-5' });
		// The pin is saved with the conversation; a new chat starts from the settings again.
		assert.equal((await session()).snapshot().model.pin, 'flux-pinned-gpt-5');
		await chat.newChat();
		assert.deepEqual(chat.snapshot().model, { model: 'flux-auto', defaultModel: 'flux-auto' });
	});

	it('keeps conversations apart: new chat, history search, open, rename and delete', async () => {
		const chat = await session();
		chat.send('How do lifetimes work in Rust?');
		await chat.idle();
		const rustId = chat.conversationId;
		await chat.newChat();
		chat.send('Debounce in TypeScript?');
		await chat.idle();
		const found = await libraryOf(chat).list('lifetimes');
		assert.deepEqual(found.items.map((i) => [i.id, i.title, i.turnCount]), [[rustId, 'How do lifetimes work in Rust?', 1]]);
		await libraryOf(chat).rename(rustId, 'Rust notes');
		assert.ok(await chat.openConversation(rustId));
		assert.deepEqual({ title: chat.snapshot().conversation.title, questions: chat.snapshot().turns.map((t) => t.question) }, { title: 'Rust notes', questions: ['How do lifetimes work in Rust?'] });
		// A restart opens the conversation that was open.
		assert.equal((await session()).conversationId, rustId);
		await libraryOf(chat).delete(rustId);
		assert.notEqual(chat.conversationId, rustId);
		assert.deepEqual((await libraryOf(await session()).list('')).items.map((i) => i.title), ['Debounce in TypeScript?']);
	});

	it('sends a long conversation a page at a time, and totals its spend', async () => {
		const chat = await session();
		for (let i = 0; i < 45; i++) {
			sim.script.push({ content: `answer ${i}`, usage: { prompt_tokens: 100, completion_tokens: 10, cost_usd: 0.0001 } });
			chat.send(`question ${i}`);
			await chat.idle();
		}
		const snap = (await session()).snapshot();
		assert.deepEqual({ first: snap.turns[0].question, count: snap.turns.length, earlier: snap.earlierTurns }, { first: 'question 5', count: 40, earlier: 5 });
		const page = chat.earlier(snap.turns[0].id);
		assert.deepEqual({ questions: page.turns.map((t) => t.question), earlier: page.earlierTurns }, { questions: ['question 0', 'question 1', 'question 2', 'question 3', 'question 4'], earlier: 0 });
		assert.deepEqual({ chat: +snap.spend.conversationUsd.toFixed(6), today: +spend.usd.toFixed(6), saved: +(snap.spend.dividend?.savedUsd ?? 0).toFixed(6) },
			// The router dividend is only shown on costs FluxRouter reported: Anthropic's usage carries none.
			format === 'openai' ? { chat: 0.0045, today: 0.0045, saved: 0.0153 } : { chat: 0.0099, today: 0.0099, saved: 0 });
	});

	it('keeps a long conversation within flux.context.maxInputTokens: older turns summarised, saved, and reused when reopened from disk', async () => {
		settings = { ...settings, maxInputTokens: 3000 };
		const createClient = async () => client('sk-test');
		// One budget, as in one extension host: what it learned of the served model carries over.
		const budget = new ContextBudget({ createClient, logger: silentLogger });
		const open = () => ConversationRunner.open({
			createClient, settings: () => settings, library: new ConversationLibrary(new HistoryStore(dir, silentLogger), silentLogger), state, meter,
			context: budget, logger: silentLogger, emit: (m) => events.push(m),
		});
		const chat = await open();
		const filler = 'lorem ipsum dolor sit amet '.repeat(40);
		for (let i = 0; i < 12; i++) {
			sim.script.push({ content: `Answer ${i}. ${filler}` });
			chat.send(`Question ${i}. ${filler}`);
			await chat.idle();
		}
		const asked = chatRequests().filter((r) => r.requestedModel !== 'flux-fast');
		const summaries = chatRequests().filter((r) => r.requestedModel === 'flux-fast');
		const notices = chat.snapshot().turns.flatMap((t) => t.reply.notices ?? []);
		const contexts = events.filter((e) => e.type === 'chat/context');
		assert.ok(summaries.length >= 1, 'a summary was made');
		assert.ok(asked.every((r) => (r.promptTokens ?? 0) <= 3000), `prompt tokens: ${asked.map((r) => r.promptTokens).join(', ')}`);
		assert.ok(notices.some((n) => /summarised/.test(n)), notices.join(' | '));
		assert.ok(contexts.length > 0 && contexts.every((e) => e.type === 'chat/context' && e.context.budgetTokens <= 3000));
		// The summary is saved with the conversation; reopened from disk, the next turn builds on it
		// (sends it as it is, or folds newer turns into it) rather than starting from the first turn.
		const saved = readFileSync(join(dir, `${chat.conversationId}.jsonl`), 'utf8').trimEnd().split('\n')
			.map((line) => JSON.parse(line) as { type: string; summary?: { text: string } }).filter((r) => r.type === 'summary').at(-1)?.summary?.text;
		assert.ok(saved, 'the summary is in the conversation file');
		chat.dispose();
		const before = chatRequests().length;
		const restarted = await open();
		sim.script.push({ content: 'Short answer.' });
		restarted.send('One more short question?');
		await restarted.idle();
		const after = chatRequests().slice(before).map((r) => JSON.stringify(r.body));
		assert.ok(after.some((body) => body.includes(JSON.stringify(saved).slice(1, 200))), 'the saved summary was used');
		assert.ok(!after.some((body) => body.includes('Question 0.')), 'the first turns were not sent again');
	});

	it('sends the instructions after the system prompt, counts them in the context meter, names what the cap cut, and keeps the files used with the reply', async () => {
		const createClient = async () => client('sk-test');
		const budget = new ContextBudget({ createClient, logger: silentLogger });
		const asked: (readonly string[])[] = [];
		const reader: InstructionReader = {
			folders: [{ name: 'repo', fsPath: '/repo' }],
			isTrusted: true,
			exclude: [],
			readText: async (fsPath) => ({ '/repo/AGENTS.md': 'ROOT-MARKER ' + 'x'.repeat(20_000), '/repo/web/AGENTS.md': 'WEB-MARKER ' + 'y'.repeat(20_000) } as Record<string, string>)[fsPath],
		};
		const open = (withInstructions: boolean) => ConversationRunner.open({
			createClient, settings: () => settings, library: new ConversationLibrary(new HistoryStore(dir, silentLogger), silentLogger), state, meter,
			context: budget, logger: silentLogger, emit: (m) => events.push(m),
			...(withInstructions ? {
				instructions: async (paths: readonly string[]) => {
					asked.push(paths);
					return assembleInstructions('USER-MARKER', await findInstructionFiles(reader, paths));
				},
			} : {}),
		});
		const plain = await open(false);
		sim.script.push({ content: 'Plain.' });
		plain.send('Same question?');
		await plain.idle();
		plain.newChat();
		plain.dispose();
		// The estimate made before each request (the server's own count follows it).
		const estimate = () => events.find((e) => e.type === 'chat/context')?.context.usedTokens ?? 0;
		const without = estimate();
		events = [];
		const chat = await open(true);
		sim.script.push({ content: 'With.' });
		chat.send('Same question?', undefined, [{ id: 'a', kind: 'file', label: 'web/a.ts', path: 'web/a.ts', text: 'const a = 1;' }]);
		await chat.idle();
		const system = sent[1].messages[0];
		const saved = readFileSync(join(dir, `${chat.conversationId}.jsonl`), 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as { type: string; turn?: { replies: { instructions?: unknown }[] } });
		assert.deepEqual({
			asked,
			system: { role: system.role, starts: typeof system.content === 'string' && system.content.startsWith('Be brief.\n\n# Instructions from the user\n\nUSER-MARKER'), root: String(system.content).includes('## AGENTS.md\n\nROOT-MARKER'), web: String(system.content).includes('WEB-MARKER') },
			counted: estimate() - without > 5000,
			notices: ended()[0].reply.notices,
			kept: saved.filter((r) => r.type === 'turn').at(-1)?.turn?.replies[0].instructions,
		}, {
			asked: [['web/a.ts']],
			system: { role: 'system', starts: true, root: true, web: true },
			counted: true,
			notices: ['The instructions are capped at 32 KiB: web/AGENTS.md (shortened).'],
			kept: [{ path: 'AGENTS.md', sha256: sha256('ROOT-MARKER ' + 'x'.repeat(20_000)) }, { path: 'web/AGENTS.md', sha256: sha256('WEB-MARKER ' + 'y'.repeat(20_000)) }],
		});
		// Read back from disk, the reply still names them.
		chat.dispose();
		const reopened = await open(true);
		await reopened.openConversation(chat.conversationId);
		assert.deepEqual(reopened.conversation.turns[0].reply.instructions?.map((i) => i.path), ['AGENTS.md', 'web/AGENTS.md']);
	});

	it('on context_length_exceeded prepares the history again to the raised ratio and asks once more', async () => {
		settings = { ...settings, maxInputTokens: 6000 };
		const createClient = async () => client('sk-test');
		const budget = new ContextBudget({ createClient, logger: silentLogger });
		const chat = await ConversationRunner.open({
			createClient, settings: () => settings, library: new ConversationLibrary(new HistoryStore(dir, silentLogger), silentLogger), state, meter,
			context: budget, logger: silentLogger, emit: (m) => events.push(m),
		});
		const filler = 'lorem ipsum dolor sit amet '.repeat(40);
		for (let i = 0; i < 4; i++) {
			sim.script.push({ content: `Answer ${i}. ${filler}` });
			chat.send(`Question ${i}. ${filler}`);
			await chat.idle();
		}
		const before = chatRequests().length;
		// The code is OpenAI's; Anthropic's overflow is known by its documented message.
		sim.script.push({ fault: { kind: 'http', status: 400, code: 'context_length_exceeded', message: 'prompt is too long: 9000 tokens > 6000 maximum' } });
		chat.send('And now?');
		await chat.idle();
		const asked = chatRequests().slice(before).filter((r) => r.requestedModel !== 'flux-fast');
		const last = ended().at(-1)!.reply;
		assert.deepEqual({
			statuses: asked.map((r) => r.status),
			smaller: JSON.stringify(asked[1]?.body ?? '').length < JSON.stringify(asked[0]?.body ?? '').length,
			first: asked.map((r) => JSON.stringify(r.body).includes('Question 0.')),
			reply: last.status,
		}, { statuses: [400, 200], smaller: true, first: [true, false], reply: 'done' });
		chat.dispose();
	});

	it('keeps a pin chosen on an empty chat through a reload, the first question and another reload (issue Trust 5)', async () => {
		const chat = await session();
		chat.setPin('flux-pinned-gpt-5');
		await chat.idle();
		chat.dispose();
		const reloaded = await session();
		assert.equal(reloaded.snapshot().model.pin, 'flux-pinned-gpt-5');
		reloaded.send('first');
		await reloaded.idle();
		reloaded.dispose();
		const again = await session();
		assert.deepEqual({ pin: again.snapshot().model.pin, asked: chatRequests().map((r) => r.requestedModel) }, { pin: 'flux-pinned-gpt-5', asked: ['flux-pinned-gpt-5'] });
	});

	it('keeps the open conversation\'s pin in the workspace state, for the status bar before the conversation is read', async () => {
		const chat = await session();
		chat.setPin('flux-pinned-gpt-5');
		assert.equal(state.pin, 'flux-pinned-gpt-5');
		chat.newChat();
		assert.equal(state.pin, undefined);
		chat.dispose();
	});

	it('leaves the previous answer in place when a retry fails, also after a reload (issue Trust 6)', async () => {
		sim.script.push({ content: 'first answer' }, { fault: { kind: 'http', status: 403 } });
		const chat = await session();
		chat.send('question');
		await chat.idle();
		chat.retry(chat.snapshot().turns[0].id, 'flux-pinned-claude-sonnet');
		await chat.idle();
		const shown = (c: ConversationRunner) => c.snapshot().turns.map((t) => [t.reply.status, t.reply.text]);
		assert.deepEqual({ now: shown(chat), reloaded: shown(await session()), ended: ended().map((e) => e.reply.text) },
			{ now: [['done', 'first answer']], reloaded: [['done', 'first answer']], ended: ['first answer', 'first answer'] });
	});

	it('keeps earlier answers as versions: the newest that succeeded is current, paging picks another, later turns, export and search follow it (issue Trust 6)', async () => {
		sim.script.push({ content: 'first answer' }, { content: 'second answer' }, { chunks: ['cut ', 'off'], fault: { kind: 'drop', afterChunks: 1 } }, { content: 'follow-up' });
		const chat = await session();
		chat.send('question');
		await chat.idle();
		const id = chat.snapshot().turns[0].id;
		chat.retry(id);
		await chat.idle();
		const afterSuccess = chat.snapshot().turns[0];
		chat.retry(id);
		await chat.idle();
		const afterDrop = chat.snapshot().turns[0];
		const lastEnded = ended().at(-1)!;
		events = [];
		chat.showVersion(id, 0);
		const changed = events.find((e) => e.type === 'turn/changed');
		chat.send('next');
		await chat.idle();
		const reloaded = await session();
		const conversation = (await libraryOf(reloaded).load(reloaded.conversationId))!;
		assert.deepEqual({
			afterSuccess: [afterSuccess.reply.text, afterSuccess.versions, afterSuccess.retryFailed],
			afterDrop: [afterDrop.reply.text, afterDrop.versions, afterDrop.retryFailed],
			lastEnded: [lastEnded.reply.text, lastEnded.versions, !!lastEnded.retryFailed],
			changed: changed?.type === 'turn/changed' && [changed.turn.reply.text, changed.turn.versions],
			nextSaw: sent.at(-1)!.messages.map((m) => m.content),
			reloaded: reloaded.snapshot().turns.map((t) => [t.reply.text, t.versions]),
			search: [(await libraryOf(reloaded).list('first')).items.length, (await libraryOf(reloaded).list('second')).items.length],
			exported: toMarkdown(conversation).includes('first answer') && !toMarkdown(conversation).includes('second answer') && toMarkdown(conversation).includes('> version 1 of 3 · '),
			spendCountsEveryVersion: conversation.turns[0].replies?.length,
		}, {
			afterSuccess: ['second answer', { index: 1, count: 2 }, undefined],
			afterDrop: ['second answer', { index: 1, count: 3 }, { message: 'The retry was cut off: The connection to FluxRouter broke: terminated. The previous answer is kept; the partial one is version 3.', actions: ['retry'] }],
			lastEnded: ['second answer', { index: 1, count: 3 }, true],
			changed: ['first answer', { index: 0, count: 3 }],
			nextSaw: ['Be brief.', 'question', 'first answer', 'next'],
			reloaded: [['first answer', { index: 0, count: 3 }], ['follow-up', undefined]],
			search: [1, 0],
			exported: true,
			spendCountsEveryVersion: 3,
		});
	});

	it('brings back a retry cut off by a shutdown as the answer it would have replaced, with the reason and Retry (issue Trust 6, 9)', async () => {
		sim.script.push({ content: 'first answer' }, { chunks: Array.from({ length: 100 }, () => 'x '), tokenDelayMs: 20 });
		// This host will be killed while the retry streams.
		const chat = await session(deadPid());
		chat.send('question');
		await chat.idle();
		chat.retry(chat.snapshot().turns[0].id);
		while (!events.some((e) => e.type === 'turn/delta' && e.seq > 0)) await new Promise((r) => setTimeout(r, 5));
		const afterCrash = (await session()).snapshot();
		assert.deepEqual(afterCrash.turns.map((t) => [t.reply.status, t.reply.text, t.versions, t.retryFailed]), [
			['done', 'first answer', undefined, { message: 'Interrupted: VS Code closed while the retry was streaming. The previous answer is kept.', actions: ['retry'] }],
		]);
		chat.stop();
		await chat.idle();
	});

	it('gives a conversation one writer: a second window reads it without marking the live reply interrupted (issue Trust 8)', async () => {
		sim.script.push({ chunks: Array.from({ length: 30 }, (_, i) => `w${i} `), tokenDelayMs: 10 });
		const first = await session();
		first.send('long question');
		while (!events.some((e) => e.type === 'turn/delta')) await new Promise((r) => setTimeout(r, 5));
		// Another window with no folder opens the same conversation while the reply streams.
		const second = await session();
		const seen = second.snapshot();
		second.send('from the second window');
		second.setPin('flux-pinned-gpt-5');
		await first.idle();
		await second.idle();
		const later = await session();
		assert.deepEqual({
			secondSees: seen.turns.map((t) => [t.reply.status, t.reply.error?.message]),
			readOnly: [seen.readOnly, second.snapshot().draft, second.snapshot().model.pin],
			after: later.snapshot().turns.map((t) => [t.question, t.reply.status]),
			pin: later.snapshot().model.pin,
			requests: chatRequests().length,
		}, {
			secondSees: [['incomplete', 'Still being written in another VS Code window.']],
			readOnly: [openElsewhereNotice, 'from the second window', undefined],
			after: [['long question', 'done']],
			pin: undefined,
			requests: 1,
		});
		// Once the first window is gone, the conversation can be continued in another.
		first.dispose();
		const third = await session();
		third.send('now here');
		await third.idle();
		assert.deepEqual({ readOnly: third.snapshot().readOnly, questions: third.snapshot().turns.map((t) => [t.question, t.reply.status]) },
			{ readOnly: undefined, questions: [['long question', 'done'], ['now here', 'done']] });
	});

	it('turns read-only, keeping the question as the draft, when another window took its conversation over (issue Trust 8)', async () => {
		const chat = await session();
		chat.send('first');
		await chat.idle();
		// Say this window slept past the stale limit and another one took the lock over.
		writeFileSync(join(dir, `${chat.conversationId}.lock`), JSON.stringify({ pid: process.pid, host: hostname(), token: 'the-other-window' }));
		chat.send('second');
		await chat.idle();
		const snap = chat.snapshot();
		assert.deepEqual({ readOnly: snap.readOnly, draft: snap.draft, turns: snap.turns.map((t) => t.question), requests: chatRequests().length },
			{ readOnly: openElsewhereNotice, draft: 'second', turns: ['first'], requests: 1 });
	});

	it('sends a question typed right after New Chat to the new conversation; the stopped reply ends in the old one', async () => {
		sim.script.push({ chunks: Array.from({ length: 200 }, (_, i) => `w${i} `), tokenDelayMs: 10 }, { content: 'Fresh answer.' });
		const chat = await session();
		chat.send('long question');
		const oldId = chat.conversationId;
		while (!events.some((e) => e.type === 'turn/delta')) await new Promise((r) => setTimeout(r, 5));
		chat.newChat();
		chat.send('new question');
		await chat.idle();
		const old = await libraryOf(await session()).load(oldId);
		assert.deepEqual({
			now: chat.snapshot().turns.map((t) => [t.question, t.reply.status, t.reply.text]),
			old: old?.turns.map((t) => [t.question, t.reply.status]),
		}, { now: [['new question', 'done', 'Fresh answer.']], old: [['long question', 'stopped']] });
	});
});
