import { holdsSecretText } from '../../tools/guard/secretPatterns';
import { activeFileChars } from './attachments';

/** A place in a document, 0-based as editors count (vscode's Position fits). */
export interface TextPosition {
	readonly line: number;
	readonly character: number;
}

/** A span of a document (vscode's Range and Selection fit). */
export interface TextRange {
	readonly start: TextPosition;
	readonly end: TextPosition;
}

/** An open document as the attachment rules see it. */
export interface OpenDocument {
	/** All of its text as the editor holds it, unsaved changes included. */
	readonly text: string;
	/** No file behind it: often a scratch pad where a token or a key was pasted. */
	readonly untitled: boolean;
}

/** Whole lines of a document, 1-based and inclusive, with `\n` line ends. */
export interface DocumentLines {
	readonly startLine: number;
	readonly endLine: number;
	readonly text: string;
}

/**
 * `range` of `document` as whole lines (a range ending at column 0 ends on the line before), or
 * `'secret'` when the document holds a private key or a service-account key anywhere. The whole
 * text is checked, not only the lines that would go: read_file refuses the whole file for a key
 * in it, so a key just below the visible lines must keep those lines home too.
 */
export function documentLines(document: OpenDocument, range: TextRange): DocumentLines | 'secret' {
	if (holdsSecretText(document.text)) return 'secret';
	const lines = document.text.split(/\r?\n/);
	const clamp = (line: number) => Math.min(lines.length - 1, Math.max(0, line));
	const start = clamp(range.start.line);
	const end = clamp(range.end.character === 0 && range.end.line > range.start.line ? range.end.line - 1 : range.end.line);
	return { startLine: start + 1, endLine: end + 1, text: lines.slice(start, end + 1).join('\n') };
}

/** The whole document as a range, without the empty line after a final newline. */
export function wholeDocument(document: OpenDocument): TextRange {
	const lines = document.text.split(/\r?\n/);
	let last = lines.length - 1;
	if (last > 0 && lines[last] === '') last--;
	return { start: { line: 0, character: 0 }, end: { line: last, character: lines[last].length } };
}

/**
 * What the active editor attaches by default: its selection (`selection`, undefined when empty),
 * else the whole file when it is small, else the lines on screen (`visible`, else the first 200).
 * Nothing from an untitled buffer, which goes only when the user adds it, and nothing from a
 * document that holds a secret anywhere.
 */
export function activeEditorLines(document: OpenDocument, selection: TextRange | undefined, visible: TextRange | undefined): (DocumentLines & { readonly kind: 'file' | 'selection' }) | undefined {
	if (document.untitled) return undefined;
	let kind: 'file' | 'selection' = 'selection';
	let range: TextRange;
	if (selection) {
		range = selection;
	} else if (document.text.length <= activeFileChars) {
		range = wholeDocument(document);
		kind = 'file';
	} else {
		range = visible ?? { start: { line: 0, character: 0 }, end: { line: 200, character: 0 } };
	}
	const lines = documentLines(document, range);
	return lines === 'secret' ? undefined : { kind, ...lines };
}
