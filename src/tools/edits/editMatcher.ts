import { closestRegion } from './editClosestRegion';
import { reindent } from './editIndent';
import type { FileLine } from './editText';
import { dominantEol, keepFinalNewline, lineNumbers, splitFileLines, toLf, trimLine, withEol } from './editText';

// The text logic behind `edit_file`: find old_text in a file and put new_text in its place.
// First an exact match (line endings aside); failing that, a match of whole lines with indentation
// and trailing whitespace ignored, new_text then re-indented to fit. Either must be unique unless
// replace_all is set. Anything ambiguous is refused with a message the model can act on: this
// never guesses. Plain functions over strings; reading and writing the file is the caller's job.

export interface EditCall {
	readonly old_text: string;
	readonly new_text: string;
	readonly replace_all?: boolean;
}

export type EditOutcome =
	| { readonly ok: true; readonly text: string; readonly replacements: number; readonly strategy: 'exact' | 'whitespace'; readonly firstLine: number }
	| { readonly ok: false; readonly message: string };

/** A stretch of the file to replace: offsets into it, and the text to put there. */
interface Replacement {
	readonly start: number;
	readonly end: number;
	readonly text: string;
}

const maxListedLines = 10;
const maxShownLines = 30;
const maxShownChars = 200;
/** Below this mean line similarity the closest region is noise, not worth showing. */
const minShownSimilarity = 0.4;

/** Applies one edit_file call to `file`, or says why not. */
export function applyEdit(file: string, call: EditCall): EditOutcome {
	if (call.old_text === '') {
		return refuse('old_text is empty. To write a new file use create_file; to change this one, set old_text to the exact text to replace.');
	}
	const oldLf = toLf(call.old_text);
	const newLf = toLf(call.new_text);
	if (oldLf === newLf) return refuse('old_text and new_text are identical, so there is nothing to change.');
	const eol = dominantEol(file);
	const replaceAll = call.replace_all === true;

	const exact = findAll(file, withEol(oldLf, eol));
	if (exact.length > 0) {
		const needle = withEol(oldLf, eol);
		const lines = lineNumbers(file, exact);
		if (exact.length > 1 && !replaceAll) return several(lines, '');
		if (overlaps(exact.map((start) => ({ start, end: start + needle.length })))) return overlapping(lines);
		const unclear = exact.findIndex((start) => indentationUnclear(file, start, oldLf, newLf));
		if (unclear !== -1) return refuse(`old_text starts inside the indentation of line ${lines[unclear]} and its other lines start at column 0, so it is unclear whether the indentation was left out of the first line only or of every line, and how new_text's lines should be indented. Nothing was changed. Copy whole lines, with their leading whitespace, into old_text and new_text and retry.`);
		const texts = exact.map((start) => laterLinesIndented(file, start, oldLf, newLf));
		const unsure = texts.indexOf(undefined);
		if (unsure !== -1) return refuse(`old_text is one line that starts after the indentation of line ${lines[unsure]}, and new_text's later lines are indented in mixed ways, so it is unclear how to indent them. Nothing was changed. Copy whole lines, with their leading whitespace, into old_text and new_text and retry.`);
		return finish(file, eol, exact.map((start, i) => ({ start, end: start + needle.length, text: withEol(texts[i]!, eol) })), 'exact', lines[0]);
	}

	const fileLines = splitFileLines(file);
	const { lines: oldLines, withFinalEol } = textLines(oldLf);
	const regions = oldLines.some((line) => trimLine(line) !== '') ? findLines(fileLines, oldLines) : [];
	if (regions.length === 0) return notFound(fileLines, oldLines);
	const lines = regions.map((start) => start + 1);
	const spaced = ' when indentation and trailing whitespace are ignored';
	if (regions.length > 1 && !replaceAll) return several(lines, spaced);
	const spans = regions.map((start) => lineSpan(fileLines, start, oldLines.length, withFinalEol));
	if (overlaps(spans)) return overlapping(lines);
	const { lines: newLines, withFinalEol: newFinalEol } = textLines(newLf);
	const all = fileLines.map((line) => line.text);
	const replacements: Replacement[] = [];
	for (const [i, start] of regions.entries()) {
		const indented = newLf === '' ? [] : reindent(newLines, oldLines, all.slice(start, start + oldLines.length), all);
		if (!indented) return unclearIndentation(lines[i]);
		replacements.push({ ...spans[i], text: newLf === '' ? '' : indented.join(eol) + (newFinalEol ? eol : '') });
	}
	return finish(file, eol, replacements, 'whitespace', lines[0]);
}

