// Line handling shared by the edit matcher: the file keeps its own line endings, and the model's
// text (which may come with either) is converted to them before anything is inserted.

/** One line of a file: its text without the terminator, and the terminator ('' on the last line). */
export interface FileLine {
	readonly text: string;
	readonly eol: string;
	/** Offset of the line's first character in the file. */
	readonly start: number;
}

/** Splits a file into lines, each with its own terminator, so a mixed file is rebuilt byte for byte. */
export function splitFileLines(text: string): FileLine[] {
	const lines: FileLine[] = [];
	let start = 0;
	for (;;) {
		const lf = text.indexOf('\n', start);
		if (lf === -1) {
			lines.push({ text: text.slice(start), eol: '', start });
			return lines;
		}
		const cr = lf > start && text[lf - 1] === '\r';
		lines.push({ text: text.slice(start, cr ? lf - 1 : lf), eol: cr ? '\r\n' : '\n', start });
		start = lf + 1;
	}
}

/**
 * The terminator a file mostly uses: CRLF when more lines end with it than with a bare LF.
 * A file without line breaks gets LF.
 */
export function dominantEol(text: string): '\r\n' | '\n' {
	const crlf = text.split('\r\n').length - 1;
	const lf = text.split('\n').length - 1 - crlf;
	return crlf > lf ? '\r\n' : '\n';
}

/** The model's text with every CRLF (or lone CR) as LF. */
export function toLf(text: string): string {
	return text.replace(/\r\n?/g, '\n');
}

/** LF text with the given terminator. */
export function withEol(lfText: string, eol: string): string {
	return eol === '\n' ? lfText : lfText.split('\n').join(eol);
}

/**
 * A line without its indentation and trailing whitespace: spaces, tabs and a stray CR only.
 * (String.prototype.trim would also drop a byte order mark or a no-break space, which are content.)
 */
export function trimLine(line: string): string {
	return line.replace(/^[ \t]+|[ \t\r]+$/g, '');
}

/** 1-based line numbers of ascending offsets, in one pass over the text. */
export function lineNumbers(text: string, offsets: readonly number[]): number[] {
	let line = 1;
	let at = 0;
	return offsets.map((offset) => {
		for (let i = text.indexOf('\n', at); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
			line++;
			at = i + 1;
		}
		return line;
	});
}

/**
 * `edited` with the final newline as `original` had it: an edit that touched the last line must
 * not add or drop the file's trailing line break (editors and linters care, the model rarely does).
 */
export function keepFinalNewline(original: string, edited: string, eol: string): string {
	const had = /\n$/.test(original);
	const has = /\n$/.test(edited);
	if (had && !has && edited !== '') return edited + eol;
	if (!had && has) return edited.replace(/\r?\n$/, '');
	return edited;
}
