/**
 * FluxRouter's published lanes, per 1M tokens: Express $1, Daily Driver $2, Deep Thought $4.
 * Input and output are metered at the rate of the model that SERVED the request, so prices are
 * looked up by served model. Streaming responses carry no cost header, and `usage.cost_usd` is
 * not guaranteed, so the view may have to show an estimate; it is always labelled as one.
 */
const lanePricePerMillion: Readonly<Record<string, number>> = {
	'flux-fast': 1,
	'flux-standard': 2,
	'flux-reasoning': 4,
};

/** The Deep Thought rate: what one strong model costs, the baseline of the router dividend. */
export const strongLanePricePerMillion = lanePricePerMillion['flux-reasoning'];

/**
 * The Daily Driver rate, for a served model nothing has been learned about: the middle lane, so
 * an estimate is off by at most a factor of two either way (Express is half, Deep Thought double).
 */
export const unknownModelPricePerMillion = 2;

/** A model's price in USD per 1M tokens. */
export interface ModelPrice {
	readonly inputPerMillion: number;
	readonly outputPerMillion: number;
}

/** Where an estimate finds a served model's price. */
export interface PriceLookup {
	/** The price of `servedModel` (as named by `X-Flux-Model`). */
	priceOf(servedModel: string): ModelPrice;
}

/**
 * The documented lanes and nothing learned: a lane id (when no `X-Flux-Model` said otherwise)
 * at its lane's rate, any other model at the Daily Driver rate.
 */
export const lanePrices: PriceLookup = {
	priceOf(servedModel) {
		const rate = lanePricePerMillion[servedModel] ?? unknownModelPricePerMillion;
		return { inputPerMillion: rate, outputPerMillion: rate };
	},
};

/** An estimate of a request's cost in USD from its token counts and the price of the model that served it. */
export function estimateCostUsd(servedModel: string, promptTokens: number, completionTokens: number, prices: PriceLookup = lanePrices): number {
	const price = prices.priceOf(servedModel);
	return (promptTokens * price.inputPerMillion + completionTokens * price.outputPerMillion) / 1_000_000;
}