function unclearIndentation(line: number): EditOutcome {
	return refuse(`old_text matches line ${line} onwards only when indentation is ignored, and its lines are indented differently relative to each other than the file's, so there is no telling how to indent new_text. Nothing was changed. Copy the lines with their exact leading whitespace into old_text and new_text and retry.`);
}

function refuse(message: string): EditOutcome {
	return { ok: false, message };
}

/** Every offset where `needle` starts, overlapping ones included (they make a match ambiguous). */
function findAll(text: string, needle: string): number[] {
	const found: number[] = [];
	for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1)) found.push(i);
	return found;
}

/**
 * An exact match that starts after some of a line's indentation reads two ways when old_text's
 * later lines sit at column 0: the model left the indentation out of its first line only (then
 * new_text's later lines are right as written), or out of every line and the later lines only
 * matched because they are at column 0 anyway (then they need the indentation added). The two
 * give different files when new_text has later lines with text, and then we refuse rather than guess.
 */
function indentationUnclear(file: string, start: number, oldLf: string, newLf: string): boolean {
	const prefix = file.slice(file.lastIndexOf('\n', start - 1) + 1, start);
	if (prefix === '' || !/^[ \t]*$/.test(prefix)) return false;
	const later = (text: string): string[] => textLines(text).lines.slice(1).filter((line) => trimLine(line) !== '');
	const oldLater = later(oldLf);
	return oldLater.length > 0 && oldLater.every((line) => !/^[ \t]/.test(line)) && later(newLf).length > 0;
}

/**
 * new_text for an exact match of a single line's text without its indentation (the way models
 * most often quote one line): new_text's first line takes that indentation's place. When a later
 * line starts at column 0, the later lines are written relative to the first and all get the
 * indentation; when all of them already carry it they stay as written; else it is unclear
 * (undefined).
 */
function laterLinesIndented(file: string, start: number, oldLf: string, newLf: string): string | undefined {
	const indentation = file.slice(file.lastIndexOf('\n', start - 1) + 1, start);
	if (indentation === '' || !/^[ \t]*$/.test(indentation) || oldLf.replace(/\n$/, '').includes('\n')) return newLf;
	const [first, ...later] = newLf.split('\n');
	const written = later.filter((line) => trimLine(line) !== '');
	if (written.length === 0) return newLf;
	const relative = written.some((line) => !/^[ \t]/.test(line));
	if (!relative) return written.every((line) => line.startsWith(indentation)) ? newLf : undefined;
	return [first, ...later.map((line) => trimLine(line) === '' ? line : indentation + line)].join('\n');
}

/** LF text as lines; a final line break ends the last line rather than starting an empty one. */
function textLines(lfText: string): { lines: string[]; withFinalEol: boolean } {
	const withFinalEol = lfText.endsWith('\n');
	return { lines: (withFinalEol ? lfText.slice(0, -1) : lfText).split('\n'), withFinalEol };
}

/** 0-based first lines of every run of file lines equal to `oldLines` once both are trimmed. */
function findLines(fileLines: readonly FileLine[], oldLines: readonly string[]): number[] {
	const wanted = oldLines.map(trimLine);
	const have = fileLines.map((line) => trimLine(line.text));
	const found: number[] = [];
	for (let start = 0; start + wanted.length <= have.length; start++) {
		if (wanted.every((line, i) => have[start + i] === line)) found.push(start);
	}
	return found;
}

