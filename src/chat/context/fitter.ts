import { t } from '@vscode/l10n';
import type { FluxMessage, FluxToolDefinition } from '../../flux/chatRequest';
import { FluxAbortError } from '../../flux/errors';
import type { FluxChatRequest } from '../../flux/fluxClient';
import type { Logger } from '../../flux/logger';
import type { CodeContextView, ContextView } from '../../protocol/messages';
import { cutAttachment } from '../attachments/attachments';
import type { Turn } from '../model';
import { countMessageTokens, countRequestTokens, type TokenCounter } from './tokenCounter';
import { rawAllowance, serverEstimate, type ContextLimits, type ModelLimits } from './modelLimits';
import { assemble, questionMessage, summaryMessageFor, systemMessage, turnMessages, type ContextSummary, type CountedTurn } from './promptBuilder';
import { shortenText, toolResultMinChars } from './shortenText';
import type { Summariser } from './summariser';

/** After summarising, a request uses about this share of the budget, so the next turns fit too. */
const afterSummaryShare = 0.5;
/** A summary is at most this many tokens, and at most this share of the budget. */
const summaryMaxTokens = 1500;
const summaryMaxShare = 0.12;

/** What one turn's request is built from. */
export interface ContextRequest {
	/** The id this turn asks for (`flux-auto`, a tier alias, `flux-pinned-*`). */
	readonly model: string;
	readonly systemPrompt: string;
	/** The turns before the current one, oldest first. */
	readonly history: readonly Turn[];
	readonly current: Pick<Turn, 'question' | 'context' | 'attachments'>;
	/** The conversation's saved summary, if any; ignored when its last turn is not in `history`. */
	readonly summary?: ContextSummary;
	/** The tool definitions the turn will offer: they count towards the input too. */
	readonly tools?: readonly FluxToolDefinition[];
	/** `flux.context.maxInputTokens` when set (> 0): a cap on input tokens. */
	readonly maxInputTokens?: number;
}

/** The messages to send, and what the meter and the transcript should say about them. */
export interface PreparedContext {
	/** System message, summary (if any), the turns kept verbatim, the current question. */
	readonly messages: FluxMessage[];
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

/** What {@link Fitter} needs. */
export interface FitterDeps {
	readonly counter: TokenCounter;
	readonly logger: Logger;
	readonly limits: ModelLimits;
	readonly summariser: Summariser;
	/**
	 * The server's exact count of a request, where its format serves one (Anthropic's
	 * `count_tokens`); undefined, or a failure, means our estimate stands.
	 */
	readonly exactTokens?: (request: FluxChatRequest, signal: AbortSignal) => Promise<number | undefined>;
}

/**
 * Decides what a request leaves out so it fits the model: which of the oldest turns are
 * summarised or dropped, how much attached code and which tool results are shortened. The system
 * message and the current question are never dropped.
 */
export class Fitter {
	constructor(private readonly deps: FitterDeps) {}

