import { BlockScanner, type BlockRange } from './blockScanner';
import {
	appendText, cellContentStart, cellCount, cellTarget, endsWithPlainWord, inlineContentStart, isAppendable, isEmptyTightItem, paragraphTarget,
} from './inlineAppend';
import type { MarkdownRenderer } from './markdown';
import { TextWindow } from './textWindow';

export interface StreamingMarkdownOptions {
	/** Called for every code block with its `pre` already in place, e.g. to wrap it with a toolbar. */
	readonly decorateCode?: (pre: HTMLPreElement) => void;
	/**
	 * Above this many characters, or once rendering it took longer than `slowRenderMs`, the open
	 * block is re-rendered only each time it has doubled (new text shows plain in between): a huge
	 * or pathological block then costs linear time in total, and frames stay short.
	 */
	readonly eagerLimit?: number;
	readonly slowRenderMs?: number;
	/** The clock for `slowRenderMs`. */
	readonly now?: () => number;
}

/** What the DOM at the end of the container shows of the open block. */
interface Tail {
	readonly start: number;
	readonly mode: 'markdown' | 'code';
	nodes: ChildNode[];
	/** The DOM shows `text.slice(start, renderedEnd)`; what follows is whitespace or not shown yet. */
	renderedEnd: number;
	/** Code mode: the first text node of the code (more are appended after it as it grows). */
	code?: Text;
	/** Length of the source at the last full render (for the doubling rule). */
	renderedLength: number;
	/** The last full render took longer than `slowRenderMs`. */
	slow: boolean;
	/** Plain text shown after the last full render of a very large block, up to `pendingEnd` (first node). */
	pending?: Text;
	pendingEnd: number;
}

/** What the fast path needs to know about the line being written, kept up to date as it grows. */
interface LineInfo {
	start: number;
	scanned: number;
	pipes: number;
	lastPipe: number;
	backslash: boolean;
}

/**
 * A slow render of a smaller block is noise (a garbage collection, code not yet optimised), not
 * a sign the block is expensive: it does not switch the block to "render when doubled".
 */
const slowMinLength = 2048;

/** How much of a line's start the fast path looks at (markers, heading hashes, the first word). */
const headLength = 128;

/**
 * Renders markdown that arrives in pieces into `container`, incrementally.
 *
 * The text is split into blocks (see BlockScanner). Finished blocks are rendered once and never
 * parsed again. Only the open block is re-rendered, and most updates avoid even that: plain words
 * added to the line being written are appended as text (inlineAppend.ts), and an open code fence
 * grows as plain text, highlighted once when it closes. `append` only buffers; `flush` (once per
 * animation frame) does the work.
 *
 * The result depends only on the text, not on how it was split into pieces: streaming a reply
 * word by word leaves the same DOM as rendering it at once.
 */
export class StreamingMarkdown {
	/** The whole text, only ever appended to (V8 keeps that cheap) and read when asked for. */
	private source = '';
	/** The part still needed: from the start of the open block. */
	private window = new TextWindow();
	private heldReturn = false;
	private scanner = new BlockScanner();
	private tail: Tail | undefined;
	private dirty = false;
	private line: LineInfo = { start: 0, scanned: 0, pipes: 0, lastPipe: -1, backslash: false };
	private readonly decorateCode: ((pre: HTMLPreElement) => void) | undefined;
	private readonly eagerLimit: number;
	private readonly slowRenderMs: number;
	private readonly now: () => number;

	constructor(
		private readonly container: HTMLElement,
		private readonly renderer: MarkdownRenderer,
		options: StreamingMarkdownOptions = {},
	) {
		this.decorateCode = options.decorateCode;
		this.eagerLimit = options.eagerLimit ?? 16_384;
		this.slowRenderMs = options.slowRenderMs ?? 4;
		this.now = options.now ?? (() => performance.now());
	}

	/** The text rendered so far (line endings normalised as markdown-it does). */
	get text(): string {
		return this.source;
	}

	/** Adds text; nothing is rendered until `flush`. */
	append(piece: string): void {
		let text = this.heldReturn ? `\r${piece}` : piece;
		// A "\r" at the end may be the first half of "\r\n": hold it until the next piece.
		this.heldReturn = text.endsWith('\r');
		if (this.heldReturn) text = text.slice(0, -1);
		if (!text) return;
		text = text.replace(/\r\n?/g, '\n').replace(/\0/g, '\uFFFD');
		this.source += text;
		this.window.append(text);
		this.dirty = true;
	}

