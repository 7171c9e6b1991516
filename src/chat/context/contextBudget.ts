import type { FluxChatRequest, FluxClient, FluxResponseMeta, FluxUsage } from '../../flux/fluxClient';
import type { Logger } from '../../flux/logger';
import type { PriceLookup } from '../../flux/pricing/pricing';
import { sharedTokenCounter, type TokenCounter } from './tokenCounter';
import { Fitter, type ContextRequest, type FittedRequest, type PreparedContext } from './fitter';
import type { LimitsStore } from './learnedLimits';
import { ModelLimits, type ContextLimits } from './modelLimits';
import { Summariser, type SummaryUsage } from './summariser';

export type { ContextRequest, FittedRequest, PreparedContext } from './fitter';
export type { LearnedLimits, LimitsStore } from './learnedLimits';
export { defaultWindowTokens, replyReserveTokens, type ContextLimits } from './modelLimits';
export { historyMessages, summaryMessageFor, type ContextSummary } from './promptBuilder';
export { defaultSummaryModel, type SummaryUsage } from './summariser';

/** What {@link ContextBudget} needs. */
export interface ContextBudgetDeps {
	/** A client for the summary call (the same factory turns use). */
	readonly createClient: () => Promise<FluxClient>;
	readonly logger: Logger;
	/** Tests pass a fake; the default is the shared lazily loaded cl100k_base counter. */
	readonly counter?: TokenCounter;
	/** Writes summaries; default `flux-fast`. */
	readonly summaryModel?: string;
	/** Keeps learned windows and ratios across restarts; without one they last as long as the instance. */
	readonly limitsStore?: LimitsStore;
	/** Every summary call that was answered, with its tokens and cost (for today's spend). */
	readonly onUsage?: (usage: SummaryUsage) => void;
	/** Prices a summary call's estimate by the model that served it (the usage meter's prices). */
	readonly prices?: PriceLookup;
}

/**
 * Keeps every request within what the served model can take. It learns each served model's
 * window from `x-flux-model-window` and how its tokenizer compares with ours from
 * `usage.prompt_tokens` (ModelLimits), then: `prepare` builds a turn's messages, summarising the
 * oldest turns with a cheap model when the history no longer fits (dropping them when that
 * fails); `fit` shortens tool results inside a turn's tool loop (both decided by the Fitter);
 * `observe` learns from every response.
 *
 * Never drops the system message or the current question. A question that does not fit even
 * alone has its attached code shortened, and is then sent anyway: the server's error tells the
 * user better than a silent cut would.
 *
 * One instance should live as long as the extension, so what it learns serves every conversation;
 * with a `limitsStore`, what it learned also outlives the extension host.
 */
export class ContextBudget {
	private readonly modelLimits: ModelLimits;
	private readonly fitter: Fitter;

	constructor(deps: ContextBudgetDeps) {
		const counter = deps.counter ?? sharedTokenCounter(deps.logger);
		const { logger } = deps;
		this.modelLimits = new ModelLimits({ counter, logger, store: deps.limitsStore });
		const summariser = new Summariser({ createClient: deps.createClient, logger, counter, limits: this.modelLimits, model: deps.summaryModel, onUsage: deps.onUsage, prices: deps.prices });
		const exactTokens = async (request: FluxChatRequest, signal: AbortSignal) => (await deps.createClient()).countTokens(request, signal);
		this.fitter = new Fitter({ counter, logger, limits: this.modelLimits, summariser, exactTokens });
	}

	/**
	 * Window, budget and correction for a request to `model`. A pinned id or tier alias uses what
	 * served it last; a routed id (`flux-auto`) may land anywhere, so it uses the smallest window
	 * and the largest ratio among the models seen serving it. A served model's own name (as in
	 * `X-Flux-Model`) gives that model's figures.
	 */
	limits(model: string, maxInputTokens?: number): ContextLimits {
		return this.modelLimits.limits(model, maxInputTokens);
	}

	/**
	 * Builds the messages of one turn's first request. Within budget they are the plain history
	 * (with the saved summary in place of the turns it covers). Over budget, the oldest turns are
	 * summarised with the summary model so the request uses about half the budget; a saved summary
	 * is reused until the turns after it no longer fit. If summarising fails, the oldest turns are
	 * left out instead. Rejects only with FluxAbortError, when `signal` fires.
	 */
	prepare(request: ContextRequest, signal: AbortSignal): Promise<PreparedContext> {
		return this.fitter.prepare(request, signal);
	}

	/**
	 * Before each request inside a turn (the tool loop): shortens tool results, oldest first,
	 * until the request fits; everything else is sent as it is. The meter's summarised and dropped
	 * counts are 0 here: the caller carries them over from `prepare`.
	 */
	fit(request: FluxChatRequest, maxInputTokens?: number): FittedRequest {
		return this.fitter.fit(request, maxInputTokens);
	}

	/**
	 * The server refused `sent` with `context_length_exceeded`: learns that `model` counts more
	 * than we thought, so that the same request would no longer fit (kept like other learning).
	 * Prepare or fit the request again after this to send something smaller.
	 */
	overflowed(model: string, sent: FluxChatRequest, maxInputTokens?: number): ContextLimits {
		return this.modelLimits.overflowed(model, sent, maxInputTokens);
	}

	/** The served model last seen answering `model`, if any (for messages naming it). */
	servedModel(model: string): string | undefined {
		return this.modelLimits.servedModel(model);
	}

	/**
	 * After each response: learns the served model's window (`meta.modelWindow`), which model
	 * serves the requested id, and how the served model's count compares with ours for exactly
	 * what was sent (`usage.promptTokens`; learned only once the tokenizer has loaded).
	 */
	observe(sent: FluxChatRequest, meta: FluxResponseMeta, usage?: FluxUsage): void {
		this.modelLimits.observe(sent, meta, usage);
	}
}