	/**
	 * One turn's first request: the plain history while it fits, else the oldest turns summarised
	 * (or left out when summarising fails). Rejects only with FluxAbortError.
	 */
	async prepare(request: ContextRequest, signal: AbortSignal): Promise<PreparedContext> {
		const { counter, logger } = this.deps;
		// The first call waits for the tokenizer (about 0.1 s, once); a failed load leaves the estimate.
		await counter.ready();
		const limits = this.deps.limits.limits(request.model, request.maxInputTokens);
		const allowed = rawAllowance(limits, limits.budgetTokens);
		const system = systemMessage(request.systemPrompt);
		const saved = request.summary === undefined ? -1 : request.history.findIndex((t) => t.id === request.summary!.throughTurnId);
		let summary = saved >= 0 ? request.summary : undefined;
		const start = saved + 1;
		// Turns the saved summary covers are never sent again, so they are not counted either.
		const turns = request.history.map((turn, i): CountedTurn => {
			const messages = i < start ? [] : turnMessages(turn);
			return { turn, number: i + 1, messages, tokens: this.countMessages(messages) };
		});
		const base = countRequestTokens(counter, system ? [system] : [], request.tools);
		const result = (messages: FluxMessage[], summarised: number, dropped: number, extra: Partial<PreparedContext> = {}): PreparedContext => ({
			messages, summaryIsNew: false, ...(summary ? { summary } : {}), ...extra,
			context: view(limits, countRequestTokens(counter, messages, request.tools), summarised, dropped),
		});

		let current = questionMessage(request.current);
		let currentTokens = countMessageTokens(counter, current);
		let codeNotice: string | undefined;
		// Room for a summary of the earlier turns stays free, so the question never pushes them all out.
		const summaryRoom = request.history.length ? summaryCap(limits) + 40 : 0;
		if (base + currentTokens + summaryRoom > allowed && request.current.context) {
			const shortened = this.shortenCode(request.current, allowed - base - summaryRoom);
			current = questionMessage(shortened);
			currentTokens = countMessageTokens(counter, current);
			codeNotice = t('The attached code was shortened to lines {0}–{1} to fit the context window.', shortened.context!.startLine, shortened.context!.endLine);
		}
		if (base + currentTokens + summaryRoom > allowed && request.current.attachments?.length) {
			const shortened = this.shortenAttachments(request.current, allowed - base - summaryRoom);
			current = questionMessage(shortened);
			currentTokens = countMessageTokens(counter, current);
			const cut = request.current.attachments.filter((a, i) => shortened.attachments![i] !== a).map((a) => a.label);
			if (cut.length) codeNotice = joinNotices(codeNotice, t('Attachments were cut to fit the context window: {0}.', cut.join(', ')));
		}
		const fixed = base + currentTokens;
		if (fixed > allowed) {
			const messages = [...(system ? [system] : []), current];
			logger.warn(`the question alone is over the budget (${limits.budgetTokens} tokens): sending it without earlier turns`);
			summary = undefined;
			return result(messages, 0, turns.length, {
				notice: joinNotices(codeNotice, t('This question is larger than the context window allows ({0} tokens) even without the earlier turns; it was sent as it is.', limits.budgetTokens.toLocaleString('en-US'))),
			});
		}

		const summaryMessage = summary ? summaryMessageFor(summary) : undefined;
		const summaryTokens = summaryMessage ? countMessageTokens(counter, summaryMessage) : 0;
		const tail = turns.slice(start);
		if (fixed + summaryTokens + sum(tail) <= allowed) {
			return result(assemble(system, summaryMessage, tail, current), summary?.turnCount ?? 0, 0, codeNotice ? { notice: codeNotice } : {});
		}

		// Over budget by our estimate, which errs high: where the server can count exactly, a
		// history that fits after all is sent whole rather than summarised (a paid call).
		const whole = assemble(system, summaryMessage, tail, current);
		const exact = await this.exactFit({ model: request.model, messages: whole, ...(request.tools ? { tools: request.tools } : {}) }, limits, signal);
		if (exact !== undefined) {
			// The meter shows the server's own count: it is what decided.
			const sent = result(whole, summary?.turnCount ?? 0, 0, codeNotice ? { notice: codeNotice } : {});
			return { ...sent, context: { ...sent.context, usedTokens: exact } };
		}
		// Over budget: summarise enough of the oldest turns that the next several turns fit as well.
		const capTokens = summaryCap(limits);
		const target = rawAllowance(limits, limits.budgetTokens * afterSummaryShare) - fixed - capTokens - 40;
		const first = start + tail.length - keepNewest(tail, target);
		const toSummarise = turns.slice(start, first);
		try {
			const text = await this.deps.summariser.summarise(summary, toSummarise, capTokens, request.maxInputTokens, signal);
			const through = toSummarise.at(-1)?.turn ?? request.history[saved];
			summary = { throughTurnId: through.id, turnCount: toSummarise.at(-1)?.number ?? summary!.turnCount, text };
			const made = summaryMessageFor(summary);
			// The summary is capped, so this fits; should a paste make it not, the oldest kept turns go.
			const kept = turns.slice(first);
			const room = allowed - fixed - countMessageTokens(counter, made);
			const keptCount = keepNewest(kept, room);
			const dropped = kept.length - keptCount;
			logger.info(`summarised turns 1–${summary.turnCount} into ${counter.countText(text)} tokens`);
			return result(assemble(system, made, kept.slice(dropped), current), summary.turnCount, dropped, {
				summaryIsNew: true,
				notice: joinNotices(codeNotice, t('Turns 1–{0} were summarised to fit the context window.', summary.turnCount)),
			});
		} catch (error) {
			if (signal.aborted || error instanceof FluxAbortError) throw new FluxAbortError();
			logger.warn(`could not summarise the oldest turns, leaving them out: ${error instanceof Error ? error.message : String(error)}`);
		}
		const keptCount = keepNewest(tail, allowed - fixed - summaryTokens);
		const dropped = tail.length - keptCount;
		const from = tail[0]?.number;
		const to = tail[dropped - 1]?.number;
		const left = dropped === 0 ? undefined : from === to ? t('Turn {0} was left out to fit the context window (summarising them failed).', from) : t('Turns {0}–{1} were left out to fit the context window (summarising them failed).', from, to);
		return result(assemble(system, summaryMessage, tail.slice(dropped), current), summary?.turnCount ?? 0, dropped, {
			...(left || codeNotice ? { notice: joinNotices(codeNotice, left) } : {}),
		});
	}

