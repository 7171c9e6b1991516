// Re-indenting the model's new_text when its old_text matched only with indentation ignored.
//
// The rule, kept simple on purpose: both texts are first written in the file's indent character
// (tabs or spaces), then every line of new_text is shifted by the difference between old_text's
// first non-blank line and the matched file line it stands for. Lines keep their indentation
// relative to each other, so nesting the model wrote survives.
//
// Tabs and spaces: in a tab-indented region the model's leading spaces become tabs, one per
// "model indent unit" (what one tab level is worth in the model's spaces, read from how its
// old_text lines line up with the file's, else the spacing its own lines step by, else 4), with
// any remainder kept as spaces (alignment such as ` * ` in a doc comment). In a space-indented
// region the model's tabs become the file's indent unit of spaces, found the same way. Widths of
// spaces are never rescaled (2-space text stays 2-space in a 4-space file, shifted as a whole).

const defaultUnit = 4;

/** How a file region is indented: with tabs, or with spaces. */
type Style = 'tabs' | 'spaces';

/** Indentation as levels of the file's character plus alignment spaces after them. */
interface Indent {
	readonly levels: number;
	readonly align: number;
}

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

/** Indentation in the file's style: tab levels (each `unit` spaces of the model's) or spaces. */
function measure(indent: string, style: Style, unit: number): Indent {
	if (style === 'spaces') return { levels: count(indent, ' ') + count(indent, '\t') * unit, align: 0 };
	const columns = count(indent, ' ') + count(indent, '\t') * unit;
	return { levels: Math.floor(columns / unit), align: columns % unit };
}

function render(indent: Indent, style: Style): string {
	return style === 'tabs' ? '\t'.repeat(indent.levels) + ' '.repeat(indent.align) : ' '.repeat(indent.levels);
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
	const from = measure(leadingWhitespace(oldLines[anchor]), style, unit);
	const to = measure(leadingWhitespace(region[anchor]), style, unit);
	const shift = to.levels - from.levels;
	return newLines.map((line) => {
		if (isBlank(line)) return line;
		const indent = leadingWhitespace(line);
		const own = measure(indent, style, unit);
		return render({ levels: Math.max(0, own.levels + shift), align: own.align }, style) + line.slice(indent.length);
	});
}
