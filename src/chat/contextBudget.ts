import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { FluxAbortError } from '../flux/errors';
import type { FluxChatRequest, FluxClient, FluxResponseMeta, FluxUsage } from '../flux/fluxClient';
import type { Logger } from '../flux/logger';
import type { CodeContextView, ContextView } from '../protocol/messages';
import type { Turn } from './model';
import { describeCode } from './codeContext';
import { countMessageTokens, countRequestTokens, sharedTokenCounter, type TokenCounter } from './tokenCounter';

/** FluxRouter's advice until `x-flux-model-window` has been seen for a model. */
export const defaultWindowTokens = 128_000;

/** Tokens kept free for the reply: 8,192, or a quarter of a small window. */
export function replyReserveTokens(windowTokens: number): number {
	return Math.min(8192, Math.floor(windowTokens / 4));
}

/** The model that writes summaries: the cheapest lane. */
export const defaultSummaryModel = 'flux-fast';

/**
 * Our count times this, for a model whose tokenizer we have not measured yet. The models behind
 * the router count up to about a fifth more than cl100k_base on code.
 */
const unknownRatio = 1.2;
const minRatio = 0.5;
const maxRatio = 3;
/** Share of a lower measurement taken in: ratios rise at once and fall slowly (conservative). */
const ratioFallWeight = 0.2;
/** On top of the corrected count: what the correction cannot know (new content, a longer paste). */
const safetyMargin = 1.03;
/** After summarising, a request uses about this share of the budget, so the next turns fit too. */
const afterSummaryShare = 0.5;
/** A summary is at most this many tokens, and at most this share of the budget. */
const summaryMaxTokens = 1500;
const summaryMaxShare = 0.12;
/** A tool result is never shortened below this many characters: the model should see what it was. */
const toolResultMinChars = 400;

/** The summary of the oldest turns, saved with the conversation and reused until it must grow. */
export interface ContextSummary {
	/** The last turn it covers: it covers every turn up to and including this one. */
	readonly throughTurnId: string;
	/** How many turns it covers (turns 1 to `turnCount`). */
	readonly turnCount: number;
	readonly text: string;
}

/** What one turn's request is built from. */
export interface ContextRequest {
	/** The id this turn asks for (`flux-auto`, a tier alias, `flux-pinned-*`). */
	readonly model: string;
	readonly systemPrompt: string;
	/** The turns before the current one, oldest first. */
	readonly history: readonly Turn[];
	readonly current: Pick<Turn, 'question' | 'context'>;
	/** The conversation's saved summary, if any; ignored when its last turn is not in `history`. */
	readonly summary?: ContextSummary;
	/** The tool definitions the turn will offer: they count towards the input too. */
	readonly tools?: readonly ChatCompletionTool[];
	/** `flux.context.maxInputTokens` when set (> 0): a cap on input tokens. */
	readonly maxInputTokens?: number;
}

/** The messages to send, and what the meter and the transcript should say about them. */
export interface PreparedContext {
	/** System message, summary (if any), the turns kept verbatim, the current question. */
	readonly messages: ChatCompletionMessageParam[];
	/** The summary in use (the request's, or a new one), undefined when none is. */
	readonly summary?: ContextSummary;
	/** True when `summary` was made for this request: the caller saves it with the conversation. */
	readonly summaryIsNew: boolean;
	readonly context: ContextView;
	/** For the transcript (a `turn/notice`): turns summarised or left out, code shortened. */
	readonly notice?: string;
}

/** A request made to fit by shortening its tool results. */
export interface FittedRequest {
	readonly request: FluxChatRequest;
	readonly context: ContextView;
	/** How many tool results were shortened (0 when the request fitted as it was). */
	readonly shortenedToolResults: number;
}

/** What a request may use with a model, as {@link ContextBudget.limits} works it out. */
export interface ContextLimits {
	/** The served model's window, or the smallest seen for a routed id; 128,000 until seen. */
	readonly windowTokens: number;
	/**
	 * min(window − reply reserve, maxInputTokens). `flux.context.maxInputTokens` caps the input
	 * only: the reply reserve comes out of the window, not out of that cap.
	 */
	readonly budgetTokens: number;
	/** Server tokens per token of ours for the model likely to serve, before the safety margin. */
	readonly ratio: number;
}

