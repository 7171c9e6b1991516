import type * as vscode from 'vscode';
import type { LearnedLimits, LimitsStore } from '../chat/context/contextBudget';

const key = 'flux.learnedLimits';

/**
 * The context budget's learned model windows and tokenizer ratios, in global storage: they
 * describe the served models, not a workspace, so every window starts from what any has learned.
 * Two windows that learn at once each save their own view; the last save wins, which costs at
 * most a relearn from the next responses.
 */
export class GlobalLimitsStore implements LimitsStore {
	constructor(private readonly memento: vscode.Memento) {}

	load(): unknown {
		return this.memento.get<unknown>(key);
	}

	save(limits: LearnedLimits): Thenable<void> {
		return this.memento.update(key, limits);
	}
}
