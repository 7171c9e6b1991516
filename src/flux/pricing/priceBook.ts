import { lanePrices, type ModelPrice, type PriceLookup } from './pricing';

/** What {@link PriceBook} has learned, as it is stored between sessions: plain JSON. */
export interface LearnedPrices {
	/** The format; a snapshot of any other version is ignored, and learning starts again. */
	readonly version: 1;
	/** Served model → its price, from the last cost FluxRouter reported for it. */
	readonly models: Readonly<Record<string, ModelPrice>>;
}

/** Where {@link PriceBook} keeps what it learned; the extension's is global storage. */
export interface PriceStore {
	/** The snapshot saved last, or undefined; `unknown` because another version may have written it. */
	load(): unknown;
	save(prices: LearnedPrices): PromiseLike<void> | void;
}

/** A reported cost over fewer tokens than this says too little about the rate (rounding). */
const minTokensToLearn = 100;

/**
 * Prices by the model that served, learned from what FluxRouter reports: a cost (`X-Flux-Cost-Usd`
 * or `usage.cost_usd`) over the tokens it was for gives that served model's rate, and a
 * `flux-pinned-<model>` entry of `GET /v1/models` with prices gives `<model>`'s (a pinned id is
 * always served by that one model). A model nothing was learned about is priced by
 * {@link lanePrices}. What is learned is kept in the store, so it holds across restarts.
 */
export class PriceBook implements PriceLookup {
	private models: Record<string, ModelPrice> = {};

	constructor(private readonly store?: PriceStore) {
		const saved = learnedPricesFrom(store?.load());
		if (saved) this.models = { ...saved.models };
	}

	priceOf(servedModel: string): ModelPrice {
		return this.models[servedModel] ?? lanePrices.priceOf(servedModel);
	}

	/** True when `servedModel`'s price was reported by FluxRouter rather than assumed from the lanes. */
	knows(servedModel: string): boolean {
		return servedModel in this.models;
	}

	/**
	 * A cost FluxRouter reported for `promptTokens + completionTokens` of `servedModel` (tokens it
	 * counted itself). The split between input and output is not reported, so one blended rate is
	 * kept for both: exact for the lanes, which charge the same for each.
	 */
	learnFromCost(servedModel: string, promptTokens: number, completionTokens: number, costUsd: number): void {
		const tokens = promptTokens + completionTokens;
		if (!servedModel || tokens < minTokensToLearn || !Number.isFinite(costUsd) || costUsd < 0) return;
		const rate = (costUsd * 1_000_000) / tokens;
		this.set(servedModel, { inputPerMillion: rate, outputPerMillion: rate });
	}

	/** The entries of `GET /v1/models` that carry prices (see the class comment for which count). */
	learnFromList(models: readonly { readonly id: string; readonly price?: ModelPrice }[]): void {
		for (const { id, price } of models) {
			if (price && id.startsWith('flux-pinned-') && id.length > 'flux-pinned-'.length) this.set(id.slice('flux-pinned-'.length), price, false);
		}
		void this.store?.save(this.snapshot());
	}

	snapshot(): LearnedPrices {
		return { version: 1, models: { ...this.models } };
	}

	private set(model: string, price: ModelPrice, save = true): void {
		const old = this.models[model];
		if (old && old.inputPerMillion === price.inputPerMillion && old.outputPerMillion === price.outputPerMillion) return;
		this.models[model] = price;
		if (save) void this.store?.save(this.snapshot());
	}
}

/**
 * A stored snapshot made safe to use, or undefined when it is not a version 1 snapshot. Entries
 * that are not two finite, non-negative numbers are left out, so a damaged value cannot turn into
 * a negative or infinite cost.
 */
export function learnedPricesFrom(stored: unknown): LearnedPrices | undefined {
	if (!isRecord(stored) || stored.version !== 1 || !isRecord(stored.models)) return undefined;
	const models: Record<string, ModelPrice> = {};
	for (const [name, price] of Object.entries(stored.models)) {
		if (!name || !isRecord(price)) continue;
		const { inputPerMillion, outputPerMillion } = price;
		if (isRate(inputPerMillion) && isRate(outputPerMillion)) models[name] = { inputPerMillion, outputPerMillion };
	}
	return { version: 1, models };
}

function isRate(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