/** What {@link ContextBudget} needs. */
export interface ContextBudgetDeps {
	/** A client for the summary call (the same factory turns use). */
	readonly createClient: () => Promise<FluxClient>;
	readonly logger: Logger;
	/** Tests pass a fake; the default is the shared lazily loaded cl100k_base counter. */
	readonly counter?: TokenCounter;
	/** Writes summaries; default `flux-fast`. */
	readonly summaryModel?: string;
}

/** A history turn as messages, with its 1-based number in the conversation. */
interface CountedTurn {
	readonly turn: Turn;
	readonly number: number;
	readonly messages: readonly ChatCompletionMessageParam[];
	readonly tokens: number;
}

/**
 * Keeps every request within what the served model can take. It learns each served model's
 * window from `x-flux-model-window` and how its tokenizer compares with ours from
 * `usage.prompt_tokens`, then: `prepare` builds a turn's messages, summarising the oldest turns
 * with a cheap model when the history no longer fits (dropping them when that fails); `fit`
 * shortens tool results inside a turn's tool loop; `observe` learns from every response.
 *
 * Never drops the system message or the current question. A question that does not fit even
 * alone has its attached code shortened, and is then sent anyway: the server's error tells the
 * user better than a silent cut would.
 *
 * One instance should live as long as the extension, so what it learns serves every conversation.
 */
export class ContextBudget {
	private readonly counter: TokenCounter;
	private readonly summaryModel: string;
	/** Served model → its window. */
	private readonly windows = new Map<string, number>();
	/** Served model → server tokens per token of ours. */
	private readonly ratios = new Map<string, number>();
	/** Requested id → the served model that answered it last. */
	private readonly lastServed = new Map<string, string>();
	/** Routed ids (flux-auto) → every served model seen for them. */
	private readonly routedServed = new Map<string, Set<string>>();

	constructor(private readonly deps: ContextBudgetDeps) {
		this.counter = deps.counter ?? sharedTokenCounter(deps.logger);
		this.summaryModel = deps.summaryModel ?? defaultSummaryModel;
	}

	/**
	 * Window, budget and correction for a request to `model`. A pinned id or tier alias uses what
	 * served it last; a routed id (`flux-auto`) may land anywhere, so it uses the smallest window
	 * and the largest ratio among the models seen serving it. A served model's own name (as in
	 * `X-Flux-Model`) gives that model's figures.
	 */
	limits(model: string, maxInputTokens?: number): ContextLimits {
		let window: number | undefined;
		let ratio: number | undefined;
		const routed = this.routedServed.get(model);
		if (this.windows.has(model) || this.ratios.has(model)) {
			window = this.windows.get(model);
			ratio = this.ratios.get(model);
		} else if (routed || isRoutedId(model)) {
			const served = [...(routed ?? [])];
			const windows = served.map((m) => this.windows.get(m)).filter((w): w is number => w !== undefined);
			const ratios = served.map((m) => this.ratios.get(m)).filter((r): r is number => r !== undefined);
			window = windows.length ? Math.min(...windows) : undefined;
			ratio = ratios.length ? Math.max(...ratios) : undefined;
		} else {
			const served = this.lastServed.get(model);
			window = served === undefined ? undefined : this.windows.get(served);
			ratio = served === undefined ? undefined : this.ratios.get(served);
		}
		const windowTokens = window ?? defaultWindowTokens;
		let budgetTokens = windowTokens - replyReserveTokens(windowTokens);
		if (maxInputTokens !== undefined && maxInputTokens > 0) budgetTokens = Math.min(budgetTokens, Math.floor(maxInputTokens));
		return { windowTokens, budgetTokens, ratio: ratio ?? Math.max(unknownRatio, ...this.ratios.values()) };
	}

