import type { LearnedLimits, LimitsStore } from '../../src/chat/context/contextBudget';

/**
 * Learned limits in memory, kept as JSON text the way global storage keeps them, so a snapshot
 * that does not survive JSON would show in a test.
 */
export class FakeLimitsStore implements LimitsStore {
	/** How many times a snapshot was saved. */
	saves = 0;
	private json: string | undefined;

	constructor(stored?: unknown) {
		this.json = stored === undefined ? undefined : JSON.stringify(stored);
	}

	load(): unknown {
		return this.json === undefined ? undefined : JSON.parse(this.json);
	}

	async save(limits: LearnedLimits): Promise<void> {
		this.saves++;
		this.json = JSON.stringify(limits);
	}
}
