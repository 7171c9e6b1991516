// Re-indenting the model's new_text when its old_text matched only with indentation ignored.
//
// The rule, kept simple on purpose: indentation is measured in columns, a tab counting one indent
// unit; every line of new_text is shifted by the difference between old_text's first non-blank
// line and the matched file line it stands for, then written in the file region's character.
// Lines keep their indentation relative to each other, so nesting the model wrote survives;
// when every matched line shows the model stepping by a different width than the file (2 spaces
// for 4), new_text's steps are scaled by that ratio.
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

const isBlank = (line: string): boolean => line.trim() === '';

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

/**
 * How many file columns one of the model's columns is worth, from the matched lines: 2 when the
 * model wrote 2-space steps where the file has 4-space ones. Only a ratio every matched line
 * agrees on counts; otherwise 1 (the model's relative indentation kept as written).
 */
function scaleFromPairs(oldLines: readonly string[], region: readonly string[], anchor: number, unit: number): number {
	const from = columns(leadingWhitespace(oldLines[anchor]), unit);
	const to = columns(leadingWhitespace(region[anchor]), unit);
	let scale: number | undefined;
	for (let i = 0; i < oldLines.length; i++) {
		if (isBlank(oldLines[i])) continue;
		const model = columns(leadingWhitespace(oldLines[i]), unit) - from;
		const file = columns(leadingWhitespace(region[i]), unit) - to;
		if (model === 0) {
			if (file !== 0) return 1;
			continue;
		}
		const ratio = file / model;
		if (ratio <= 0 || (scale !== undefined && ratio !== scale)) return 1;
		scale = ratio;
	}
	return scale ?? 1;
}

/**
 * new_text's lines re-indented for the file region `region` that old_text's lines matched
 * line for line (indentation ignored). `file` is every line of the file, for its style.
 */
export function reindent(newLines: readonly string[], oldLines: readonly string[], region: readonly string[], file: readonly string[]): string[] {
	const style = styleOf(region, file);
	const modelLines = [...oldLines, ...newLines];
	// Tabs: what one file tab is worth in the model's spaces. Spaces: what one model tab is worth in the file's.
	const unit = style === 'tabs'
		? unitFromPairs(region, oldLines) ?? indentStep(modelLines) ?? defaultUnit
		: unitFromPairs(oldLines, region) ?? indentStep(file) ?? defaultUnit;
	const anchor = oldLines.findIndex((line) => !isBlank(line));
	if (anchor === -1) return [...newLines];
	const anchorFrom = columns(leadingWhitespace(oldLines[anchor]), unit);
	const anchorTo = columns(leadingWhitespace(region[anchor]), unit);
	const scale = scaleFromPairs(oldLines, region, anchor, unit);
	// Shifting by columns (not levels) keeps a line's alignment spaces, such as a doc comment's ` * `.
	return newLines.map((line) => {
		if (isBlank(line)) return line;
		const indent = leadingWhitespace(line);
		const width = anchorTo + Math.round((columns(indent, unit) - anchorFrom) * scale);
		return render(Math.max(0, width), style, unit) + line.slice(indent.length);
	});
}
