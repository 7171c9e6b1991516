import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { FluxStreamResult } from '../flux/fluxClient';
import { estimateCostUsd } from '../flux/pricing';
import type { ReplyUsage } from '../protocol/messages';

type CostSource = NonNullable<ReplyUsage['costSource']>;

/** Least sure first: over several requests, the cost is only as sure as its least sure part. */
const sureness: readonly CostSource[] = ['estimate', 'usage', 'header'];

/** The tokens and cost of every request of one turn (its tool rounds), added up. */
export class TurnUsage {
	private prompt = 0;
	private completion = 0;
	private cost = 0;
	private source: CostSource = 'header';

	/**
	 * Adds one request's tokens and cost: cost from the header (non-streaming only), else
	 * `usage.cost_usd`, else an estimate from lane prices; tokens from `usage`, else about four
	 * characters a token (then the cost is an estimate too).
	 */
	add(result: FluxStreamResult, messages: readonly ChatCompletionMessageParam[], model: string): void {
		const usage = result.usage;
		const prompt = usage?.promptTokens ?? roughTokens(JSON.stringify(messages));
		const completion = usage?.completionTokens ?? roughTokens(result.text + result.reasoning);
		this.prompt += prompt;
		this.completion += completion;
		const [cost, source]: [number, CostSource] = result.meta.costUsd !== undefined ? [result.meta.costUsd, 'header']
			: usage?.costUsd !== undefined ? [usage.costUsd, 'usage']
				: [estimateCostUsd(model, prompt, completion), 'estimate'];
		this.cost += cost;
		if (sureness.indexOf(source) < sureness.indexOf(this.source)) this.source = source;
	}

	get total(): ReplyUsage {
		return { promptTokens: this.prompt, completionTokens: this.completion, costUsd: this.cost, costSource: this.source };
	}
}

function roughTokens(text: string): number {
	return Math.ceil(text.length / 4);
}