	/**
	 * Builds the messages of one turn's first request. Within budget they are the plain history
	 * (with the saved summary in place of the turns it covers). Over budget, the oldest turns are
	 * summarised with the summary model so the request uses about half the budget; a saved summary
	 * is reused until the turns after it no longer fit. If summarising fails, the oldest turns are
	 * left out instead. Rejects only with FluxAbortError, when `signal` fires.
	 */
	async prepare(request: ContextRequest, signal: AbortSignal): Promise<PreparedContext> {
		// The first call waits for the tokenizer (about 0.1 s, once); a failed load leaves the estimate.
		await this.counter.ready();
		const limits = this.limits(request.model, request.maxInputTokens);
		const allowed = this.rawAllowance(limits, limits.budgetTokens);
		const system = systemMessage(request.systemPrompt);
		const saved = request.summary === undefined ? -1 : request.history.findIndex((t) => t.id === request.summary!.throughTurnId);
		let summary = saved >= 0 ? request.summary : undefined;
		const start = saved + 1;
		// Turns the saved summary covers are never sent again, so they are not counted either.
		const turns = request.history.map((turn, i): CountedTurn => {
			const messages = i < start ? [] : turnMessages(turn);
			return { turn, number: i + 1, messages, tokens: this.countMessages(messages) };
		});
		const base = countRequestTokens(this.counter, system ? [system] : [], request.tools);
		const result = (messages: ChatCompletionMessageParam[], summarised: number, dropped: number, extra: Partial<PreparedContext> = {}): PreparedContext => ({
			messages, summaryIsNew: false, ...(summary ? { summary } : {}), ...extra,
			context: this.view(limits, this.countRequest(messages, request.tools), summarised, dropped),
		});

		let current = questionMessage(request.current);
		let currentTokens = countMessageTokens(this.counter, current);
		let codeNotice: string | undefined;
		// Room for a summary of the earlier turns stays free, so the question never pushes them all out.
		const summaryRoom = request.history.length ? this.summaryCap(limits) + 40 : 0;
		if (base + currentTokens + summaryRoom > allowed && request.current.context) {
			const shortened = this.shortenCode(request.current, allowed - base - summaryRoom);
			current = questionMessage(shortened);
			currentTokens = countMessageTokens(this.counter, current);
			codeNotice = `The attached code was shortened to lines ${shortened.context!.startLine}–${shortened.context!.endLine} to fit the context window.`;
		}
		const fixed = base + currentTokens;
		if (fixed > allowed) {
			const messages = [...(system ? [system] : []), current];
			this.deps.logger.warn(`the question alone is over the budget (${limits.budgetTokens} tokens): sending it without earlier turns`);
			summary = undefined;
			return result(messages, 0, turns.length, {
				notice: joinNotices(codeNotice, `This question is larger than the context window allows (${limits.budgetTokens.toLocaleString('en-US')} tokens) even without the earlier turns; it was sent as it is.`),
			});
		}

		const summaryMessage = summary ? summaryMessageFor(summary) : undefined;
		const summaryTokens = summaryMessage ? countMessageTokens(this.counter, summaryMessage) : 0;
		const tail = turns.slice(start);
		if (fixed + summaryTokens + sum(tail) <= allowed) {
			return result(assemble(system, summaryMessage, tail, current), summary?.turnCount ?? 0, 0, codeNotice ? { notice: codeNotice } : {});
		}

		// Over budget: summarise enough of the oldest turns that the next several turns fit as well.
		const capTokens = this.summaryCap(limits);
		const target = this.rawAllowance(limits, limits.budgetTokens * afterSummaryShare) - fixed - capTokens - 40;
		const first = start + tail.length - keepNewest(tail, target);
		const toSummarise = turns.slice(start, first);
		try {
			const text = await this.summarise(summary, toSummarise, capTokens, request.maxInputTokens, signal);
			const through = toSummarise.at(-1)?.turn ?? request.history[saved];
			summary = { throughTurnId: through.id, turnCount: toSummarise.at(-1)?.number ?? summary!.turnCount, text };
			const made = summaryMessageFor(summary);
			// The summary is capped, so this fits; should a paste make it not, the oldest kept turns go.
			const kept = turns.slice(first);
			const room = allowed - fixed - countMessageTokens(this.counter, made);
			const keptCount = keepNewest(kept, room);
			const dropped = kept.length - keptCount;
			this.deps.logger.info(`summarised turns 1–${summary.turnCount} into ${this.counter.countText(text)} tokens`);
			return result(assemble(system, made, kept.slice(dropped), current), summary.turnCount, dropped, {
				summaryIsNew: true,
				notice: joinNotices(codeNotice, `Turns 1–${summary.turnCount} were summarised to fit the context window.`),
			});
		} catch (error) {
			if (signal.aborted || error instanceof FluxAbortError) throw new FluxAbortError();
			this.deps.logger.warn(`could not summarise the oldest turns, leaving them out: ${error instanceof Error ? error.message : String(error)}`);
		}
		const keptCount = keepNewest(tail, allowed - fixed - summaryTokens);
		const dropped = tail.length - keptCount;
		const from = tail[0]?.number;
		const to = tail[dropped - 1]?.number;
		const left = dropped === 0 ? undefined : from === to ? `Turn ${from} was` : `Turns ${from}–${to} were`;
		return result(assemble(system, summaryMessage, tail.slice(dropped), current), summary?.turnCount ?? 0, dropped, {
			...(left || codeNotice ? { notice: joinNotices(codeNotice, left && `${left} left out to fit the context window (summarising them failed).`) } : {}),
		});
	}

