// CSI sequences (colours, cursor moves), OSC sequences (titles, shell integration marks, links)
// ended by BEL or ST, and the other two-character escapes; C1 CSI too.
// eslint-disable-next-line no-control-regex
const ansi = /\x1b\[[0-?]*[ -/]*[@-~]|\x9b[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[P^_][^\x1b]*(?:\x1b\\)?|\x1b[ -/]*[0-~]/g;
// eslint-disable-next-line no-control-regex
const controls = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;

/**
 * A terminal's output as plain text: escape sequences and control characters removed, `\r\n`
 * made `\n`, and a line redrawn with `\r` (a progress bar) reduced to what it showed last.
 */
export function stripAnsi(text: string): string {
	return text
		.replace(ansi, '')
		.replace(/\r+\n/g, '\n')
		.split('\n')
		.map((line) => {
			const drawn = line.replace(/\r+$/, '');
			return drawn.slice(drawn.lastIndexOf('\r') + 1);
		})
		.join('\n')
		.replace(controls, '');
}

/** What was dropped from the middle before the text reached `capOutput` (see `OutputBuffer`). */
interface Dropped {
	readonly chars: number;
	readonly lines: number;
}

/**
 * Keeps `text` within `maxChars`: the start (a third) and the end (the rest, where errors and
 * summaries are) at line boundaries where it can, with a line between them saying what was cut.
 */
export function capOutput(text: string, maxChars: number, dropped: Dropped = { chars: 0, lines: 0 }): string {
	if (text.length <= maxChars && dropped.chars === 0) return text;
	const room = Math.max(0, maxChars - 80);
	let head = text.slice(0, Math.floor(room / 3));
	let tail = text.slice(text.length - (room - head.length));
	// Whole lines where a line break is near; a single long line is cut where it must be.
	const headBreak = head.lastIndexOf('\n');
	if (headBreak > head.length / 2) head = head.slice(0, headBreak + 1);
	const tailBreak = tail.indexOf('\n');
	if (tailBreak >= 0 && tailBreak < tail.length / 2) tail = tail.slice(tailBreak + 1);
	const middle = text.slice(head.length, text.length - tail.length);
	const chars = middle.length + dropped.chars;
	const lines = lineBreaks(middle) + dropped.lines;
	const marker = `[… ${lines === 0 ? '' : `${lines.toLocaleString('en-US')} ${lines === 1 ? 'line' : 'lines'}, `}${chars.toLocaleString('en-US')} characters cut from the middle of the output …]`;
	return `${head}${head.endsWith('\n') || head === '' ? '' : '\n'}${marker}\n${tail}`;
}

function lineBreaks(text: string): number {
	let count = 0;
	for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
	return count;
}

/**
 * Collects a command's output as it streams, in bounded memory: the first and the last
 * `keepChars` characters, counting what falls between them. `text()` gives the result the
 * model and the card see: plain text, capped to `maxChars` by `capOutput`.
 */
export class OutputBuffer {
	private head = '';
	private tail = '';
	private droppedChars = 0;
	private droppedLines = 0;

	constructor(private readonly keepChars = 1_000_000) {}

	append(chunk: string): void {
		if (this.head.length < this.keepChars) {
			const take = chunk.slice(0, this.keepChars - this.head.length);
			this.head += take;
			chunk = chunk.slice(take.length);
		}
		if (!chunk) return;
		this.tail += chunk;
		if (this.tail.length > 2 * this.keepChars) {
			const cut = this.tail.slice(0, this.tail.length - this.keepChars);
			this.droppedChars += cut.length;
			this.droppedLines += lineBreaks(cut);
			this.tail = this.tail.slice(cut.length);
		}
	}

	/** The output so far, escapes removed, capped. */
	text(maxChars: number): string {
		if (this.droppedChars === 0) return capOutput(stripAnsi(this.head + this.tail).trimEnd(), maxChars);
		return capOutput(`${stripAnsi(this.head)}\n${stripAnsi(this.tail).trimEnd()}`, maxChars, { chars: this.droppedChars, lines: this.droppedLines });
	}
}
