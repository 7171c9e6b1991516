import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { FluxStreamResult } from './fluxClient';
import { estimateCostUsd } from './pricing';

/** Where a cost came from, surest first: the response header, `usage.cost_usd`, lane prices. */
export type CostSource = 'header' | 'usage' | 'estimate';

/** One request's tokens and cost, as far as they can be known. */
export interface UsageCost {
	readonly promptTokens: number;
	readonly completionTokens: number;
	readonly costUsd: number;
	readonly costSource: CostSource;
}

/**
 * One request's tokens and cost: cost from the header (non-streaming only), else
 * `usage.cost_usd`, else an estimate from the lane price of `model` (the id asked for); tokens
 * from `usage`, else about four characters a token (then the cost is an estimate too).
 * Every caller that pays for a request counts it by this one rule.
 */
export function usageCost(result: Pick<FluxStreamResult, 'meta' | 'usage' | 'text' | 'reasoning'>, messages: readonly ChatCompletionMessageParam[], model: string): UsageCost {
	const usage = result.usage;
	const promptTokens = usage?.promptTokens ?? roughTokens(JSON.stringify(messages));
	const completionTokens = usage?.completionTokens ?? roughTokens(result.text + result.reasoning);
	const [costUsd, costSource]: [number, CostSource] = result.meta.costUsd !== undefined ? [result.meta.costUsd, 'header']
		: usage?.costUsd !== undefined ? [usage.costUsd, 'usage']
			: [estimateCostUsd(model, promptTokens, completionTokens), 'estimate'];
	return { promptTokens, completionTokens, costUsd, costSource };
}

function roughTokens(text: string): number {
	return Math.ceil(text.length / 4);
}
