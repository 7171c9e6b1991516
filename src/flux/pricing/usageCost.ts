import type { FluxMessage } from '../chatRequest';
import type { FluxStreamResult } from '../fluxClient';
import { estimateCostUsd, lanePrices, type PriceLookup } from './pricing';

/** Where a cost came from, surest first: the response header, `usage.cost_usd`, prices. */
export type CostSource = 'header' | 'usage' | 'estimate';

/** One request's tokens and cost, as far as they can be known. */
export interface UsageCost {
	readonly promptTokens: number;
	readonly completionTokens: number;
	readonly costUsd: number;
	readonly costSource: CostSource;
	/** The model that served the request (`X-Flux-Model`; the id asked for when the header was missing). */
	readonly servedModel: string;
	/** True when the tokens are the server's own count (`usage`), not ours. */
	readonly tokensReported: boolean;
}

/**
 * One request's tokens and cost: cost from the header (non-streaming only), else
 * `usage.cost_usd`, else an estimate at the price of the model that SERVED it (learned prices
 * when given, else the lanes; never the id asked for once `X-Flux-Model` named another); tokens
 * from `usage`, else about four characters a token. A request cut short (stopped, failed after
 * text) is passed as what streamed of it. Every caller that pays for a request counts it by this one rule.
 */
export function usageCost(result: Pick<FluxStreamResult, 'meta' | 'usage' | 'text' | 'reasoning'>, messages: readonly FluxMessage[], prices: PriceLookup = lanePrices): UsageCost {
	const usage = result.usage;
	const servedModel = result.meta.servedModel;
	const promptTokens = usage?.promptTokens ?? roughTokens(JSON.stringify(messages));
	const completionTokens = usage?.completionTokens ?? roughTokens(result.text + result.reasoning);
	const [costUsd, costSource]: [number, CostSource] = result.meta.costUsd !== undefined ? [result.meta.costUsd, 'header']
		: usage?.costUsd !== undefined ? [usage.costUsd, 'usage']
			: [estimateCostUsd(servedModel, promptTokens, completionTokens, prices), 'estimate'];
	return { promptTokens, completionTokens, costUsd, costSource, servedModel, tokensReported: usage !== undefined };
}

function roughTokens(text: string): number {
	return Math.ceil(text.length / 4);
}
