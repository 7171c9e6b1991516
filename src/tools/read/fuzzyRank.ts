/**
 * Fuzzy matching of workspace paths for the `#` list, in the manner of Go to File: the query's
 * characters must appear in the path in order (case ignored); matches in the file name, at the
 * start of a word (after `/`, `.`, `_`, `-`, a space, or a lower-to-upper case change) and in runs
 * score higher; shorter paths win ties. Pure, so it is unit-tested and benchmarked in plain Node.
 */

/** A path prepared once for many queries. */
export interface IndexedPath {
	readonly path: string;
	readonly lower: string;
	/** Where the file name starts in `path`. */
	readonly nameStart: number;
	/** One bit per letter, digit group and the rest, for a cheap "cannot match" test. */
	readonly mask: number;
}

/** The bit a character sets: a-z are bits 0-25, digits 26, `/` 27, `.` 28, anything else 29. */
function bitOf(code: number): number {
	if (code >= 97 && code <= 122) return 1 << (code - 97);
	if (code >= 48 && code <= 57) return 1 << 26;
	if (code === 47) return 1 << 27;
	if (code === 46) return 1 << 28;
	return 1 << 29;
}

/** The characters of `lower` as a bit set. */
export function maskOf(lower: string): number {
	let mask = 0;
	for (let i = 0; i < lower.length; i++) mask |= bitOf(lower.charCodeAt(i));
	return mask;
}

export function indexPath(path: string): IndexedPath {
	const lower = path.toLowerCase();
	return { path, lower, nameStart: path.lastIndexOf('/') + 1, mask: maskOf(lower) };
}

function isWordStart(path: string, i: number): boolean {
	if (i === 0) return true;
	const before = path[i - 1];
	if (before === '/' || before === '.' || before === '_' || before === '-' || before === ' ') return true;
	const c = path[i];
	return before === before.toLowerCase() && c !== c.toLowerCase();
}

/**
 * Greedy in-order match of `query` (lower case) in `lower` from `from`, scored; -1 when some
 * character is missing. Each matched character scores 1, more at a word start and in a run.
 */
function scoreFrom(query: string, entry: IndexedPath, from: number): number {
	const { lower, path } = entry;
	let score = 0;
	let at = from;
	let previous = -2;
	for (let q = 0; q < query.length; q++) {
		const found = lower.indexOf(query[q], at);
		if (found < 0) return -1;
		score += 1;
		if (isWordStart(path, found)) score += 3;
		if (found === previous + 1) score += 2;
		previous = found;
		at = found + 1;
	}
	return score;
}

/**
 * How well `query` (already lower case, no spaces) matches the path; -1 for no match. In order:
 * the file name starting with the query, containing it, the path containing it, the query's
 * characters spread over the file name, then over the whole path.
 */
export function scorePath(query: string, entry: IndexedPath): number {
	if (query === '') return 0;
	const { lower, nameStart } = entry;
	// Positions, not slices: this runs for every file on every keystroke.
	const nameLength = lower.length - nameStart;
	const at = lower.indexOf(query, nameStart);
	if (at === nameStart) return 1000 + query.length * 10 - nameLength;
	if (at > 0) return 800 + query.length * 10 - nameLength;
	const inPathAt = lower.indexOf(query);
	if (inPathAt >= 0) return 600 + query.length * 10 - lower.length / 8;
	// A query with a slash names folders too: match it along the whole path.
	const inName = query.includes('/') ? -1 : scoreFrom(query, entry, nameStart);
	if (inName >= 0) return 400 + inName * 4 - nameLength;
	const inPath = scoreFrom(query, entry, 0);
	return inPath < 0 ? -1 : inPath * 4 - lower.length / 8;
}

/** The query as matched: lower case, spaces and a leading `#` dropped, `\` read as `/`. */
export function normaliseQuery(query: string): string {
	return query.toLowerCase().replace(/^#/, '').replace(/\s+/g, '').replace(/\\/g, '/');
}

interface Hit {
	readonly entry: IndexedPath;
	readonly score: number;
}

/** Better first: higher score, then the shorter path, then by name. */
function before(a: Hit, b: Hit): boolean {
	return a.score !== b.score ? a.score > b.score : a.entry.path.length !== b.entry.path.length ? a.entry.path.length < b.entry.path.length : a.entry.path < b.entry.path;
}

/**
 * The best `limit` paths for `query`, best first (ties: shorter path, then by name). Only the best
 * `limit` are kept while scanning, so a one-letter query over 50,000 files sorts 50, not 50,000.
 * Every entry that matches at all is added to `matched` when given.
 */
export function rankPaths(query: string, entries: readonly IndexedPath[], limit: number, matched?: IndexedPath[]): string[] {
	const q = normaliseQuery(query);
	const need = maskOf(q);
	const best: Hit[] = [];
	for (const entry of entries) {
		if ((entry.mask & need) !== need) continue;
		const score = scorePath(q, entry);
		if (score < 0) continue;
		matched?.push(entry);
		const hit = { entry, score };
		if (best.length === limit && !before(hit, best[limit - 1])) continue;
		let at = best.length === limit ? limit - 1 : best.length;
		while (at > 0 && before(hit, best[at - 1])) at--;
		best.splice(at, 0, hit);
		if (best.length > limit) best.pop();
	}
	return best.map((h) => h.entry.path);
}
