import type { BlockScanner } from './blockScanner';
import {
	appendText, cellContentStart, cellCount, cellTarget, endsWithPlainWord, inlineContentStart, isAppendable, isEmptyTightItem, paragraphTarget,
} from './inlineAppend';
import type { TextWindow } from './textWindow';

/** What the fast path needs of the open block's rendered DOM, and moves on when it appends. */
export interface AppendTarget {
	/** The block's nodes, the last ones in the container. */
	readonly nodes: readonly ChildNode[];
	/** The DOM shows the text up to here; what follows is whitespace or not shown yet. */
	renderedEnd: number;
	/** Plain text shown after a large block's last full render: then words cannot go in place. */
	readonly pending?: Text;
}

/** What the fast path needs to know about the line being written, kept up to date as it grows. */
interface LineInfo {
	start: number;
	scanned: number;
	pipes: number;
	lastPipe: number;
	backslash: boolean;
}

/** How much of a line's start the fast path looks at (markers, heading hashes, the first word). */
const headLength = 128;

/**
 * The streaming renderer's fast path: puts plain words added to the line being written straight
 * into the rendered paragraph, heading, list item or table cell they continue, when the rules of
 * inlineAppend.ts show that a full render would give the same DOM. It reads the same growing
 * text and block scanner as the renderer, and counts the line's pipes and backslashes only in
 * what was added since it last looked, so a long line costs no more per word than a short one.
 */
export class LineAppender {
	private line: LineInfo = { start: 0, scanned: 0, pipes: 0, lastPipe: -1, backslash: false };

	constructor(private readonly text: TextWindow, private readonly scanner: BlockScanner) {}

	/** Appends the text after `tail.renderedEnd` to the DOM when that is exact; false when the block needs a render. */
	append(tail: AppendTarget): boolean {
		if (tail.pending) return false;
		const text = this.text;
		const from = tail.renderedEnd;
		const added = text.slice(from);
		// Ending the line, or blank lines after it, changes nothing on screen (except in an
		// open fence, where they are code) until the next line has text.
		if (/^\n\s*$/.test(added) && !this.scanner.inFence) return true;
		if (added.includes('\n')) return false;
		const words = added.replace(/[ \t]+$/, '');
		const lineStart = this.scanner.currentLineStart;
		if (/^[ \t]*\|$/.test(words) && this.closesCell(tail, lineStart, from)) {
			tail.renderedEnd = from + words.length;
			return true;
		}
		if (!isAppendable(words)) return false;
		if (words && words[0] !== ' ' && words[0] !== '\t') {
			const before = text.slice(Math.max(lineStart, from - 65), from);
			if (!endsWithPlainWord(before, before.length, 0)) return false;
		}
		const place = this.lineTarget(tail, lineStart, from);
		if (!place) return false;
		// An empty item or cell shows its first word without the space before it.
		const piece = place.empty ? words.replace(/^[ \t]+/, '') : words;
		if (piece) appendText(place.target, piece);
		tail.renderedEnd = from + words.length;
		return true;
	}

	/**
	 * Where the current line's text goes: the paragraph, heading, list item or table cell it
	 * continues. `empty`: the line had no text yet, only a list marker or a cell's opening pipe,
	 * and its (rendered, empty) item or cell is ready to take the first word.
	 */
	private lineTarget(tail: AppendTarget, lineStart: number, from: number): { target: Element; empty: boolean } | undefined {
		const line = this.lineInfo(lineStart);
		const head = this.head(lineStart);
		const last = lastNode(tail);
		if (line.pipes === 0) {
			const content = inlineContentStart(head);
			if (content < 0) return undefined;
			const target = paragraphTarget(last);
			if (!target) return undefined;
			if (lineStart + content < from) return { target, empty: false };
			// Only a bare list marker so far ("- ", "2. "): its item is the last one, empty, and in
			// a tight list (in a loose one the first word would bring a paragraph with it).
			const marker = /^[ \t]*(?:[-+*]|\d{1,9}[.)])[ \t]*$/.test(this.text.slice(lineStart, from));
			return marker && isEmptyTightItem(target) ? { target, empty: true } : undefined;
		}
		// A table row: only simple ones (no escaped pipes).
		if (line.backslash) return undefined;
		const cellStart = line.lastPipe + 1;
		const content = cellContentStart(this.head(cellStart));
		if (content < 0) return undefined;
		const target = cellTarget(last, cellCount(head, line.pipes) - 1);
		if (!target) return undefined;
		if (cellStart + content < from) return { target, empty: false };
		return target.hasChildNodes() ? undefined : { target, empty: true };
	}

	/**
	 * True when a pipe added after `from` only ends the current cell of a rendered table row:
	 * the cell has text and the row may end in a pipe or not, so nothing changes on screen.
	 */
	private closesCell(tail: AppendTarget, lineStart: number, from: number): boolean {
		const line = this.lineInfo(lineStart);
		if (line.backslash || line.lastPipe < from) return false;
		const before = this.text.slice(Math.max(lineStart, from - headLength), from);
		const lastPipe = before.lastIndexOf('|');
		const pipesBefore = line.pipes - 1;
		if (pipesBefore === 0 || !before.slice(lastPipe + 1).trim()) return false;
		return cellTarget(lastNode(tail), cellCount(this.head(lineStart), pipesBefore) - 1) !== undefined;
	}

	/** Pipes and backslashes in the line being written, counting only what was added since last time. */
	private lineInfo(lineStart: number): LineInfo {
		const line = this.line.start === lineStart ? this.line : { start: lineStart, scanned: lineStart, pipes: 0, lastPipe: -1, backslash: false };
		const text = this.text;
		for (let i = line.scanned; i < text.end; i++) {
			const char = text.charCodeAt(i);
			if (char === 0x7c) {
				line.pipes++;
				line.lastPipe = i;
			} else if (char === 0x5c) {
				line.backslash = true;
			}
		}
		line.scanned = text.end;
		this.line = line;
		return line;
	}

	/** The first `headLength` characters from `start`, or fewer at the end of the text. */
	private head(start: number): string {
		return this.text.slice(start, Math.min(start + headLength, this.text.end));
	}
}

function lastNode(tail: AppendTarget): ChildNode | null {
	return tail.nodes[tail.nodes.length - 1] ?? null;
}