	/** Brings the DOM up to date with the text. */
	flush(): void {
		if (!this.dirty) return;
		this.dirty = false;
		for (const block of this.scanner.scan(this.window)) this.finishBlock(block);
		this.renderOpenBlock();
		this.window.dropBefore(this.scanner.openStart);
	}

	/** The text is complete: renders the open block as final (an open fence gets highlighted). */
	finish(): void {
		if (this.heldReturn) {
			this.heldReturn = false;
			this.source += '\n';
			this.window.append('\n');
			this.dirty = true;
		}
		this.flush();
		const start = this.scanner.openStart;
		const tail = this.tail;
		if (tail && showsExactly(tail, this.window, this.window.end)) return;
		this.finishBlock({ start, end: this.window.end });
	}

	/** Starts over with `text` (rendered on the next flush). */
	reset(text = ''): void {
		this.source = '';
		this.window = new TextWindow();
		this.heldReturn = false;
		this.scanner = new BlockScanner();
		this.tail = undefined;
		this.line = { start: 0, scanned: 0, pipes: 0, lastPipe: -1, backslash: false };
		this.container.replaceChildren();
		this.dirty = false;
		this.append(text);
	}

	private finishBlock(block: BlockRange): void {
		const tail = this.takeTail(block.start);
		if (tail && showsExactly(tail, this.window, block.end)) return;
		if (isBlank(this.window, block.start, block.end)) {
			this.replaceTail(tail, []);
			return;
		}
		const source = this.window.slice(block.start, block.end);
		if (tail?.mode === 'code' && this.replaceCode(tail, source)) return;
		this.replaceTail(tail, this.render(source));
	}

	/**
	 * A fence closed: swaps the highlighted code into the streamed block, keeping what
	 * `decorateCode` put around it (its toolbar), which would cost more to build again.
	 */
	private replaceCode(tail: Tail, source: string): boolean {
		const fragment = this.renderer.render(source);
		const pre = fragment.firstElementChild;
		const streamed = tail.code?.parentNode?.parentNode;
		if (!pre || pre.nodeName !== 'PRE' || fragment.childElementCount !== 1 || !streamed || streamed.nodeName !== 'PRE') {
			this.replaceTail(tail, this.decorated(fragment));
			return true;
		}
		(streamed as Element).replaceWith(pre);
		this.container.append(fragment); // the newline markdown-it writes after the block
		return true;
	}

	private renderOpenBlock(): void {
		const start = this.scanner.openStart;
		const end = this.window.end;
		const tail = this.takeTail(start);
		const code = this.scanner.openCode;
		if (code) {
			if (tail?.mode === 'code' && tail.code) {
				tail.code.parentNode?.append(this.window.slice(tail.renderedEnd)); // see appendText
				tail.renderedEnd = end;
				this.tail = tail;
				return;
			}
			const text = this.container.ownerDocument.createTextNode(this.window.slice(code.start));
			this.tail = { start, mode: 'code', nodes: this.replaceTail(tail, this.codeNodes(text, code.language)), renderedEnd: end, code: text, renderedLength: 0, slow: false, pendingEnd: end };
			return;
		}
		if (tail?.mode === 'markdown' && this.appendInline(tail)) {
			this.tail = tail;
			return;
		}
		if (isBlank(this.window, start, end)) {
			this.replaceTail(tail, []);
			return;
		}
		const length = end - start;
		if (tail?.mode === 'markdown' && (length > this.eagerLimit || (tail.slow && length > slowMinLength)) && length < 2 * tail.renderedLength) {
			this.showPending(tail);
			this.tail = tail;
			return;
		}
		const began = this.now();
		const nodes = this.replaceTail(tail, this.render(this.window.slice(start, end)));
		const slow = this.now() - began > this.slowRenderMs;
		this.tail = { start, mode: 'markdown', nodes, renderedEnd: trimEnd(this.window, end), renderedLength: length, slow, pendingEnd: end };
	}

	/** Hands over the tail if it shows the block starting at `start`; a stale one is removed. */
	private takeTail(start: number): Tail | undefined {
		const tail = this.tail;
		this.tail = undefined;
		if (!tail || tail.start === start) return tail;
		this.replaceTail(tail, []); // not expected: the tail always finishes before the next block opens
		return undefined;
	}

