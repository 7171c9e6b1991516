import type * as vscode from 'vscode';
import type { LearnedPrices, PriceStore } from '../flux/priceBook';

const key = 'flux.learnedPrices';

/**
 * The price book's learned prices of served models, in global storage: a model's price is the
 * same in every workspace. Two windows that learn at once each save their own view; the last save
 * wins, which costs at most a relearn from the next reported cost.
 */
export class GlobalPriceStore implements PriceStore {
	constructor(private readonly memento: vscode.Memento) {}

	load(): unknown {
		return this.memento.get<unknown>(key);
	}

	save(prices: LearnedPrices): Thenable<void> {
		return this.memento.update(key, prices);
	}
}
