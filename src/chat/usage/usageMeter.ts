import { PriceBook } from '../../flux/pricing/priceBook';
import type { UsageCost } from '../../flux/pricing/usageCost';

/** Today's spend across every conversation (the host keeps it per local day). */
export interface SpendLedger {
	today(): number;
	add(usd: number): void;
}

/** What a paid request was for. */
export type UsageSource =
	/** One request of a turn: a tool round, the final answer, or the part of one that streamed before a stop or failure. */
	| { readonly kind: 'turn'; readonly turnId: string }
	/** A summary of a conversation's oldest turns (the context budget). */
	| { readonly kind: 'summary' }
	/** Rewrite Selection (and Apply, Fix with Flux). */
	| { readonly kind: 'rewrite' }
	/** A request through the language model provider: from another extension or VS Code's own chat. */
	| { readonly kind: 'provider' }
	/** Flux: Test Connection's one tiny reply. */
	| { readonly kind: 'connectionTest' };

/** Where the meter reports what it recorded, e.g. a log line or a test's list. */
export type UsageListener = (usage: UsageCost, source: UsageSource) => void;

/**
 * The one place every paid request is reported to, as soon as it is known: each request of a
 * turn (answered, stopped or failed), each summary call and each rewrite. It adds the cost to
 * today's total (the ledger), and teaches the price book the served model's rate whenever
 * FluxRouter reported a cost over tokens it counted. Costs themselves are computed by the one
 * rule in `flux/pricing/usageCost.ts`, priced by {@link prices}.
 *
 * The conversation total is not kept here: it is the sum of the usage recorded on each reply
 * (spend.ts), which the turn runner builds from the same per-request figures.
 */
export class UsageMeter {
	/** Prices by served model: learned ones first, the documented lanes otherwise. */
	readonly prices: PriceBook;

	constructor(private readonly ledger: SpendLedger, prices?: PriceBook, private readonly listener?: UsageListener) {
		this.prices = prices ?? new PriceBook();
	}

	/** One paid request: counted in today's total; a server-reported cost teaches the served model's price. */
	record(usage: UsageCost, source: UsageSource): void {
		if (usage.costSource !== 'estimate' && usage.tokensReported) {
			this.prices.learnFromCost(usage.servedModel, usage.promptTokens, usage.completionTokens, usage.costUsd);
		}
		if (usage.costUsd > 0) this.ledger.add(usage.costUsd);
		this.listener?.(usage, source);
	}

	/** Today's spend across every conversation. */
	today(): number {
		return this.ledger.today();
	}
}