	/** The fast path: appends plain words to the line being written, when that is exact. */
	private appendInline(tail: Tail): boolean {
		if (tail.pending) return false;
		const text = this.window;
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
	private lineTarget(tail: Tail, lineStart: number, from: number): { target: Element; empty: boolean } | undefined {
		const line = this.lineInfo(lineStart);
		const head = this.window.slice(lineStart, Math.min(lineStart + headLength, this.window.end));
		const last = tail.nodes[tail.nodes.length - 1] ?? null;
		if (line.pipes === 0) {
			const content = inlineContentStart(head);
			if (content < 0) return undefined;
			const target = paragraphTarget(last);
			if (!target) return undefined;
			if (lineStart + content < from) return { target, empty: false };
			// Only a bare list marker so far ("- ", "2. "): its item is the last one, empty, and in
			// a tight list (in a loose one the first word would bring a paragraph with it).
			const marker = /^[ \t]*(?:[-+*]|\d{1,9}[.)])[ \t]*$/.test(this.window.slice(lineStart, from));
			return marker && isEmptyTightItem(target) ? { target, empty: true } : undefined;
		}
		// A table row: only simple ones (no escaped pipes).
		if (line.backslash) return undefined;
		const cellStart = line.lastPipe + 1;
		const content = cellContentStart(this.window.slice(cellStart, Math.min(cellStart + headLength, this.window.end)));
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
	private closesCell(tail: Tail, lineStart: number, from: number): boolean {
		const line = this.lineInfo(lineStart);
		if (line.backslash || line.lastPipe < from) return false;
		const before = this.window.slice(Math.max(lineStart, from - headLength), from);
		const lastPipe = before.lastIndexOf('|');
		const pipesBefore = line.pipes - 1;
		if (pipesBefore === 0 || !before.slice(lastPipe + 1).trim()) return false;
		const head = this.window.slice(lineStart, Math.min(lineStart + headLength, this.window.end));
		return cellTarget(tail.nodes[tail.nodes.length - 1] ?? null, cellCount(head, pipesBefore) - 1) !== undefined;
	}

	/** Pipes and backslashes in the line being written, counting only what was added since last time. */
	private lineInfo(lineStart: number): LineInfo {
		const line = this.line.start === lineStart ? this.line : { start: lineStart, scanned: lineStart, pipes: 0, lastPipe: -1, backslash: false };
		const text = this.window;
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

	private showPending(tail: Tail): void {
		if (tail.pending) {
			tail.pending.parentNode?.append(this.window.slice(tail.pendingEnd)); // see appendText
			tail.pendingEnd = this.window.end;
			return;
		}
		const doc = this.container.ownerDocument;
		const box = doc.createElement('div');
		box.className = 'md-pending';
		tail.pending = doc.createTextNode(this.window.slice(tail.renderedEnd));
		tail.pendingEnd = this.window.end;
		box.append(tail.pending);
		this.container.append(box);
		tail.nodes.push(box);
	}

	private render(markdown: string): DocumentFragment {
		const fragment = this.renderer.render(markdown);
		// Only fences and indented lines make code blocks: most blocks need no search for them.
		return /`{3}|~{3}|(?:^|\n) {0,3}[ \t]/.test(markdown) ? this.decorated(fragment) : fragment;
	}

	private decorated(fragment: DocumentFragment): DocumentFragment {
		if (this.decorateCode) for (const pre of Array.from(fragment.querySelectorAll('pre'))) this.decorateCode(pre);
		return fragment;
	}

	private codeNodes(text: Text, language: string): DocumentFragment {
		const doc = this.container.ownerDocument;
		const fragment = doc.createDocumentFragment();
		const pre = doc.createElement('pre');
		const code = doc.createElement('code');
		if (/^[\w+#.-]{1,40}$/.test(language)) code.className = `language-${language}`;
		code.append(text);
		pre.append(code);
		fragment.append(pre);
		this.decorateCode?.(pre);
		return fragment;
	}

	/** Replaces the tail's nodes (always the last ones in the container) with `nodes`; returns the new ones. */
	private replaceTail(tail: Tail | undefined, nodes: DocumentFragment | []): ChildNode[] {
		if (tail) for (const node of tail.nodes) node.remove();
		if (Array.isArray(nodes)) return [];
		const added = Array.from(nodes.childNodes);
		this.container.append(nodes);
		return added;
	}
}

/** True when the tail's DOM is the full render of its block ending at `end`. */
function showsExactly(tail: Tail, text: TextWindow, end: number): boolean {
	return tail.mode === 'markdown' && !tail.pending && tail.renderedEnd <= end && isBlank(text, tail.renderedEnd, end);
}

function isBlank(text: TextWindow, start: number, end: number): boolean {
	return start >= end || /^\s*$/.test(text.slice(start, end));
}

/** `end` moved back over trailing spaces and tabs: a rendered block never shows them. */
function trimEnd(text: TextWindow, end: number): number {
	while (end > text.start) {
		const char = text.charCodeAt(end - 1);
		if (char !== 0x20 && char !== 0x09) break;
		end--;
	}
	return end;
}
