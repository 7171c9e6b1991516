import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { FluxStreamResult } from '../flux/fluxClient';
import { usageCost, type CostSource } from '../flux/usageCost';
import type { ReplyUsage } from '../protocol/messages';

/** Least sure first: over several requests, the cost is only as sure as its least sure part. */
const sureness: readonly CostSource[] = ['estimate', 'usage', 'header'];

/** The tokens and cost of every request of one turn (its tool rounds), added up. */
export class TurnUsage {
	private prompt = 0;
	private completion = 0;
	private cost = 0;
	private source: CostSource = 'header';

	/** Adds one request's tokens and cost, counted by the one rule every paid request uses (usageCost). */
	add(result: FluxStreamResult, messages: readonly ChatCompletionMessageParam[], model: string): void {
		const { promptTokens, completionTokens, costUsd, costSource } = usageCost(result, messages, model);
		this.prompt += promptTokens;
		this.completion += completionTokens;
		this.cost += costUsd;
		if (sureness.indexOf(costSource) < sureness.indexOf(this.source)) this.source = costSource;
	}

	get total(): ReplyUsage {
		return { promptTokens: this.prompt, completionTokens: this.completion, costUsd: this.cost, costSource: this.source };
	}
}
