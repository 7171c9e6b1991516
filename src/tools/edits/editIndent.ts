// Re-indenting the model's new_text when its old_text matched only with indentation ignored.
//
// The rule, kept simple on purpose: indentation is measured in columns, a tab counting one indent
// unit; every line of new_text is shifted by the difference between old_text's first non-blank
// line and the matched file line it stands for, then written in the file region's character.
// Lines keep their indentation relative to each other, so nesting the model wrote survives;
// when every matched line shows the model stepping by a different width than the file (2 spaces
// for 4), new_text's steps are scaled by that ratio. Matched lines that disagree (other than a
// first line whose indentation was left out) make the edit a refusal, not a guess.
//
// The unit: in a tab-indented region, what one tab is worth in the model's spaces, read from how
// old_text's lines line up with the file's, else the step the model's own lines most often
// indent by, else 4; leftover columns stay spaces after the tabs (a doc comment's ` * `). In a
// space-indented region, what one model tab is worth in the file's spaces, found the same way
// from the file's lines.

const defaultUnit = 4;

/** How a file region is indented: with tabs, or with spaces. */
type Style = 'tabs' | 'spaces';

export function leadingWhitespace(line: string): string {
	return /^[ \t]*/.exec(line)![0];
}

const isBlank = (line: string): boolean => /^[ \t\r]*$/.test(line);

/**
 * The step between consecutive non-blank lines' space indentation that occurs most often
 * (steps of 1 are alignment, not nesting), or undefined when the lines never step.
 */
export function indentStep(lines: readonly string[]): number | undefined {
	const counts = new Map<number, number>();
	let previous: number | undefined;
	for (const line of lines) {
		if (isBlank(line)) continue;
		const indent = leadingWhitespace(line);
		if (indent.includes('\t')) continue;
		if (previous !== undefined) {
			const step = Math.abs(indent.length - previous);
			if (step >= 2) counts.set(step, (counts.get(step) ?? 0) + 1);
		}
		previous = indent.length;
	}
	let best: number | undefined;
	for (const [step, count] of counts) {
		if (best === undefined || count > counts.get(best)! || (count === counts.get(best)! && step < best)) best = step;
	}
	return best;
}

const count = (text: string, char: string): number => text.split(char).length - 1;

/** Tabs when the region's indented lines use them (or, with none indented, most of the file's). */
function styleOf(region: readonly string[], file: readonly string[]): Style {
	for (const lines of [region, file]) {
		let tabs = 0;
		let spaces = 0;
		for (const line of lines) {
			if (line.startsWith('\t')) tabs++;
			else if (line.startsWith(' ') && !isBlank(line)) spaces++;
		}
		if (tabs + spaces > 0) return tabs > spaces ? 'tabs' : 'spaces';
	}
	return 'spaces';
}

/**
 * How many spaces one tab level is worth, read from matched pairs: two pairs whose tab counts
 * differ give (space difference) / (tab difference). `tabbed` and `spaced` are the same lines
 * written with tabs and with spaces.
 */
function unitFromPairs(tabbed: readonly string[], spaced: readonly string[]): number | undefined {
	let first: { tabs: number; spaces: number } | undefined;
	for (let i = 0; i < tabbed.length && i < spaced.length; i++) {
		if (isBlank(tabbed[i]) || isBlank(spaced[i])) continue;
		const t = leadingWhitespace(tabbed[i]);
		const s = leadingWhitespace(spaced[i]);
		if (s.includes('\t') || t.includes(' ')) continue;
		const pair = { tabs: count(t, '\t'), spaces: s.length };
		if (!first) first = pair;
		else if (pair.tabs !== first.tabs) {
			const unit = (pair.spaces - first.spaces) / (pair.tabs - first.tabs);
			if (Number.isInteger(unit) && unit >= 1 && unit <= 8) return unit;
		}
	}
	return undefined;
}

/** Width of leading whitespace in columns, a tab counting `unit`. */
function columns(indent: string, unit: number): number {
	return count(indent, ' ') + count(indent, '\t') * unit;
}

