// The streaming renderer's fast path: most deltas are a few plain words added to the line being
// written. When that provably cannot change how markdown reads the block, the words are appended
// to the DOM as text instead of re-rendering the block. Each rule below closes one way the
// appended text could change structure; anything unusual falls back to a full render.

/**
 * Text that cannot open, close or extend an inline construct: no emphasis, code, link, entity,
 * escape, autolink or table delimiters, and no "." or ":" inside a word (linkify reads
 * `example.com` and `http:` as links). A "." or ":" before a space or at the end is safe.
 */
const appendable = /^(?:[\p{L}\p{N}\p{M}\p{Pd}\p{Pi}\p{Pf} \t,;!?'"%$=+/…]|[.:](?=[ \t]|$))*$/u;
const wordChar = /[\p{L}\p{N}\p{M}]/u;
/** Content that starts one of these is paragraph text, not a block construct. */
const inlineStart = /^[\p{L}\p{N}*_"']/u;
/** How far back or ahead the checks look; anything longer takes the full render. */
const lookLimit = 64;

export function isAppendable(text: string): boolean {
	return appendable.test(text);
}

/**
 * True when the text before `end` ends in a word of letters and digits (or the line is empty so
 * far), so text appended without a leading space cannot merge into a link, entity or delimiter run.
 */
export function endsWithPlainWord(text: string, end: number, lineStart: number): boolean {
	for (let i = end - 1, seen = 0; i >= lineStart; i--, seen++) {
		const char = text[i];
		if (char === ' ' || char === '\t') return true;
		if (seen >= lookLimit || !wordChar.test(char)) return false;
	}
	return true;
}

/**
 * Where the inline content of `line` begins after blockquote markers, list markers and
 * indentation, or -1 when the line is not plain paragraph text (a heading's text counts).
 */
export function inlineContentStart(line: string): number {
	let i = 0;
	for (;;) {
		while (line[i] === ' ' || line[i] === '\t') i++;
		if (line[i] === '>') {
			i++;
			continue;
		}
		const marker = /^(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)/.exec(line.slice(i, i + 12));
		if (!marker) break;
		i += marker[0].length;
	}
	const heading = /^#{1,6}(?:[ \t]+|$)/.exec(line.slice(i, i + 12));
	if (heading) return i + heading[0].length < line.length ? i + heading[0].length : -1;
	const content = line.slice(i, i + lookLimit);
	// The first word needs a letter or digit: `***`, `---`, `===` and fences have none.
	const firstWord = /^[^ \t]*/.exec(content)?.[0] ?? '';
	return inlineStart.test(content) && wordChar.test(firstWord) ? i : -1;
}

/**
 * Where the content of a table row's current cell begins within `cell` (the text after the row's
 * last pipe), or -1 when it does not start like plain text.
 */
export function cellContentStart(cell: string): number {
	let i = 0;
	while (cell[i] === ' ' || cell[i] === '\t') i++;
	const content = cell.slice(i, i + lookLimit);
	const firstWord = /^[^ \t]*/.exec(content)?.[0] ?? '';
	return inlineStart.test(content) && wordChar.test(firstWord) ? i : -1;
}

/** How many cells markdown-it sees in a row whose last cell is not empty (`head`: the row's start). */
export function cellCount(head: string, pipes: number): number {
	return /^[ \t]*\|/.test(head) ? pipes : pipes + 1;
}

/**
 * The element holding the last line's text when the rendered block ends in paragraph-like
 * text: a paragraph, heading or tight list item, possibly inside lists and blockquotes.
 */
export function paragraphTarget(last: Node | null): Element | undefined {
	let node = skipLayoutText(last);
	while (node && node.nodeType === 1) {
		const element = node as Element;
		switch (element.nodeName) {
			case 'P': case 'H1': case 'H2': case 'H3': case 'H4': case 'H5': case 'H6':
				return element;
			case 'UL': case 'OL': case 'BLOCKQUOTE':
				node = element.lastElementChild;
				break;
			case 'LI': {
				const child = skipLayoutText(element.lastChild);
				if (!child || child.nodeType !== 1) return element;
				if (/^(?:P|UL|OL|BLOCKQUOTE|H[1-6])$/.test(child.nodeName)) node = child;
				else if (/^(?:PRE|TABLE|HR|DIV)$/.test(child.nodeName)) return undefined;
				else return element; // inline markup at the end of a tight item
				break;
			}
			default:
				return undefined;
		}
	}
	return undefined;
}

/** An item with nothing in it yet, in a list whose items hold their text directly (tight). */
export function isEmptyTightItem(item: Element): boolean {
	if (item.nodeName !== 'LI' || item.hasChildNodes()) return false;
	for (let sibling = item.previousElementSibling; sibling; sibling = sibling.previousElementSibling) {
		for (let child = sibling.firstElementChild; child; child = child.nextElementSibling) if (child.nodeName === 'P') return false;
	}
	return true;
}

/** The cell at `index` in the last body row when the rendered block is a table. */
export function cellTarget(last: Node | null, index: number): Element | undefined {
	last = skipLayoutText(last);
	if (!last || last.nodeName !== 'TABLE') return undefined;
	const body = (last as Element).lastElementChild;
	if (!body || body.nodeName !== 'TBODY') return undefined;
	return body.lastElementChild?.children[index];
}

/** Steps back over the newlines markdown-it writes between block tags. */
function skipLayoutText(node: Node | null): Node | null {
	while (node && node.nodeType === 3 && /^\s*$/.test(node.nodeValue ?? '')) node = node.previousSibling;
	return node;
}

/**
 * Appends `text` as the last text of `target`, as a text node of its own: growing a text node
 * that is already laid out (appendData) makes Chromium reshape all of its text on the spot,
 * about 0.2 ms a word in a long paragraph; a new node is laid out with the next frame.
 */
export function appendText(target: Element, text: string): void {
	target.append(text);
}
