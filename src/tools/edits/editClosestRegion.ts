// Where a failed old_text most nearly is, so the refusal can show the model the file's real text.
// Lines are compared by their character pairs (Dice coefficient over bigrams of the trimmed line):
// cheap enough to slide old_text over a long file, and tolerant of the typos and small drifts
// that make an exact match fail.

/** The window of the file most like old_text: its first line (0-based) and mean line similarity 0..1. */
export interface ClosestRegion {
	readonly start: number;
	readonly length: number;
	readonly score: number;
}

/** The line's character pairs (whitespace runs as one space), each as one number, sorted. */
function bigrams(line: string): Int32Array {
	const text = line.trim().replace(/\s+/g, ' ');
	const pairs = new Int32Array(Math.max(0, text.length - 1));
	for (let i = 0; i < pairs.length; i++) pairs[i] = (text.charCodeAt(i) << 16) | text.charCodeAt(i + 1);
	return pairs.sort();
}

/**
 * Similarity of two lines, 0..1: shared pairs over all pairs, by a merge of the sorted lists
 * (no hashing, so sliding over a long file stays cheap). Equal lines, blank ones included, are 1.
 */
function similarity(a: Int32Array, b: Int32Array, aText: string, bText: string): number {
	if (aText === bText) return 1;
	const total = a.length + b.length;
	if (total === 0) return 0;
	let shared = 0;
	for (let i = 0, j = 0; i < a.length && j < b.length;) {
		if (a[i] === b[j]) {
			shared++;
			i++;
			j++;
		} else if (a[i] < b[j]) i++;
		else j++;
	}
	return (2 * shared) / total;
}

/** How many of old_text's lines rank the windows before the best few are scored in full. */
const probeLines = 8;
const fullyScored = 20;

/**
 * The window of `oldLines.length` file lines with the highest mean similarity to old_text's lines.
 * A long old_text first ranks every window by a few of its lines spread over it, then scores the
 * best few windows on all lines, so a miss on a long file costs milliseconds, not seconds.
 */
export function closestRegion(fileLines: readonly string[], oldLines: readonly string[]): ClosestRegion {
	const length = Math.min(oldLines.length, fileLines.length);
	const fileTrimmed = fileLines.map((line) => line.trim());
	const oldTrimmed = oldLines.map((line) => line.trim());
	const fileGrams = fileLines.map(bigrams);
	const oldGrams = oldLines.map(bigrams);
	const score = (start: number, lines: readonly number[]): number => {
		let sum = 0;
		for (const i of lines) sum += similarity(fileGrams[start + i], oldGrams[i], fileTrimmed[start + i], oldTrimmed[i]);
		return sum;
	};
	const all = Array.from({ length }, (_, i) => i);
	const probes = length <= probeLines ? all : Array.from({ length: probeLines }, (_, k) => Math.round((k * (length - 1)) / (probeLines - 1)));
	const starts = Array.from({ length: fileLines.length - length + 1 }, (_, start) => ({ start, rough: score(start, probes) }));
	const candidates = probes === all ? starts : starts.sort((a, b) => b.rough - a.rough).slice(0, fullyScored);
	let best: ClosestRegion = { start: 0, length, score: -1 };
	for (const { start, rough } of candidates) {
		const mean = length === 0 ? 0 : (probes === all ? rough : score(start, all)) / oldLines.length;
		if (mean > best.score || (mean === best.score && start < best.start)) best = { start, length, score: mean };
	}
	return best;
}
