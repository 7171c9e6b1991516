import { defaultMaxOutputTokens } from '../../flux/chatRequest';
import type { FluxChatRequest, FluxResponseMeta, FluxUsage } from '../../flux/fluxClient';
import type { Logger } from '../../flux/logger';
import { countRequestTokens, type TokenCounter } from './tokenCounter';
import { learnedLimitsFrom, maxRatio, minRatio, type LearnedLimits, type LimitsStore } from './learnedLimits';

/** FluxRouter's advice until `x-flux-model-window` has been seen for a model. */
export const defaultWindowTokens = 128_000;

/**
 * Tokens kept free for the reply: 8,192 (what a reply may use when nothing else says, which the
 * Anthropic format asks for), or a quarter of a small window.
 */
export function replyReserveTokens(windowTokens: number): number {
	return Math.min(defaultMaxOutputTokens, Math.floor(windowTokens / 4));
}

/**
 * Our count times this, for a model whose tokenizer we have not measured yet. The models behind
 * the router count up to about a fifth more than cl100k_base on code.
 */
const unknownRatio = 1.2;
/** Share of a lower measurement taken in: ratios rise at once and fall slowly (conservative). */
const ratioFallWeight = 0.2;
/** On top of the corrected count: what the correction cannot know (new content, a longer paste). */
const safetyMargin = 1.03;

/** What a request may use with a model, as {@link ModelLimits.limits} works it out. */
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

/** What {@link ModelLimits} needs. */
export interface ModelLimitsDeps {
	/** Our tokenizer: a ratio is learned only from an exact count. */
	readonly counter: TokenCounter;
	readonly logger: Logger;
	/** Where what was learned is kept between sessions; without one it lasts as long as the instance. */
	readonly store?: LimitsStore;
}

/**
 * What each model can take: its window, learned from `x-flux-model-window`, and how its tokenizer
 * compares with ours, learned from `usage.prompt_tokens`; also which models serve each requested
 * id. With a store, what it learns survives a restart: it is loaded once here and saved whenever
 * a response teaches something new.
 */
export class ModelLimits {
	/** Served model → its window. */
	private readonly windows = new Map<string, number>();
	/** Served model → server tokens per token of ours. */
	private readonly ratios = new Map<string, number>();
	/** Requested id → the served model that answered it last. */
	private readonly lastServed = new Map<string, string>();
	/** Routed ids (flux-auto) → every served model seen for them. */
	private readonly routedServed = new Map<string, Set<string>>();
	/** Requested ids the server refused as too long: its exact count is no longer taken for them. */
	private readonly countsMisled = new Set<string>();

	constructor(private readonly deps: ModelLimitsDeps) {
		if (deps.store) this.restore(deps.store);
	}

	/** False once `model` overflowed in this session: the budget then goes by its own estimate. */
	trustsServerCount(model: string): boolean {
		return !this.countsMisled.has(model);
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
		// An id's own ratio without a window is what an overflow taught before anything served it.
		if (!routed && !isRoutedId(model) && (this.windows.has(model) || (this.ratios.has(model) && !this.lastServed.has(model)))) {
			window = this.windows.get(model);
			ratio = this.ratios.get(model);
		} else if (routed || isRoutedId(model)) {
			const served = [...(routed ?? [])];
			const windows = served.map((m) => this.windows.get(m)).filter((w): w is number => w !== undefined);
			// A routed id's own ratio is what an overflow taught before any served model was seen.
			const ratios = [...served, model].map((m) => this.ratios.get(m)).filter((r): r is number => r !== undefined);
			window = windows.length ? Math.min(...windows) : undefined;
			ratio = ratios.length ? Math.max(...ratios) : undefined;
		} else {
			const served = this.lastServed.get(model);
			window = served === undefined ? undefined : this.windows.get(served);
			const ratios = [served === undefined ? undefined : this.ratios.get(served), this.ratios.get(model)].filter((r): r is number => r !== undefined);
			ratio = ratios.length ? Math.max(...ratios) : undefined;
		}
		const windowTokens = window ?? defaultWindowTokens;
		let budgetTokens = windowTokens - replyReserveTokens(windowTokens);
		if (maxInputTokens !== undefined && maxInputTokens > 0) budgetTokens = Math.min(budgetTokens, Math.floor(maxInputTokens));
		return { windowTokens, budgetTokens, ratio: ratio ?? Math.max(unknownRatio, ...this.ratios.values()) };
	}