	/**
	 * Before each request inside a turn (the tool loop): shortens tool results, oldest first,
	 * until the request fits; everything else is sent as it is. The meter's summarised and dropped
	 * counts are 0 here: the caller carries them over from `prepare`.
	 */
	fit(request: FluxChatRequest, maxInputTokens?: number): FittedRequest {
		const limits = this.limits(request.model, maxInputTokens);
		const allowed = this.rawAllowance(limits, limits.budgetTokens);
		const messages = [...request.messages];
		let total = this.countRequest(messages, request.tools);
		let shortened = 0;
		for (let i = 0; i < messages.length && total > allowed; i++) {
			const message = messages[i];
			if (message.role !== 'tool' || typeof message.content !== 'string' || message.content.length <= toolResultMinChars) continue;
			const before = countMessageTokens(this.counter, message);
			const content = this.shortenText(message.content, Math.max(0, before - (total - allowed) - 60), 'tool result');
			if (content.length >= message.content.length) continue;
			messages[i] = { ...message, content };
			total += countMessageTokens(this.counter, messages[i]) - before;
			shortened++;
		}
		if (shortened) this.deps.logger.debug(`shortened ${shortened} tool result(s) to fit ${limits.budgetTokens} tokens`);
		if (total > allowed) this.deps.logger.warn(`request to ${request.model} is over its budget (${limits.budgetTokens} tokens) after shortening tool results`);
		return { request: shortened ? { ...request, messages } : request, context: this.view(limits, total, 0, 0), shortenedToolResults: shortened };
	}

	/**
	 * After each response: learns the served model's window (`meta.modelWindow`), which model
	 * serves the requested id, and how the served model's count compares with ours for exactly
	 * what was sent (`usage.promptTokens`; learned only once the tokenizer has loaded).
	 */
	observe(sent: FluxChatRequest, meta: FluxResponseMeta, usage?: FluxUsage): void {
		const served = meta.servedModel;
		if (meta.modelWindow !== undefined && meta.modelWindow > 0) this.windows.set(served, meta.modelWindow);
		this.lastServed.set(sent.model, served);
		if (meta.routed || isRoutedId(sent.model)) {
			const seen = this.routedServed.get(sent.model) ?? new Set<string>();
			seen.add(served);
			this.routedServed.set(sent.model, seen);
		}
		if (!usage || usage.promptTokens <= 0 || !this.counter.exact) return;
		const ours = this.countRequest(sent.messages, sent.tools);
		const measured = clamp(usage.promptTokens / ours, minRatio, maxRatio);
		const previous = this.ratios.get(served);
		const ratio = previous === undefined || measured > previous ? measured : previous + (measured - previous) * ratioFallWeight;
		this.ratios.set(served, ratio);
		this.deps.logger.debug(`${served}: ${usage.promptTokens} prompt tokens for ${ours} of ours (ratio ${ratio.toFixed(3)}), window ${this.windows.get(served) ?? 'unknown'}`);
	}

	/** The meter's figures for a request of `rawTokens` (our count) to `limits`. */
	private view(limits: ContextLimits, rawTokens: number, summarisedTurns: number, droppedTurns: number): ContextView {
		return {
			usedTokens: Math.ceil(rawTokens * limits.ratio * safetyMargin),
			budgetTokens: limits.budgetTokens,
			windowTokens: limits.windowTokens,
			summarisedTurns,
			droppedTurns,
		};
	}

	/** How many of our tokens fit in `serverTokens` of the model's, after correction and margin. */
	private rawAllowance(limits: ContextLimits, serverTokens: number): number {
		return Math.floor(serverTokens / (limits.ratio * safetyMargin));
	}

	private summaryCap(limits: ContextLimits): number {
		return this.rawAllowance(limits, Math.min(summaryMaxTokens, limits.budgetTokens * summaryMaxShare));
	}

	private countMessages(messages: readonly ChatCompletionMessageParam[]): number {
		return messages.reduce((total, m) => total + countMessageTokens(this.counter, m), 0);
	}

