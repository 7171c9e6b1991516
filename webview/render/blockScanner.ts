import type { TextWindow } from './textWindow';

/** A finished block: `text.slice(start, end)` renders on its own exactly as inside the whole reply. */
export interface BlockRange {
	readonly start: number;
	readonly end: number;
}

/** The open block is a fenced code block whose opening line is complete. */
export interface OpenCode {
	/** Where the code (the line after the opening fence) begins. */
	readonly start: number;
	readonly language: string;
}

interface Fence {
	readonly char: string;
	readonly length: number;
	readonly indent: number;
}

/** A line may look like a list item; deciding needs its first few characters. */
type Decision = 'join' | 'split' | 'wait';

const blankLine = /^[ \t]*$/;
const fenceOpener = /^([ \t]*)(`{3,}|~{3,})(.*)$/;

/**
 * Finds where a growing markdown text splits into blocks that can be rendered separately and
 * never again: at blank lines outside fenced code, and around fences that start at column 0.
 *
 * A blank line is a boundary only when the next line cannot continue what came before: a line
 * that is indented (list item content, indented code) or starts a list item (loose lists) keeps
 * the block open, so splitting never changes how markdown-it reads the text. Known limit: a link
 * reference definition applies only within its own block.
 *
 * Every decision depends only on the text, never on how it arrived, so a reply streamed in any
 * chunks splits exactly like the whole reply. Work is proportional to the new text: each line is
 * examined once when it completes, and a long unfinished line is never searched again.
 */
export class BlockScanner {
	private lineStart = 0;
	private searchFrom = 0;
	private blockStart = 0;
	private blankStart = -1;
	private fence: Fence | undefined;
	private code: OpenCode | undefined;

	/** Start of the block still being written. */
	get openStart(): number {
		return this.blockStart;
	}

	/** Start of the line still being written (the text after the last newline). */
	get currentLineStart(): number {
		return this.lineStart;
	}

	/** Set while the open block is a fenced code block that has not closed yet. */
	get openCode(): OpenCode | undefined {
		return this.code;
	}

	/** True inside a fenced code block (at any indentation) whose opening line is complete. */
	get inFence(): boolean {
		return this.fence !== undefined;
	}

	/**
	 * Scans what `text` (which only ever grows) added since the last call; returns the blocks that
	 * finished. It never reads before `openStart`, so the window may drop everything before it.
	 */
	scan(text: TextWindow): BlockRange[] {
		const finished: BlockRange[] = [];
		for (;;) {
			const newline = text.indexOf('\n', this.searchFrom);
			if (newline < 0) break;
			this.line(text.slice(this.lineStart, newline), this.lineStart, newline + 1, finished);
			this.lineStart = this.searchFrom = newline + 1;
		}
		this.searchFrom = text.end;
		if (this.blankStart >= 0 && this.lineStart < text.end) {
			// Decide early from the first characters of the unfinished line, so the block
			// before the blank line is finished without waiting for the whole line.
			const decision = decide(text.slice(this.lineStart, Math.min(this.lineStart + 12, text.end)), false);
			if (decision === 'split') this.split(this.blankStart, this.lineStart, finished);
			if (decision !== 'wait') this.blankStart = -1;
		}
		return finished;
	}

	private line(line: string, start: number, end: number, finished: BlockRange[]): void {
		if (this.fence) {
			if (closesFence(line, this.fence)) {
				this.fence = undefined;
				if (this.code) {
					this.code = undefined;
					this.split(end, end, finished);
				}
			}
			return;
		}
		if (blankLine.test(line)) {
			if (this.blockStart === start) this.blockStart = end; // nothing open yet: skip it
			else if (this.blankStart < 0) this.blankStart = start;
			return;
		}
		if (this.blankStart >= 0) {
			if (decide(line, true) === 'split') this.split(this.blankStart, start, finished);
			this.blankStart = -1;
		}
		const opener = fenceOpener.exec(line);
		if (!opener || (opener[2][0] === '`' && opener[3].includes('`'))) return;
		const indent = opener[1].length;
		this.fence = { char: opener[2][0], length: opener[2].length, indent };
		if (indent === 0) {
			// A fence at column 0 interrupts whatever was open, so it always starts a block.
			if (this.blockStart < start) this.split(start, start, finished);
			this.code = { start: end, language: opener[3].trim().split(/\s+/)[0] ?? '' };
		}
	}

	/** Finishes the open block at `end`; the next one starts at `next`. */
	private split(end: number, next: number, finished: BlockRange[]): void {
		if (end > this.blockStart) finished.push({ start: this.blockStart, end });
		this.blockStart = next;
	}
}

function closesFence(line: string, fence: Fence): boolean {
	const match = /^([ \t]*)(`{3,}|~{3,})[ \t]*$/.exec(line);
	return !!match && match[2][0] === fence.char && match[2].length >= fence.length && match[1].length < fence.indent + 4;
}

/**
 * After a blank line: does `line` continue the block before it (indented content, another list
 * item) or start a new one? Unfinished lines may need a few more characters to tell.
 */
function decide(line: string, complete: boolean): Decision {
	const first = line[0];
	if (first === undefined) return complete ? 'split' : 'wait';
	if (first === ' ' || first === '\t') return 'join';
	let markerEnd = 0;
	if (first === '-' || first === '+' || first === '*') {
		markerEnd = 1;
	} else {
		const digits = /^\d{1,9}/.exec(line)?.[0].length ?? 0;
		if (digits === 0) return 'split';
		if (digits === line.length) return complete ? 'split' : 'wait';
		if (line[digits] !== '.' && line[digits] !== ')') return 'split';
		markerEnd = digits + 1;
	}
	// A list marker followed by a space, a tab or the end of the line is a list item.
	const after = line[markerEnd];
	if (after === undefined) return complete ? 'join' : 'wait';
	return after === ' ' || after === '\t' ? 'join' : 'split';
}
