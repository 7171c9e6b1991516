import type * as vscode from 'vscode';
import type { BeltChoices, BeltChoiceStore } from '../../tools/belt/types';

const key = 'flux.toolChoices';

/**
 * The user's choice of tools ("Flux: Choose Tools") and the tools they always allow, in global
 * storage: it is the user's, the same in every window, and no repository can switch a tool on.
 */
export class GlobalToolChoices implements BeltChoiceStore {
	constructor(private readonly memento: vscode.Memento) {}

	get(): BeltChoices {
		// Storage may hold another version's value or a damaged one: only string lists count.
		const stored = this.memento.get<unknown>(key);
		const value = typeof stored === 'object' && stored !== null ? stored as Record<string, unknown> : {};
		return { on: strings(value.on), off: strings(value.off), alwaysAllowed: strings(value.alwaysAllowed) };
	}

	async choose(on: readonly string[], off: readonly string[]): Promise<void> {
		await this.memento.update(key, { ...this.get(), on: [...on], off: [...off] });
	}

	async allowAlways(name: string): Promise<void> {
		const choices = this.get();
		if (!choices.alwaysAllowed.includes(name)) await this.memento.update(key, { ...choices, alwaysAllowed: [...choices.alwaysAllowed, name] });
	}
}

function strings(value: unknown): string[] {
	return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
