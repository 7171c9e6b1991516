import { diffArrays } from 'diff';

/**
 * One change of a rewrite: `original` lines from `originalStart` (0-based, within the rewritten
 * block) become `proposed`. Either side may be empty (pure insertion or deletion).
 */
export interface Hunk {
	readonly originalStart: number;
	readonly original: readonly string[];
	readonly proposed: readonly string[];
}

export type HunkDecision = 'pending' | 'accepted' | 'discarded';

/** A line as the editor shows it during a proposal: kept, removed (red) or added (green). */
export interface ShownLine {
	readonly text: string;
	readonly kind: 'same' | 'removed' | 'added';
	/** The hunk the line belongs to (removed and added lines of a pending hunk). */
	readonly hunk?: number;
}

/** The changes that turn `original` lines into `proposed` ones, line by line, in order. */
export function lineHunks(original: readonly string[], proposed: readonly string[]): Hunk[] {
	const hunks: Hunk[] = [];
	let at = 0;
	let open: { originalStart: number; original: string[]; proposed: string[] } | undefined;
	for (const change of diffArrays([...original], [...proposed])) {
		if (!change.added && !change.removed) {
			if (open) hunks.push(open);
			open = undefined;
			at += change.value.length;
			continue;
		}
		open ??= { originalStart: at, original: [], proposed: [] };
		if (change.removed) {
			open.original.push(...change.value);
			at += change.value.length;
		} else {
			open.proposed.push(...change.value);
		}
	}
	if (open) hunks.push(open);
	return hunks;
}

/**
 * The block as the editor shows it once the proposal is whole: unchanged lines as they are, a
 * pending hunk as its original lines (removed) above its proposed ones (added), a decided hunk as
 * the side chosen.
 */
export function shownLines(original: readonly string[], hunks: readonly Hunk[], decisions: readonly HunkDecision[]): ShownLine[] {
	const lines: ShownLine[] = [];
	let at = 0;
	hunks.forEach((hunk, index) => {
		for (; at < hunk.originalStart; at++) lines.push({ text: original[at], kind: 'same' });
		const decision = decisions[index] ?? 'pending';
		if (decision === 'accepted') lines.push(...hunk.proposed.map((text): ShownLine => ({ text, kind: 'same' })));
		else if (decision === 'discarded') lines.push(...hunk.original.map((text): ShownLine => ({ text, kind: 'same' })));
		else {
			lines.push(...hunk.original.map((text): ShownLine => ({ text, kind: 'removed', hunk: index })));
			lines.push(...hunk.proposed.map((text): ShownLine => ({ text, kind: 'added', hunk: index })));
		}
		at = hunk.originalStart + hunk.original.length;
	});
	for (; at < original.length; at++) lines.push({ text: original[at], kind: 'same' });
	return lines;
}

/** The block while the proposal streams: every original line removed, the new ones added below. */
export function streamingLines(original: readonly string[], proposed: readonly string[]): ShownLine[] {
	return [
		...original.map((text): ShownLine => ({ text, kind: 'removed' })),
		...proposed.map((text): ShownLine => ({ text, kind: 'added' })),
	];
}

/** A text's lines, whatever its line ends (`\n`, `\r\n`, or `\r` alone). */
export function splitLines(text: string): string[] {
	return text.split(/\r\n|\r|\n/);
}

/**
 * The proposed code as lines in place of whole original lines: one final line end goes (the
 * block's own last line end stays in the file), and a last line still being written is kept.
 */
export function proposedLines(code: string): string[] {
	const lines = splitLines(code);
	if (lines.length > 1 && lines.at(-1) === '') lines.pop();
	return lines;
}