/** Leading whitespace `width` columns wide in the file's style; tabs leave any remainder as alignment spaces. */
function render(width: number, style: Style, unit: number): string {
	return style === 'tabs' ? '\t'.repeat(Math.floor(width / unit)) + ' '.repeat(width % unit) : ' '.repeat(width);
}

/** How the model's indentation maps onto the file's: file column = to + (model column - from) * scale. */
interface Mapping {
	readonly from: number;
	readonly to: number;
	readonly scale: number;
}

/**
 * The one mapping that takes every listed old_text line to its file line, or undefined when they
 * disagree. The scale is 1 unless the lines show another ratio (2 when the model wrote 2-space
 * steps where the file has 4-space ones); every line must agree on it.
 */
function fit(indexes: readonly number[], oldWidths: readonly number[], fileWidths: readonly number[]): Mapping | undefined {
	const [anchor, ...others] = indexes;
	const from = oldWidths[anchor];
	const to = fileWidths[anchor];
	let scale: number | undefined;
	for (const i of others) {
		const model = oldWidths[i] - from;
		const file = fileWidths[i] - to;
		if (model === 0 || file === 0) {
			if (model !== file) return undefined;
			continue;
		}
		const ratio = file / model;
		if (ratio <= 0 || (scale !== undefined && ratio !== scale)) return undefined;
		scale = ratio;
	}
	return { from, to, scale: scale ?? 1 };
}

/**
 * new_text's lines re-indented for the file region `region` that old_text's lines matched
 * line for line (indentation ignored), or undefined when the matched lines leave it unclear.
 * `file` is every line of the file, for its style.
 *
 * The matched lines must agree on one mapping. Models often leave the indentation out of their
 * first line only; when old_text's first line has none and its other lines agree among
 * themselves, those lines give the mapping and new_text's first non-blank line takes the file
 * line's indentation. If even that fails and new_text has more than one line with text, there
 * is no telling how to indent it: undefined, and the caller refuses.
 */
export function reindent(newLines: readonly string[], oldLines: readonly string[], region: readonly string[], file: readonly string[]): string[] | undefined {
	const style = styleOf(region, file);
	const modelLines = [...oldLines, ...newLines];
	// Tabs: what one file tab is worth in the model's spaces. Spaces: what one model tab is worth in the file's.
	const unit = style === 'tabs'
		? unitFromPairs(region, oldLines) ?? indentStep(modelLines) ?? defaultUnit
		: unitFromPairs(oldLines, region) ?? indentStep(file) ?? defaultUnit;
	const width = (line: string): number => columns(leadingWhitespace(line), unit);
	const matched = oldLines.flatMap((line, i) => (isBlank(line) ? [] : [i]));
	if (matched.length === 0) return [...newLines];
	const oldWidths = oldLines.map(width);
	const fileWidths = region.map(width);
	const withText = newLines.flatMap((line, i) => (isBlank(line) ? [] : [i]));
	let mapping = fit(matched, oldWidths, fileWidths);
	let firstTakesFile = false;
	if (!mapping) {
		const later = matched.slice(1);
		const firstLeftOut = oldWidths[matched[0]] === 0 && later.some((i) => oldWidths[i] > 0);
		mapping = firstLeftOut ? fit(later, oldWidths, fileWidths) : undefined;
		firstTakesFile = mapping !== undefined;
	}
	if (!mapping) {
		if (withText.length > 1) return undefined;
		mapping = { from: oldWidths[matched[0]], to: fileWidths[matched[0]], scale: 1 };
	}
	const { from, to, scale } = mapping;
	// Shifting by columns (not levels) keeps a line's alignment spaces, such as a doc comment's ` * `.
	return newLines.map((line, i) => {
		if (isBlank(line)) return line;
		const indent = leadingWhitespace(line);
		const target = firstTakesFile && i === withText[0] ? fileWidths[matched[0]] + width(line) : to + Math.round((width(line) - from) * scale);
		return render(Math.max(0, target), style, unit) + line.slice(indent.length);
	});
}