	private countRequest(messages: readonly ChatCompletionMessageParam[], tools?: readonly ChatCompletionTool[]): number {
		return countRequestTokens(this.counter, messages, tools);
	}

	/**
	 * One summary of the earlier summary and `turns`, at most `capTokens` of ours. When the input
	 * is too big for the summary model's window it goes in slices, each summary feeding the next.
	 */
	private async summarise(previous: ContextSummary | undefined, turns: readonly CountedTurn[], capTokens: number, maxInputTokens: number | undefined, signal: AbortSignal): Promise<string> {
		// `flux.context.maxInputTokens` caps every request, the summary calls included.
		const limits = this.limits(this.summaryModel, maxInputTokens);
		const sliceTokens = this.rawAllowance(limits, limits.budgetTokens) - capTokens - 400;
		let text = previous?.text;
		let coveredTo = previous?.turnCount ?? 0;
		let slice: string[] = [];
		let sliceSize = 0;
		const flush = async () => {
			text = await this.summariseOnce(text, coveredTo, slice.join('\n\n'), capTokens, signal);
			slice = [];
			sliceSize = 0;
		};
		for (const turn of turns) {
			const room = sliceTokens - (text ? this.counter.countText(text) : 0);
			let rendered = renderTurn(turn);
			let size = this.counter.countText(rendered);
			if (size > room) {
				rendered = this.shortenText(rendered, Math.max(200, room), 'turn');
				size = this.counter.countText(rendered);
			}
			if (slice.length && sliceSize + size > room) await flush();
			slice.push(rendered);
			sliceSize += size;
			coveredTo = turn.number;
		}
		if (slice.length) await flush();
		if (text === undefined) throw new Error('nothing to summarise');
		return this.shortenText(text, capTokens, 'summary');
	}

	private async summariseOnce(previous: string | undefined, to: number, transcript: string, capTokens: number, signal: AbortSignal): Promise<string> {
		const words = Math.max(80, Math.floor(capTokens * 0.6));
		const parts = [
			...(previous ? [`Summary so far:\n${previous}`] : []),
			...(transcript ? [`Conversation to ${previous ? 'add' : 'summarise'}:\n\n${transcript}`] : []),
		];
		const request: FluxChatRequest = {
			model: this.summaryModel,
			messages: [
				{ role: 'system', content: summaryInstructions(words) },
				{ role: 'user', content: `${parts.join('\n\n---\n\n')}\n\n---\n\nWrite the summary of turns 1–${to} now.` },
			],
		};
		this.deps.logger.debug(`summarising turns 1–${to} with ${this.summaryModel}`);
		const client = await this.deps.createClient();
		const result = await client.streamChat(request, signal);
		this.observe(request, result.meta, result.usage);
		const text = result.text.trim();
		// flux-fast can spend its answer on reasoning and return nothing: that is a failure.
		if (!text) throw new Error(`${this.summaryModel} returned an empty summary`);
		return text;
	}

	/** Cuts a text to about `maxTokens` of ours at a line end, saying what was left out. */
	private shortenText(text: string, maxTokens: number, what: string): string {
		const tokens = this.counter.countText(text);
		if (tokens <= maxTokens) return text;
		let keep = Math.floor(text.length * maxTokens / tokens);
		for (let i = 0; i < 8; i++) {
			let cut = text.slice(0, Math.max(what === 'tool result' ? toolResultMinChars : 0, keep));
			const lineEnd = cut.lastIndexOf('\n');
			if (lineEnd > cut.length * 0.8) cut = cut.slice(0, lineEnd);
			const shortened = `${cut}\n[… ${what} shortened to fit the context window: ${(text.length - cut.length).toLocaleString('en-US')} of ${text.length.toLocaleString('en-US')} characters left out]`;
			if (this.counter.countText(shortened) <= maxTokens || keep <= toolResultMinChars) return shortened;
			keep = Math.floor(keep * 0.9);
		}
		return text.slice(0, keep);
	}

	/** The attached code cut to its first lines so the question fits in `maxTokens` of ours. */
	private shortenCode(current: Pick<Turn, 'question' | 'context'>, maxTokens: number): Pick<Turn, 'question' | 'context'> {
		const code = current.context!;
		const lines = code.text.split('\n');
		const fits = (n: number) => countMessageTokens(this.counter, questionMessage({ ...current, context: cutCode(code, lines, n) })) <= maxTokens;
		let low = 1;
		let high = lines.length;
		while (low < high) {
			const mid = Math.ceil((low + high) / 2);
			if (fits(mid)) low = mid;
			else high = mid - 1;
		}
		return { ...current, context: cutCode(code, lines, low) };
	}
}

