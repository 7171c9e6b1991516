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

function bigrams(line: string): Map<string, number> {
	const text = line.trim().replace(/\s+/g, ' ');
	const pairs = new Map<string, number>();
	for (let i = 0; i < text.length - 1; i++) {
		const pair = text.slice(i, i + 2);
		pairs.set(pair, (pairs.get(pair) ?? 0) + 1);
	}
	return pairs;
}

/** Similarity of two lines, 0..1; two blank lines are alike, and so are two equal short lines. */
function similarity(a: Map<string, number>, b: Map<string, number>, aText: string, bText: string): number {
	if (aText === bText) return 1;
	let total = 0;
	for (const n of a.values()) total += n;
	for (const n of b.values()) total += n;
	if (total === 0) return 0;
	let shared = 0;
	for (const [pair, n] of a) shared += Math.min(n, b.get(pair) ?? 0);
	return (2 * shared) / total;
}

/** The window of `oldLines.length` file lines with the highest mean similarity to old_text's lines. */
export function closestRegion(fileLines: readonly string[], oldLines: readonly string[]): ClosestRegion {
	const length = Math.min(oldLines.length, fileLines.length);
	const fileTrimmed = fileLines.map((line) => line.trim());
	const oldTrimmed = oldLines.map((line) => line.trim());
	const fileGrams = fileLines.map(bigrams);
	const oldGrams = oldLines.map(bigrams);
	let best: ClosestRegion = { start: 0, length, score: -1 };
	for (let start = 0; start + length <= fileLines.length; start++) {
		let sum = 0;
		for (let i = 0; i < length; i++) {
			sum += similarity(fileGrams[start + i], oldGrams[i], fileTrimmed[start + i], oldTrimmed[i]);
		}
		const score = length ? sum / oldLines.length : 0;
		if (score > best.score) best = { start, length, score };
	}
	return best;
}
