import * as assert from 'node:assert/strict';
import type { FluxMessage } from '../../../../src/flux/chatRequest';
import { ContextBudget, historyMessages, summaryMessageFor, type ContextRequest, type SummaryUsage } from '../../../../src/chat/context/contextBudget';
import { countRequestTokens, estimateTokens, LazyTokenCounter, type TokenCounter } from '../../../../src/chat/context/tokenCounter';
import { FluxAbortError } from '../../../../src/flux/errors';
import type { FluxChatRequest } from '../../../../src/flux/fluxClient';
import { silentLogger, type Logger } from '../../../../src/flux/logger';
import { estimateCostUsd, lanePrices } from '../../../../src/flux/pricing/pricing';
import type { Turn } from '../../../../src/chat/model';
import { startFluxSimulator, type FluxSimulator } from '../../../sim/fluxSimulator';
import { bpeTokenizer } from '../../../../src/chat/context/bpeTokenizer';
import { apiFormats, chatRecords, RecordingClient } from '../../formats';

/**
 * Our own tokenizer (cl100k_base), as the extension counts. The simulator counts with its own
 * tokens times the served model's ratio, so what is learned is what the simulator reports over
 * what we count, never a copy of the simulator's arithmetic.
 */
const ourCounter: TokenCounter = { exact: true, countText: bpeTokenizer.count, ready: async () => {} };

/** A logger that keeps warnings. */
function fakeLogger(): Logger & { warnings: string[] } {
	const warnings: string[] = [];
	return { ...silentLogger, warnings, warn: (message: string) => { warnings.push(message); } };
}

/** Common words that are one token to cl100k_base and to the simulator alike (with the space before them). */
const vocabulary = ['the', 'and', 'for', 'are', 'but', 'not', 'you', 'all', 'any', 'can'];

/** `n` one-token words, starting with `word` so texts built from different words differ. */
function words(n: number, word = 'w'): string {
	return Array.from({ length: n }, (_, i) => i === 0 ? word : vocabulary[i % vocabulary.length]).join(' ');
}

function turn(i: number, questionTokens = 100, answerTokens = 200): Turn {
	return {
		id: `t${i}`,
		question: `Question ${i}: ${words(questionTokens - 3, 'q')}`,
		reply: { status: 'done', text: `Answer ${i}: ${words(answerTokens - 3, 'a')}`, reasoning: '' },
	};
}

function turns(count: number, questionTokens = 100, answerTokens = 200): Turn[] {
	return Array.from({ length: count }, (_, i) => turn(i + 1, questionTokens, answerTokens));
}

const system = 'You are Flux.';
const current = { question: 'And now?' };
const noSignal = () => new AbortController().signal;

