/** The range a tokenizer ratio (server tokens per token of ours) is kept in, measured or stored. */
export const minRatio = 0.5;
export const maxRatio = 3;

/** What {@link ModelLimits} has learned, as it is stored between sessions: plain JSON. */
export interface LearnedLimits {
	/** The format; a snapshot of any other version is ignored, and learning starts again. */
	readonly version: 1;
	/** Served model → its window in tokens. */
	readonly windows: Readonly<Record<string, number>>;
	/** Served model → server tokens per token of ours. */
	readonly ratios: Readonly<Record<string, number>>;
	/** Requested id → the served model that answered it last. */
	readonly lastServed: Readonly<Record<string, string>>;
	/** Routed id (flux-auto) → every served model seen for it. */
	readonly routedServed: Readonly<Record<string, readonly string[]>>;
}

/** Where {@link ModelLimits} keeps what it learned; the extension's is global storage. */
export interface LimitsStore {
	/**
	 * The snapshot saved last, or undefined. Typed `unknown` on purpose: storage may hold a
	 * snapshot written by another version, or a damaged one, so it is checked before use.
	 */
	load(): unknown;
	save(limits: LearnedLimits): PromiseLike<void> | void;
}

/**
 * A stored snapshot made safe to use, or undefined when it is not a version 1 snapshot at all.
 * Single entries that make no sense (a window that is not a positive number, a ratio that is not
 * a finite number, a name that is not a string) are left out, and ratios are clamped to the
 * range a measurement can give, so a damaged value can never shrink or blow up a budget.
 */
export function learnedLimitsFrom(stored: unknown): LearnedLimits | undefined {
	if (!isRecord(stored) || stored.version !== 1) return undefined;
	const { windows, ratios, lastServed, routedServed } = stored;
	if (!isRecord(windows) || !isRecord(ratios) || !isRecord(lastServed) || !isRecord(routedServed)) return undefined;
	return {
		version: 1,
		windows: entries(windows, (w) => typeof w === 'number' && Number.isFinite(w) && w > 0 ? w : undefined),
		ratios: entries(ratios, (r) => typeof r === 'number' && Number.isFinite(r) ? Math.min(maxRatio, Math.max(minRatio, r)) : undefined),
		lastServed: entries(lastServed, (m) => isName(m) ? m : undefined),
		routedServed: entries(routedServed, (list) => Array.isArray(list) ? list.filter(isName) : undefined),
	};
}

function entries<T>(record: Record<string, unknown>, valid: (value: unknown) => T | undefined): Record<string, T> {
	const kept: [string, T][] = [];
	for (const [key, value] of Object.entries(record)) {
		const checked = valid(value);
		if (key && checked !== undefined) kept.push([key, checked]);
	}
	return Object.fromEntries(kept);
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isName(value: unknown): value is string {
	return typeof value === 'string' && value.length > 0;
}