	/** A request inside a turn's tool loop: tool results shortened, oldest first, until it fits. */
	fit(request: FluxChatRequest, maxInputTokens?: number): FittedRequest {
		const { counter, logger } = this.deps;
		const limits = this.deps.limits.limits(request.model, maxInputTokens);
		const allowed = rawAllowance(limits, limits.budgetTokens);
		const messages = [...request.messages];
		let total = countRequestTokens(counter, messages, request.tools);
		let shortened = 0;
		for (let i = 0; i < messages.length && total > allowed; i++) {
			const message = messages[i];
			if (message.role !== 'tool' || typeof message.content !== 'string' || message.content.length <= toolResultMinChars) continue;
			const before = countMessageTokens(counter, message);
			const content = shortenText(counter, message.content, Math.max(0, before - (total - allowed) - 60), 'tool result');
			if (content.length >= message.content.length) continue;
			messages[i] = { ...message, content };
			total += countMessageTokens(counter, messages[i]) - before;
			shortened++;
		}
		if (shortened) logger.debug(`shortened ${shortened} tool result(s) to fit ${limits.budgetTokens} tokens`);
		if (total > allowed) logger.warn(`request to ${request.model} is over its budget (${limits.budgetTokens} tokens) after shortening tool results`);
		return { request: shortened ? { ...request, messages } : request, context: view(limits, total, 0, 0), shortenedToolResults: shortened };
	}

	/** The server's count of `request` when it is within the budget; undefined when over or when it cannot say. */
	private async exactFit(request: FluxChatRequest, limits: ContextLimits, signal: AbortSignal): Promise<number | undefined> {
		if (!this.deps.exactTokens || !this.deps.limits.trustsServerCount(request.model)) return undefined;
		try {
			const exact = await this.deps.exactTokens(request, signal);
			if (exact !== undefined) this.deps.logger.debug(`the server counts ${exact} input tokens against a budget of ${limits.budgetTokens}`);
			return exact !== undefined && exact <= limits.budgetTokens ? exact : undefined;
		} catch (error) {
			if (signal.aborted) throw new FluxAbortError();
			this.deps.logger.debug(`could not count tokens on the server: ${error instanceof Error ? error.message : String(error)}`);
			return undefined;
		}
	}

	private countMessages(messages: readonly FluxMessage[]): number {
		return messages.reduce((total, m) => total + countMessageTokens(this.deps.counter, m), 0);
	}

	/** The attached code cut to its first lines so the question fits in `maxTokens` of ours. */
	private shortenCode(current: Pick<Turn, 'question' | 'context' | 'attachments'>, maxTokens: number): Pick<Turn, 'question' | 'context' | 'attachments'> {
		const code = current.context!;
		const lines = code.text.split('\n');
		const fits = (n: number) => countMessageTokens(this.deps.counter, questionMessage({ ...current, context: cutCode(code, lines, n) })) <= maxTokens;
		let low = 1;
		let high = lines.length;
		while (low < high) {
			const mid = Math.ceil((low + high) / 2);
			if (fits(mid)) low = mid;
			else high = mid - 1;
		}
		return { ...current, context: cutCode(code, lines, low) };
	}

	/**
	 * The attachments cut (each to its first lines, with a note on it) to the largest common
	 * length at which the question fits in `maxTokens` of ours; short ones stay whole.
	 */
	private shortenAttachments(current: Pick<Turn, 'question' | 'context' | 'attachments'>, maxTokens: number): Pick<Turn, 'question' | 'context' | 'attachments'> {
		const attachments = current.attachments!;
		const cutTo = (chars: number) => ({ ...current, attachments: attachments.map((a) => cutAttachment(a, chars)) });
		const fits = (chars: number) => countMessageTokens(this.deps.counter, questionMessage(cutTo(chars))) <= maxTokens;
		let low = 0;
		let high = Math.max(...attachments.map((a) => a.text.length));
		while (low < high) {
			const mid = Math.ceil((low + high) / 2);
			if (fits(mid)) low = mid;
			else high = mid - 1;
		}
		return cutTo(low);
	}
}

/** The meter's figures for a request of `rawTokens` (our count) to `limits`. */
function view(limits: ContextLimits, rawTokens: number, summarisedTurns: number, droppedTurns: number): ContextView {
	return {
		usedTokens: serverEstimate(limits, rawTokens),
		budgetTokens: limits.budgetTokens,
		windowTokens: limits.windowTokens,
		summarisedTurns,
		droppedTurns,
	};
}

function summaryCap(limits: ContextLimits): number {
	return rawAllowance(limits, Math.min(summaryMaxTokens, limits.budgetTokens * summaryMaxShare));
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

function joinNotices(...notices: (string | undefined)[]): string | undefined {
	const text = notices.filter(Boolean).join(' ');
	return text || undefined;
}