for (const format of apiFormats) describe(`ContextBudget (${format} format)`, () => {
	let sim: FluxSimulator;
	let logger: ReturnType<typeof fakeLogger>;
	let recorder: RecordingClient;
	const client = async () => recorder;
	const budget = (counter: TokenCounter = ourCounter) => new ContextBudget({ createClient: client, logger, counter });
	const chatRequests = () => chatRecords(sim);
	/** Sends a request to the simulator and lets the budget learn from the response. */
	const exchange = async (b: ContextBudget, request: FluxChatRequest) => {
		const result = await (await client()).streamChat(request, noSignal());
		b.observe(request, result.meta, result.usage);
		return result;
	};

	before(async () => { sim = await startFluxSimulator(); });
	after(async () => { await sim.close(); });
	beforeEach(() => { sim.reset(); logger = fakeLogger(); recorder = new RecordingClient(sim, format, { timeoutMs: 5000 }); });

	it('sends the plain history when it fits, and reports the default window until one is seen', async () => {
		const history = turns(3);
		const prepared = await budget().prepare({ model: 'flux-auto', systemPrompt: system, history, current }, noSignal());
		const messages = historyMessages(system, history, current);
		const ours = countRequestTokens(ourCounter, messages);
		assert.deepEqual(prepared, {
			messages,
			summaryIsNew: false,
			// Nothing measured yet: our count times 1.2 (unknown tokenizer) and the 3% margin.
			context: { usedTokens: Math.ceil(ours * 1.2 * 1.03), budgetTokens: 128_000 - 8192, windowTokens: 128_000, summarisedTurns: 0, droppedTurns: 0 },
		});
		assert.deepEqual(messages.map((m) => m.role), ['system', 'user', 'assistant', 'user', 'assistant', 'user', 'assistant', 'user']);
		assert.equal(chatRequests().length, 0);
	});

	it('learns each served model\'s window from x-flux-model-window; flux-auto takes the smallest seen', async () => {
		const b = budget();
		const before = b.limits('flux-auto').windowTokens;
		await exchange(b, { model: 'flux-auto', messages: [{ role: 'user', content: 'hi' }] }); // claude-haiku, 200,000
		const afterFast = b.limits('flux-auto').windowTokens;
		await exchange(b, { model: 'flux-auto', messages: [{ role: 'user', content: 'Explain why, step by step.' }] }); // deepseek-v4, 128,000
		await exchange(b, { model: 'flux-pinned-gpt-5', messages: [{ role: 'user', content: 'hi' }] });
		assert.deepEqual({
			before,
			afterFast,
			afterReasoning: b.limits('flux-auto').windowTokens,
			pinned: b.limits('flux-pinned-gpt-5'),
			servedName: b.limits('claude-haiku').windowTokens,
			neverAsked: b.limits('flux-pinned-gemini-3-flash').windowTokens,
			capped: b.limits('flux-pinned-gpt-5', 24_000).budgetTokens,
		}, {
			before: 128_000,
			afterFast: 200_000,
			afterReasoning: 128_000,
			// "hi" is too short to measure a ratio well: 8 tokens of ours, 8 of gpt-5's.
			pinned: { windowTokens: 400_000, budgetTokens: 400_000 - 8192, ratio: 1 },
			servedName: 200_000,
			neverAsked: 128_000,
			capped: 24_000,
		});
	});

	it('corrects our count by the served model\'s usage.prompt_tokens: rises at once, falls slowly', async () => {
		const b = budget();
		const big = (n: number): FluxChatRequest => ({ model: 'flux-standard', messages: [{ role: 'user', content: words(n) }] });
		await exchange(b, big(10_000)); // claude-sonnet counts 1.15 of the simulator's tokens
		const sonnet = b.limits('flux-standard').ratio;
		// A scripted usage that reports fewer tokens: the ratio moves a fifth of the way down.
		sim.enqueue({ usage: { prompt_tokens: 10_007 } });
		await exchange(b, big(10_000));
		const lowered = b.limits('flux-standard').ratio;
		await exchange(b, { model: 'flux-pinned-deepseek-v4', messages: [{ role: 'user', content: words(10_000) }] });
		assert.deepEqual({
			sonnet: sonnet.toFixed(3),
			lowered: lowered.toFixed(3),
			deepseek: b.limits('flux-pinned-deepseek-v4').ratio.toFixed(3),
			// flux-auto has not been seen: the unknown ratio, or the largest measured if that is more.
			auto: b.limits('flux-auto').ratio.toFixed(3),
		}, { sonnet: '1.150', lowered: (1.15 - 0.15 * 0.2).toFixed(3), deepseek: '0.950', auto: '1.200' });
	});

	it('summarises the oldest turns with flux-fast when over budget, keeping the newest verbatim', async () => {
		const history = turns(30); // about 300 tokens a turn, 9,000 in all
		const parts = Array.from({ length: 10 }, (_, i) => `SUMMARY ${i + 1}: the user asked about w-words.`);
		sim.enqueue(...parts.map((content) => ({ content })));
		const request: ContextRequest = { model: 'flux-pinned-gpt-5', systemPrompt: system, history, current, maxInputTokens: 6000 };
		const prepared = await budget().prepare(request, noSignal());
		const summarised = prepared.summary?.turnCount ?? 0;
		const calls = chatRequests();
		const sent = recorder.sent.map((r) => r.messages[1].content).join('\n');
		const text = parts[calls.length - 1];
		assert.deepEqual({
			models: [...new Set(recorder.sent.map((r) => r.model))],
			// The summary calls are capped by maxInputTokens too, so 9,000 tokens go in slices.
			withinCap: calls.every((r) => (r.promptTokens ?? Infinity) <= 6000),
			// The transcripts sent for summarising hold turn 1 to the last summarised turn, not the kept ones.
			sentFirst: sent.includes('Question 1:'),
			sentLast: sent.includes(`Question ${summarised}:`),
			sentKept: sent.includes(`Question ${summarised + 1}:`),
			summary: prepared.summary,
			summaryIsNew: prepared.summaryIsNew,
			messages: prepared.messages,
			notice: prepared.notice,
			context: { ...prepared.context, usedTokens: prepared.context.usedTokens <= 6000 * 0.6 },
		}, {
			models: ['flux-fast'],
			withinCap: true,
			sentFirst: true, sentLast: true, sentKept: false,
			summary: { throughTurnId: `t${summarised}`, turnCount: summarised, text },
			summaryIsNew: true,
			messages: [
				{ role: 'system', content: system },
				{ role: 'user', content: `Summary of the earlier conversation (turns 1–${summarised}), which is no longer shown in full:\n\n${text}` },
				...historyMessages('', history.slice(summarised), current),
			],
			notice: `Turns 1–${summarised} were summarised to fit the context window.`,
			// After summarising, the request uses about half the budget, so the next turns fit too.
			context: { usedTokens: true, budgetTokens: 6000, windowTokens: 128_000, summarisedTurns: summarised, droppedTurns: 0 },
		});
		assert.ok(summarised >= 15 && summarised < 30, `summarised ${summarised} of 30 turns`);
	});

	it('asks the server for the exact count before summarising, where the format serves one (else summarises on our estimate)', async () => {
		// About 5,300 tokens: over a 6,000 cap by our estimate (x1.2 until gpt-5 is measured, +3%), within it by gpt-5's count.
		const history = turns(17);
		sim.enqueue(...Array.from({ length: 5 }, () => ({ content: 'A SUMMARY' })));
		const prepared = await budget().prepare({ model: 'flux-pinned-gpt-5', systemPrompt: system, history, current, maxInputTokens: 6000 }, noSignal());
		const counted = sim.requests.filter((r) => r.path === '/anthropic/v1/messages/count_tokens');
		assert.deepEqual({
			estimateOver: countRequestTokens(ourCounter, historyMessages(system, history, current)) * 1.2 * 1.03 > 6000,
			counted: counted.map((r) => [r.status, (r.promptTokens ?? Infinity) <= 6000]),
			summarised: prepared.summaryIsNew,
			summaryCalls: chatRequests().length,
		}, format === 'anthropic'
			? { estimateOver: true, counted: [[200, true]], summarised: false, summaryCalls: 0 }
			: { estimateOver: true, counted: [], summarised: true, summaryCalls: chatRequests().length });
		if (format === 'anthropic') assert.deepEqual(prepared.messages, historyMessages(system, history, current));
		else assert.ok(chatRequests().length >= 1);
	});

	it('reuses a saved summary until the turns after it no longer fit, then folds them in', async () => {
		const b = budget();
		const history = turns(30);
		const first = await b.prepare({ model: 'flux-pinned-gpt-5', systemPrompt: system, history, current, maxInputTokens: 6000 }, noSignal());
		const callsAfterFirst = chatRequests().length;
		// The next few turns fit beside the summary: no call, same summary, same meter counts.
		const next = await b.prepare({ model: 'flux-pinned-gpt-5', systemPrompt: system, history: turns(32), current, summary: first.summary, maxInputTokens: 6000 }, noSignal());
		const callsAfterNext = chatRequests().length;
		// Many turns later the verbatim part is over budget again: a new summary that builds on the old one.
		sim.enqueue(...Array.from({ length: 10 }, () => ({ content: 'SECOND SUMMARY' })));
		const later = await b.prepare({ model: 'flux-pinned-gpt-5', systemPrompt: system, history: turns(45), current, summary: first.summary, maxInputTokens: 6000 }, noSignal());
		const secondCall = recorder.sent[callsAfterFirst].messages[1].content;
		assert.deepEqual({
			nextSummary: next.summary === first.summary,
			nextIsNew: next.summaryIsNew,
			nextSecondMessage: next.messages[1],
			nextNotice: next.notice,
			nextCalls: callsAfterNext - callsAfterFirst,
			laterIsNew: later.summaryIsNew,
			laterText: later.summary?.text,
			secondCallHasOldSummary: secondCall.startsWith(`Summary so far:\n${first.summary!.text}`),
			secondCallStartsAfterOld: !secondCall.includes('Question 1:') && secondCall.includes(`Question ${first.summary!.turnCount + 1}:`),
		}, {
			nextSummary: true,
			nextIsNew: false,
			nextSecondMessage: summaryMessageFor(first.summary!),
			nextNotice: undefined,
			nextCalls: 0,
			laterIsNew: true,
			laterText: 'SECOND SUMMARY',
			secondCallHasOldSummary: true,
			secondCallStartsAfterOld: true,
		});
		assert.ok(later.summary!.turnCount > first.summary!.turnCount);
	});

	it('reports every summary call\'s tokens and cost through onUsage, so they count in today\'s spend', async () => {
		const usages: SummaryUsage[] = [];
		const b = new ContextBudget({ createClient: client, logger, counter: ourCounter, onUsage: (usage) => usages.push(usage) });
		sim.enqueue(...Array.from({ length: 10 }, (_, i) => ({ content: `SUMMARY ${i + 1}`, usage: { cost_usd: (i + 1) / 1000 } })));
		await b.prepare({ model: 'flux-pinned-gpt-5', systemPrompt: system, history: turns(30), current, maxInputTokens: 6000 }, noSignal());
		const calls = chatRequests();
		assert.ok(calls.length >= 1, `${calls.length} summary calls`);
		assert.deepStrictEqual(usages, calls.map((r, i) => ({
			model: 'flux-fast',
			servedModel: 'claude-haiku',
			promptTokens: r.promptTokens,
			completionTokens: r.completionTokens,
			// Anthropic's usage has no cost: it is estimated at the served model's price.
			...format === 'openai'
				? { costUsd: (i + 1) / 1000, costSource: 'usage' }
				: { costUsd: estimateCostUsd('claude-haiku', r.promptTokens!, r.completionTokens!, lanePrices), costSource: 'estimate' },
			tokensReported: true,
		})));
	});

	it('leaves the oldest turns out, with a notice, when summarising fails', async () => {
		const history = turns(30);
		sim.enqueue({ fault: { kind: 'http', status: 500 } });
		const prepared = await budget().prepare({ model: 'flux-pinned-gpt-5', systemPrompt: system, history, current, maxInputTokens: 6000 }, noSignal());
		const dropped = prepared.context.droppedTurns;
		assert.deepEqual({
			summary: prepared.summary,
			messages: prepared.messages,
			notice: prepared.notice,
			fits: prepared.context.usedTokens <= 6000,
			warned: logger.warnings.some((w) => w.startsWith('could not summarise')),
		}, {
			summary: undefined,
			messages: historyMessages(system, history.slice(dropped), current),
			notice: `Turns 1–${dropped} were left out to fit the context window (summarising them failed).`,
			fits: true,
			warned: true,
		});
		assert.ok(dropped > 0 && dropped < 30);
	});

	it('summarises in slices when the input is too big for the summary model\'s window', async () => {
		const b = budget();
		// Teach it a small window for flux-fast's model, so 30 turns (9,000 tokens) need several calls.
		b.observe({ model: 'flux-fast', messages: [] }, { servedModel: 'claude-haiku', requestedModel: 'flux-fast', routed: false, modelWindow: 4000 });
		const parts = Array.from({ length: 20 }, (_, i) => `PART ${i + 1}`);
		sim.enqueue(...parts.map((content) => ({ content })));
		const prepared = await b.prepare({ model: 'flux-pinned-gpt-5', systemPrompt: system, history: turns(30), current, maxInputTokens: 6000 }, noSignal());
		const calls = recorder.sent;
		assert.ok(calls.length >= 2 && calls.length < parts.length, `${calls.length} calls`);
		assert.deepEqual({
			models: [...new Set(calls.map((c) => c.model))],
			chained: calls.slice(1).every((c, i) => c.messages[1].content.startsWith(`Summary so far:\n${parts[i]}\n`)),
			// Each call fits flux-fast's (taught) window, as the simulator counts it.
			fit: chatRequests().every((r) => r.status === 200 && (r.promptTokens ?? Infinity) <= 4000),
			text: prepared.summary?.text,
			covers: prepared.summary?.turnCount,
		}, { models: ['flux-fast'], chained: true, fit: true, text: parts[calls.length - 1], covers: prepared.context.summarisedTurns });
	});

	it('rejects with FluxAbortError when stopped while summarising', async () => {
		sim.enqueue({ fault: { kind: 'stall', seconds: 5 } });
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 50);
		await assert.rejects(
			budget().prepare({ model: 'flux-pinned-gpt-5', systemPrompt: system, history: turns(30), current, maxInputTokens: 6000 }, controller.signal),
			FluxAbortError,
		);
	});

	it('never drops the system message or the current question: attached code is shortened first', async () => {
		const code = { path: 'src/big.ts', language: 'typescript', startLine: 1, endLine: 2000, text: Array.from({ length: 2000 }, (_, i) => `const v${i} = ${i};`).join('\n') };
		const prepared = await budget().prepare({ model: 'flux-pinned-gpt-5', systemPrompt: system, history: turns(5), current: { question: 'What does this do?', context: code }, maxInputTokens: 4000 }, noSignal());
		const last = prepared.messages.at(-1)!;
		const lastText = last.content as string;
		// Our count corrected (1.2 unknown, 3% margin) stays within the 4,000 budget; where the
		// server counted the whole request within it, the meter shows that count.
		assert.deepEqual({
			first: prepared.messages[0],
			lastRole: last.role,
			question: lastText.startsWith('What does this do?\n\n`src/big.ts` (typescript), lines 1-'),
			cut: /… \d+ more lines left out to fit the context window/.test(lastText),
			noticeStart: prepared.notice?.startsWith('The attached code was shortened to lines 1–'),
			fits: prepared.context.usedTokens <= 4000,
		}, { first: { role: 'system', content: system }, lastRole: 'user', question: true, cut: true, noticeStart: true, fits: true });

		// A question too big on its own is sent anyway, without earlier turns: the server's error says why.
		const huge = words(10_000);
		const alone = await budget().prepare({ model: 'flux-pinned-gpt-5', systemPrompt: system, history: turns(5), current: { question: huge }, maxInputTokens: 4000 }, noSignal());
		assert.deepEqual({ messages: alone.messages, dropped: alone.context.droppedTurns, notice: alone.notice }, {
			messages: [{ role: 'system', content: system }, { role: 'user', content: huge }],
			dropped: 5,
			notice: 'This question is larger than the context window allows (4,000 tokens) even without the earlier turns; it was sent as it is.',
		});
	});

	it('cuts attachments to what fits, with a note on each, when the question with them is over the budget', async () => {
		const file = (path: string, lines: number) => ({
			id: path, kind: 'file' as const, label: path, path, startLine: 1, endLine: lines, language: 'typescript',
			text: Array.from({ length: lines }, (_, i) => `export const ${path.replace(/\W/g, '_')}${i} = ${i};`).join('\n'),
		});
		const small = file('src/small.ts', 3);
		const prepared = await budget().prepare({ model: 'flux-pinned-gpt-5', systemPrompt: system, history: turns(3), current: { question: 'Compare these', attachments: [file('src/a.ts', 3000), small, file('src/b.ts', 3000)] }, maxInputTokens: 4000 }, noSignal());
		const lastText = prepared.messages.at(-1)!.content as string;
		assert.match(prepared.notice ?? '', /^Attachments were cut to fit the context window: src\/a\.ts, src\/b\.ts\./);
		assert.match(lastText, /src\/a\.ts/);
		assert.ok(lastText.includes(small.text), 'a small attachment stays whole');
		assert.ok(prepared.context.usedTokens <= 4000, `${prepared.context.usedTokens} tokens`);
		assert.match(lastText, /src_a_ts0 = 0;/);
		assert.doesNotMatch(lastText, /src_a_ts2999 = 2999;/);
	});

	it('fit shortens tool results, oldest first, until the request fits', () => {
		const b = budget();
		const toolCall = (id: string): FluxMessage => ({ role: 'assistant', content: '', toolCalls: [{ id, name: 'read_file', arguments: '{}' }] });
		const messages: FluxMessage[] = [
			{ role: 'system', content: system },
			{ role: 'user', content: 'Read both files.' },
			toolCall('c1'),
			{ role: 'tool', toolCallId: 'c1', content: words(1500, 'x') },
			toolCall('c2'),
			{ role: 'tool', toolCallId: 'c2', content: words(1500, 'y') },
		];
		const request: FluxChatRequest = { model: 'flux-pinned-gpt-5', messages };
		const roomy = b.fit(request);
		const tight = b.fit(request, 3000);
		const sent = tight.request.messages;
		assert.deepEqual({
			roomy: [roomy.request === request, roomy.shortenedToolResults],
			shortened: tight.shortenedToolResults,
			unchanged: [sent[0], sent[1], sent[2], sent[4], sent[5]],
			firstCut: (sent[3].content as string).includes('tool result shortened to fit the context window'),
			fits: tight.context.usedTokens <= 3000,
			original: (messages[3].content as string).length > (sent[3].content as string).length,
		}, {
			roomy: [true, 0],
			shortened: 1,
			unchanged: [messages[0], messages[1], messages[2], messages[4], messages[5]],
			firstCut: true,
			fits: true,
			original: true,
		});
	});

	it('counts conservatively until the tokenizer loads, and not at all from a failed load', async () => {
		const text = 'const answer = compute(42); // a line of code';
		const loading = new LazyTokenCounter({ logger, load: () => ({ name: 'fake', count: (t) => t.split(' ').length }) });
		const beforeLoad = [loading.exact, loading.countText(text)];
		await loading.ready();
		const afterLoad = [loading.exact, loading.countText(text)];
		const failing = new LazyTokenCounter({ logger, load: () => { throw new Error('no bundle'); } });
		await failing.ready();
		// Learning a ratio from an estimate would be wrong once the tokenizer loads: observe skips it.
		const b = budget(failing);
		b.observe({ model: 'flux-pinned-gpt-5', messages: [{ role: 'user', content: text }] }, { servedModel: 'gpt-5', requestedModel: 'flux-pinned-gpt-5', routed: false, modelWindow: 400_000 }, { promptTokens: 5, completionTokens: 1 });
		assert.deepEqual({
			beforeLoad, afterLoad,
			failed: [failing.exact, failing.countText(text)],
			warned: logger.warnings,
			limits: b.limits('flux-pinned-gpt-5'),
		}, {
			// Two characters a token: well above any real tokenizer's count for this line (about 12).
			beforeLoad: [false, estimateTokens(text)],
			afterLoad: [true, 9],
			failed: [false, Math.ceil(text.length / 2)],
			warned: ['could not load the tokenizer, token counts are estimates: no bundle'],
			limits: { windowTokens: 400_000, budgetTokens: 400_000 - 8192, ratio: 1.2 },
		});
	});

	it('loads the real tokenizer (cl100k_base) from the separate module', async () => {
		const counter = new LazyTokenCounter({ logger });
		await counter.ready();
		assert.deepEqual([counter.exact, counter.countText('hello world'), counter.countText('<|endoftext|>') > 1], [true, 2, true]);
	});
});
