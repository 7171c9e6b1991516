/** How much one tool call may return or do. Tests pass smaller values; the defaults suit a model. */
export interface ToolLimits {
	/** Characters of one result, markers included (about 100 KB). */
	readonly maxResultChars: number;
	/** Lines `read_file` and `get_selection` return per call. */
	readonly maxReadLines: number;
	/** Characters of one line before it is cut (minified files have megabyte lines). */
	readonly maxLineChars: number;
	/** Files larger than this are neither read nor searched. */
	readonly maxFileBytes: number;
	/** Files larger than this, before or after an edit, cannot be edited (proposals are kept with the conversation). */
	readonly maxEditBytes: number;
	readonly maxListEntries: number;
	readonly maxSearchMatches: number;
	/** Characters of one matching line in search results. */
	readonly maxMatchLineChars: number;
	readonly maxDiagnostics: number;
	/** A search still running after this long returns what it found so far. */
	readonly searchTimeoutMs: number;
}

/** The caps every call uses unless the caller overrides some of them. */
export const defaultToolLimits: ToolLimits = Object.freeze({
	maxResultChars: 100_000,
	maxReadLines: 2_000,
	maxLineChars: 2_000,
	maxFileBytes: 16 * 1024 * 1024,
	maxEditBytes: 1024 * 1024,
	maxListEntries: 500,
	maxSearchMatches: 200,
	maxMatchLineChars: 300,
	maxDiagnostics: 200,
	searchTimeoutMs: 30_000,
});