	/**
	 * After each response: learns the served model's window (`meta.modelWindow`), which model
	 * serves the requested id, and how the served model's count compares with ours for exactly
	 * what was sent (`usage.promptTokens`; learned only once the tokenizer has loaded). Saves to
	 * the store when anything changed.
	 */
	observe(sent: FluxChatRequest, meta: FluxResponseMeta, usage?: FluxUsage): void {
		const served = meta.servedModel;
		let changed = false;
		if (meta.modelWindow !== undefined && meta.modelWindow > 0 && this.windows.get(served) !== meta.modelWindow) {
			this.windows.set(served, meta.modelWindow);
			changed = true;
		}
		if (this.lastServed.get(sent.model) !== served) {
			this.lastServed.set(sent.model, served);
			changed = true;
		}
		if (meta.routed || isRoutedId(sent.model)) {
			const seen = this.routedServed.get(sent.model) ?? new Set<string>();
			changed ||= !seen.has(served);
			seen.add(served);
			this.routedServed.set(sent.model, seen);
		}
		// A ratio an overflow taught the requested id before anything served it moves to the model
		// that serves it, where measurements can bring it down again.
		const own = sent.model === served || this.windows.has(sent.model) ? undefined : this.ratios.get(sent.model);
		if (own !== undefined) {
			if (own > (this.ratios.get(served) ?? 0)) this.ratios.set(served, own);
			this.ratios.delete(sent.model);
			changed = true;
		}
		if (usage && usage.promptTokens > 0 && this.deps.counter.exact) {
			const ours = countRequestTokens(this.deps.counter, sent.messages, sent.tools);
			const measured = clamp(usage.promptTokens / ours, minRatio, maxRatio);
			const previous = this.ratios.get(served);
			const ratio = previous === undefined || measured > previous ? measured : previous + (measured - previous) * ratioFallWeight;
			changed ||= ratio !== previous;
			this.ratios.set(served, ratio);
			this.deps.logger.debug(`${served}: ${usage.promptTokens} prompt tokens for ${ours} of ours (ratio ${ratio.toFixed(3)}), window ${this.windows.get(served) ?? 'unknown'}`);
		}
		if (changed) this.save();
	}

	/**
	 * The server refused `sent` as longer than the window (`context_length_exceeded`): raises the
	 * ratio of the model(s) likely to serve `model` so that the same request would no longer fit
	 * the budget, and saves it like any other learning. It falls back slowly as responses measure
	 * the real count again. Returns the limits now in force.
	 */
	overflowed(model: string, sent: FluxChatRequest, maxInputTokens?: number): ContextLimits {
		// A count from the server said such a request would fit, or was not asked: either way, from
		// now on the raised estimate decides (a routed id may be counted for another model than served).
		this.countsMisled.add(model);
		const before = this.limits(model, maxInputTokens);
		const ours = Math.max(1, countRequestTokens(this.deps.counter, sent.messages, sent.tools));
		// Just past the budget for what was sent, and at least a tenth above the old ratio.
		const needed = (before.budgetTokens + 1) / (ours * safetyMargin);
		const ratio = clamp(Math.max(needed * 1.02, before.ratio * 1.1), minRatio, maxRatio);
		// A ratio is kept within what a tokenizer can differ by; past that the window we assumed
		// (128,000 until seen, or one learned) must be the wrong figure, so it is lowered as well
		// until the request is over the budget. A later `x-flux-model-window` sets it right again.
		const estimate = Math.floor(ours * ratio * safetyMargin);
		const window = estimate > before.budgetTokens ? undefined : windowBelow(estimate);
		for (const target of this.servedFor(model)) {
			if ((this.ratios.get(target) ?? 0) < ratio) this.ratios.set(target, ratio);
			if (window !== undefined && window < (this.windows.get(target) ?? defaultWindowTokens)) this.windows.set(target, window);
		}
		this.deps.logger.debug(`${model}: the server refused ${ours} tokens of ours as too long; ratio raised from ${before.ratio.toFixed(3)} to ${ratio.toFixed(3)}`);
		this.save();
		return this.limits(model, maxInputTokens);
	}