/** Offsets of `count` whole lines from `start`, with the last line's break when old_text ended with one. */
function lineSpan(fileLines: readonly FileLine[], start: number, count: number, withFinalEol: boolean): { start: number; end: number } {
	const last = fileLines[start + count - 1];
	return { start: fileLines[start].start, end: last.start + last.text.length + (withFinalEol ? last.eol.length : 0) };
}

function overlaps(spans: readonly { start: number; end: number }[]): boolean {
	return spans.some((span, i) => i > 0 && span.start < spans[i - 1].end);
}

function finish(file: string, eol: string, replacements: readonly Replacement[], strategy: 'exact' | 'whitespace', firstLine: number): EditOutcome {
	let text = '';
	let at = 0;
	for (const r of replacements) {
		text += file.slice(at, r.start) + r.text;
		at = r.end;
	}
	text = keepFinalNewline(file, text + file.slice(at), eol);
	if (text === file) {
		return refuse('This edit would leave the file unchanged: new_text differs from old_text only in what is adjusted to fit the file (indentation, line endings, the final newline). Nothing was changed.');
	}
	return { ok: true, text, replacements: replacements.length, strategy, firstLine };
}

/** "line 4" or "lines 4, 9 and 3 more": each line once, at most maxListedLines of them. */
function listLines(lines: readonly number[]): string {
	const unique = [...new Set(lines)];
	const shown = unique.slice(0, maxListedLines).join(', ');
	const more = unique.length > maxListedLines ? ` and ${unique.length - maxListedLines} more` : '';
	return `${unique.length === 1 ? 'line' : 'lines'} ${shown}${more}`;
}

function several(lines: readonly number[], how: string): EditOutcome {
	return refuse(`old_text matches ${lines.length} places${how} (starting at ${listLines(lines)}). Nothing was changed. Add surrounding lines to old_text so it matches only the place you mean, or set replace_all to true to change every one.`);
}

function overlapping(lines: readonly number[]): EditOutcome {
	return refuse(`old_text matches places that overlap (starting at ${listLines(lines)}), so replace_all cannot change each one. Nothing was changed. Use a longer old_text that matches each place once.`);
}

function shown(line: string): string {
	return line.length > maxShownChars ? `${line.slice(0, maxShownChars)}…` : line;
}

/** The refusal for a text found nowhere: the most similar lines, numbered, and the first that differs. */
function notFound(fileLines: readonly FileLine[], oldLines: readonly string[]): EditOutcome {
	const texts = fileLines.map((line) => line.text);
	const head = 'old_text was not found in the file, not even with indentation and trailing whitespace ignored. Nothing was changed.';
	const best = closestRegion(texts, oldLines);
	if (best.length === 0 || best.score < minShownSimilarity) {
		return refuse(`${head} Nothing in the file is close to it: read the file again (read_file) and copy the lines to replace exactly.`);
	}
	const region = texts.slice(best.start, best.start + best.length);
	const width = String(best.start + region.length).length;
	const numbered = region.slice(0, maxShownLines).map((line, i) => `${String(best.start + i + 1).padStart(width)}| ${shown(line)}`);
	if (region.length > maxShownLines) numbered.push(`${' '.repeat(width)}| …`);
	const differs = region.findIndex((line, i) => trimLine(line) !== trimLine(oldLines[i]));
	const hint = differs === -1 ? '' : `The first difference is at line ${best.start + differs + 1}. `;
	const range = region.length === 1 ? `line ${best.start + 1}` : `lines ${best.start + 1}-${best.start + region.length}`;
	return refuse(`${head} The most similar text is at ${range}:\n${numbered.join('\n')}\n${hint}Copy old_text from the file exactly (without the line numbers) and retry.`);
}
