import type { LearnedPrices, PriceStore } from '../../src/flux/pricing/priceBook';

/** Learned prices in memory, kept as JSON text the way global storage keeps them. */
export class FakePriceStore implements PriceStore {
	private json: string | undefined;

	load(): unknown {
		return this.json === undefined ? undefined : JSON.parse(this.json);
	}

	save(prices: LearnedPrices): void {
		this.json = JSON.stringify(prices);
	}
}
