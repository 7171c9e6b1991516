/**
 * FluxRouter's published lanes, per 1M tokens: Express $1, Daily Driver $2, Deep Thought $4.
 * Streaming responses carry no cost header, and `usage.cost_usd` is not guaranteed, so the view
 * may have to show an estimate; it is always labelled as one.
 */
const lanePricePerMillion: Readonly<Record<string, number>> = {
	'flux-fast': 1,
	'flux-standard': 2,
	'flux-reasoning': 4,
};

/** The Deep Thought rate: what one strong model costs, the baseline of the router dividend. */
export const strongLanePricePerMillion = lanePricePerMillion['flux-reasoning'];

/** The Daily Driver rate, for ids whose lane the client cannot know (flux-auto, pinned models). */
const defaultPricePerMillion = 2;

/** An estimate of a reply's cost in USD from its token counts and the model id it asked for. */
export function estimateCostUsd(requestedModel: string, promptTokens: number, completionTokens: number): number {
	const price = lanePricePerMillion[requestedModel] ?? defaultPricePerMillion;
	return ((promptTokens + completionTokens) * price) / 1_000_000;
}