	/** The served model last seen for `model` (itself for a served model's own name), if any. */
	servedModel(model: string): string | undefined {
		return this.lastServed.get(model) ?? (this.windows.has(model) ? model : undefined);
	}

	/** The models whose ratio {@link limits} uses for `model` (the id itself when none was seen). */
	private servedFor(model: string): string[] {
		const routed = this.routedServed.get(model);
		if (routed || isRoutedId(model)) return routed?.size ? [...routed] : [model];
		if (this.windows.has(model) || this.ratios.has(model)) return [model];
		return [this.lastServed.get(model) ?? model];
	}

	/** What has been learned, as plain JSON for the store. */
	snapshot(): LearnedLimits {
		return {
			version: 1,
			windows: Object.fromEntries(this.windows),
			ratios: Object.fromEntries(this.ratios),
			lastServed: Object.fromEntries(this.lastServed),
			routedServed: Object.fromEntries([...this.routedServed].map(([model, served]) => [model, [...served]])),
		};
	}

	private restore(store: LimitsStore): void {
		let stored: unknown;
		try {
			stored = store.load();
		} catch (error) {
			this.deps.logger.warn(`could not load the learned model limits: ${describe(error)}`);
			return;
		}
		if (stored === undefined) return;
		const learned = learnedLimitsFrom(stored);
		if (!learned) {
			this.deps.logger.warn('ignored the saved model limits: they are not in a format this version reads');
			return;
		}
		for (const [model, window] of Object.entries(learned.windows)) this.windows.set(model, window);
		for (const [model, ratio] of Object.entries(learned.ratios)) this.ratios.set(model, ratio);
		for (const [model, served] of Object.entries(learned.lastServed)) this.lastServed.set(model, served);
		for (const [model, served] of Object.entries(learned.routedServed)) this.routedServed.set(model, new Set(served));
		this.deps.logger.debug(`restored model limits: ${this.windows.size} window(s), ${this.ratios.size} ratio(s)`);
	}

	/** A failed save costs only what this session learned; it never fails the request that taught it. */
	private save(): void {
		const store = this.deps.store;
		if (!store) return;
		const failed = (error: unknown) => this.deps.logger.warn(`could not save the learned model limits: ${describe(error)}`);
		try {
			const saving = store.save(this.snapshot());
			if (saving) saving.then(undefined, failed);
		} catch (error) {
			failed(error);
		}
	}
}

/** A window whose budget (window − reply reserve) is just under `tokens`. */
function windowBelow(tokens: number): number {
	const large = tokens - 1 + 8192;
	return large >= 32_768 ? large : Math.max(1, Math.floor((tokens - 1) / 0.75));
}

/**
 * How many of our tokens fit in `serverTokens` of the model's, after the correction and the
 * safety margin.
 */
export function rawAllowance(limits: ContextLimits, serverTokens: number): number {
	return Math.floor(serverTokens / (limits.ratio * safetyMargin));
}

/** What the server will likely count for `rawTokens` of ours, after the correction and margin. */
export function serverEstimate(limits: ContextLimits, rawTokens: number): number {
	return Math.ceil(rawTokens * limits.ratio * safetyMargin);
}

/** `flux-auto` is the id the router routes; others name a tier or a model. */
function isRoutedId(model: string): boolean {
	return model === 'flux-auto';
}

function clamp(value: number, min: number, max: number): number {
	return Math.min(max, Math.max(min, value));
}

function describe(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
