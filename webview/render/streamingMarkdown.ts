import { appendAfter, BlockRenderer } from './blockRenderer';
import { BlockScanner, type BlockRange } from './blockScanner';
import { LineAppender } from './lineAppender';
import type { MarkdownRenderer } from './markdown';
import { TextWindow } from './textWindow';

/** How a StreamingMarkdown decorates code blocks and when it stops re-rendering a large block. */
export interface StreamingMarkdownOptions {
	/** Called for every code block with its `pre` already in place, e.g. to wrap it with a toolbar. */
	readonly decorateCode?: (pre: HTMLPreElement) => void;
	/**
	 * Takes a code block whose fence closed while streaming, drawn plain (`withPlainCode`), to be
	 * coloured once it is painted: highlighting it in that update made it the longest of a reply.
	 * Without it (or a renderer that cannot), the block is coloured at once.
	 */
	readonly colourLater?: (pre: Element) => void;
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

/**
 * A slow render of a smaller block is noise (a garbage collection, code not yet optimised), not
 * a sign the block is expensive: it does not switch the block to "render when doubled".
 */
const slowMinLength = 2048;

/**
 * Renders markdown that arrives in pieces into `container`, incrementally.
 *
 * The text is split into blocks (see BlockScanner). Finished blocks are rendered once and never
 * parsed again. Only the open block is re-rendered, and most updates avoid even that: plain words
 * added to the line being written are appended as text (LineAppender), and an open code fence
 * grows as plain text, highlighted once when it closes. `append` only buffers; `flush` (once per
 * animation frame) does the work, deciding what to render; BlockRenderer makes the nodes.
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
	private inline = new LineAppender(this.window, this.scanner);
	private tail: Tail | undefined;
	private dirty = false;
	private readonly blocks: BlockRenderer;
	private readonly eagerLimit: number;
	private readonly slowRenderMs: number;
	private readonly now: () => number;

	constructor(
		private readonly container: HTMLElement,
		renderer: MarkdownRenderer,
		options: StreamingMarkdownOptions = {},
	) {
		this.blocks = new BlockRenderer(container, renderer, options.decorateCode, options.colourLater);
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
		// Finished blocks with nothing of theirs on screen yet (a reply shown whole, text that came
		// in a burst) are rendered together; one that replaces its streamed form, alone.
		let batch: string[] = [];
		const renderBatch = () => {
			if (batch.length) this.blocks.replace(undefined, this.blocks.renderAll(batch));
			batch = [];
		};
		for (const block of this.scanner.scan(this.window)) {
			if (this.tail || isBlank(this.window, block.start, block.end)) {
				renderBatch();
				this.finishBlock(block);
			} else {
				batch.push(this.window.slice(block.start, block.end));
			}
		}
		renderBatch();
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
		this.inline = new LineAppender(this.window, this.scanner);
		this.tail = undefined;
		this.container.replaceChildren();
		this.dirty = false;
		this.append(text);
	}

	private finishBlock(block: BlockRange): void {
		const tail = this.takeTail(block.start);
		if (tail && showsExactly(tail, this.window, block.end)) return;
		if (isBlank(this.window, block.start, block.end)) {
			this.blocks.replace(tail?.nodes, []);
			return;
		}
		const source = this.window.slice(block.start, block.end);
		if (tail?.mode === 'code') this.blocks.finishCode(tail.nodes, tail.code, source);
		else this.blocks.replace(tail?.nodes, this.blocks.render(source));
	}

	private renderOpenBlock(): void {
		const start = this.scanner.openStart;
		const end = this.window.end;
		const tail = this.takeTail(start);
		const code = this.scanner.openCode;
		if (code) {
			if (tail?.mode === 'code' && tail.code) {
				appendAfter(tail.code, this.window.slice(tail.renderedEnd));
				tail.renderedEnd = end;
				this.tail = tail;
				return;
			}
			const text = this.container.ownerDocument.createTextNode(this.window.slice(code.start));
			const nodes = this.blocks.replace(tail?.nodes, this.blocks.codeBlock(text, code.language));
			this.tail = { start, mode: 'code', nodes, renderedEnd: end, code: text, renderedLength: 0, slow: false, pendingEnd: end };
			return;
		}
		if (tail?.mode === 'markdown' && this.inline.append(tail)) {
			this.tail = tail;
			return;
		}
		if (isBlank(this.window, start, end)) {
			this.blocks.replace(tail?.nodes, []);
			return;
		}
		const length = end - start;
		if (tail?.mode === 'markdown' && (length > this.eagerLimit || (tail.slow && length > slowMinLength)) && length < 2 * tail.renderedLength) {
			this.showPending(tail);
			this.tail = tail;
			return;
		}
		const began = this.now();
		const nodes = this.blocks.replace(tail?.nodes, this.blocks.render(this.window.slice(start, end)));
		const slow = this.now() - began > this.slowRenderMs;
		this.tail = { start, mode: 'markdown', nodes, renderedEnd: trimEnd(this.window, end), renderedLength: length, slow, pendingEnd: end };
	}

	/** Hands over the tail if it shows the block starting at `start`; a stale one is removed. */
	private takeTail(start: number): Tail | undefined {
		const tail = this.tail;
		this.tail = undefined;
		if (!tail || tail.start === start) return tail;
		this.blocks.replace(tail.nodes, []); // not expected: the tail always finishes before the next block opens
		return undefined;
	}

	/** Shows the text after a large block's last full render as plain text, until it has doubled. */
	private showPending(tail: Tail): void {
		if (tail.pending) {
			appendAfter(tail.pending, this.window.slice(tail.pendingEnd));
		} else {
			const { box, text } = this.blocks.pendingBox(this.window.slice(tail.renderedEnd));
			tail.pending = text;
			tail.nodes.push(box);
		}
		tail.pendingEnd = this.window.end;
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