/**
 * The messages for one request without any budget: system prompt, every question and answer so
 * far, then the new question. Tool exchanges stay inside their turn; later turns see only the
 * answers.
 */
export function historyMessages(systemPrompt: string, history: readonly Turn[], current: Pick<Turn, 'question' | 'context'>): ChatCompletionMessageParam[] {
	const system = systemMessage(systemPrompt);
	return [...(system ? [system] : []), ...history.flatMap(turnMessages), questionMessage(current)];
}

/**
 * The summary as it is sent: a user message right after the system message. Not a system
 * message: its text was written by a model from the conversation (tool output included), so it
 * gets no more authority than the turns it replaces, and the user's system prompt goes out
 * exactly as configured.
 */
export function summaryMessageFor(summary: ContextSummary): ChatCompletionMessageParam {
	const turns = summary.turnCount === 1 ? 'turn 1' : `turns 1–${summary.turnCount}`;
	return { role: 'user', content: `Summary of the earlier conversation (${turns}), which is no longer shown in full:\n\n${summary.text}` };
}

function summaryInstructions(words: number): string {
	return [
		'You summarise a conversation between a user and a coding assistant in VS Code, so that it can go on without the full text.',
		`Write at most ${words} words as terse Markdown bullet points, grouped by topic, oldest first.`,
		'Keep: facts and constraints the user stated; decisions made and why; code identifiers, file paths, commands, settings and error messages exactly as written; what was tried and what came of it; open questions and next steps.',
		'Leave out greetings, thanks and anything said twice. When a summary so far is given, merge the new turns into it. Do not answer any question; only summarise.',
	].join('\n');
}

function systemMessage(systemPrompt: string): ChatCompletionMessageParam | undefined {
	return systemPrompt.trim() ? { role: 'system', content: systemPrompt } : undefined;
}

function questionMessage(turn: Pick<Turn, 'question' | 'context'>): ChatCompletionMessageParam {
	return { role: 'user', content: turn.context ? `${turn.question}\n\n${describeCode(turn.context)}` : turn.question };
}

function turnMessages(turn: Turn): ChatCompletionMessageParam[] {
	const question = questionMessage(turn);
	return turn.reply.text ? [question, { role: 'assistant', content: turn.reply.text }] : [question];
}

function renderTurn(turn: CountedTurn): string {
	const [question, answer] = turn.messages;
	return `Turn ${turn.number}, user:\n${question.content as string}${answer ? `\n\nTurn ${turn.number}, assistant:\n${answer.content as string}` : ''}`;
}

function assemble(system: ChatCompletionMessageParam | undefined, summary: ChatCompletionMessageParam | undefined, turns: readonly CountedTurn[], current: ChatCompletionMessageParam): ChatCompletionMessageParam[] {
	return [...(system ? [system] : []), ...(summary ? [summary] : []), ...turns.flatMap((t) => t.messages), current];
}

/** How many of the newest turns fit in `tokens`. */
function keepNewest(turns: readonly CountedTurn[], tokens: number): number {
	let used = 0;
	let kept = 0;
	for (let i = turns.length - 1; i >= 0 && used + turns[i].tokens <= tokens; i--) {
		used += turns[i].tokens;
		kept++;
	}
	return kept;
}

function cutCode(code: CodeContextView, lines: readonly string[], keep: number): CodeContextView {
	if (keep >= lines.length) return code;
	const text = `${lines.slice(0, keep).join('\n')}\n… ${lines.length - keep} more lines left out to fit the context window`;
	return { ...code, text, endLine: code.startLine + keep - 1 };
}

function sum(turns: readonly CountedTurn[]): number {
	return turns.reduce((total, t) => total + t.tokens, 0);
}

function clamp(value: number, min: number, max: number): number {
	return Math.min(max, Math.max(min, value));
}

function joinNotices(...notices: (string | undefined)[]): string | undefined {
	const text = notices.filter(Boolean).join(' ');
	return text || undefined;
}

/** `flux-auto` is the id the router routes; others name a tier or a model. */
function isRoutedId(model: string): boolean {
	return model === 'flux-auto';
}
