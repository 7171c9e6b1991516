import type * as vscode from 'vscode';

/**
 * What the extension learns about the served models (their windows and tokenizer ratios, their
 * prices), kept in global storage under `key`: a model is the same in every workspace. What comes
 * back is `unknown` because storage may hold another version's snapshot or a damaged one; the
 * owner checks it. Two windows that learn at once each save their own view; the last save wins,
 * which costs at most a relearn from the next responses.
 */
export class GlobalLearnedStore<T> {
	constructor(private readonly memento: vscode.Memento, private readonly key: 'flux.learnedLimits' | 'flux.learnedPrices') {}

	load(): unknown {
		return this.memento.get<unknown>(this.key);
	}

	save(learned: T): Thenable<void> {
		return this.memento.update(this.key, learned);
	}
}
