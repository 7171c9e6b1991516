import type { CostSource, UsageCost } from '../../flux/pricing/usageCost';
import type { ReplyUsage } from '../../protocol/messages';

/** Least sure first: over several requests, the cost is only as sure as its least sure part. */
const sureness: readonly CostSource[] = ['estimate', 'usage', 'header'];

/** The tokens and cost of every request of one turn (its tool rounds, and a last one cut short), added up. */
export class TurnUsage {
	private prompt = 0;
	private completion = 0;
	private cost = 0;
	private source: CostSource = 'header';
	private requests = 0;

	/** Adds one request's tokens and cost, as counted by the one rule every paid request uses (usageCost). */
	add({ promptTokens, completionTokens, costUsd, costSource }: UsageCost): void {
		this.requests++;
		this.prompt += promptTokens;
		this.completion += completionTokens;
		this.cost += costUsd;
		if (sureness.indexOf(costSource) < sureness.indexOf(this.source)) this.source = costSource;
	}

	/** The sum, or undefined when no request was paid for (a turn stopped before anything streamed). */
	get total(): ReplyUsage | undefined {
		if (this.requests === 0) return undefined;
		return { promptTokens: this.prompt, completionTokens: this.completion, costUsd: this.cost, costSource: this.source };
	}
}
