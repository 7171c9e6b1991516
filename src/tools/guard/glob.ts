import braces from 'braces';
import picomatch from 'picomatch';

/** Tests a `/`-separated path relative to a workspace folder. */
export type GlobMatcher = (relativePath: string) => boolean;

/**
 * Brace groups are expanded before picomatch sees them, because picomatch turns `{b/**,x}` into
 * an alternation in which `**` no longer matches zero segments. Expansion multiplies, so a
 * pattern that would expand to more than this keeps picomatch's own (linear) brace handling.
 */
const maxExpansions = 64;

/**
 * Compiles a glob as VS Code's settings and search read them, with picomatch:
 *
 * - `*` and `?` stay within a segment, `**` spans any number of segments (`a/**` matches `a` too);
 * - `{a,b}` alternatives (nestable), `[abc]`, `[a-z]`, `[!a]` / `[^a]` classes, `\` escapes;
 * - dot files match like any other (`*` matches `.env`); letter case is ignored, since on
 *   case-insensitive file systems `.ENV` is `.env` and hiding a little too much is harmless;
 * - a pattern without `/` matches the last segment at any depth (`*.pem` is `**\/*.pem`), as in
 *   .gitignore; a leading `/` or `./` anchors it to the folder; a trailing `/` is dropped;
 * - no negation (`!x`) and no extglobs (`@(a|b)`): VS Code has neither, and file names may
 *   contain `!` or parentheses.
 */
export function compileGlob(glob: string): GlobMatcher {
	return picomatch(globSources(glob), options);
}

/** The regular expressions `compileGlob` tests with, for callers that combine many globs into one. */
export function globRegExps(glob: string): RegExp[] {
	return globSources(glob).map((source) => picomatch.makeRe(source, options));
}

const options: picomatch.PicomatchOptions = { dot: true, nocase: true, nonegate: true, noextglob: true };

function globSources(glob: string): string[] {
	let pattern = glob.trim();
	while (pattern.startsWith('./')) pattern = pattern.slice(2);
	const anchored = pattern.startsWith('/') || pattern.replace(/\/+$/, '').includes('/');
	pattern = pattern.replace(/^\/+/, '').replace(/\/+$/, '');
	// picomatch reads `[!b]` as a class holding "!" and "b"; `[^b]` is the same class, negated, everywhere.
	pattern = literalize(pattern).replace(/(^|[^\\])\[!/g, '$1[^');
	if (!anchored) pattern = `**/${pattern}`;
	return expansionBound(pattern) <= maxExpansions ? braces(pattern, { expand: true, keepEscaping: true }) : [pattern];
}

/**
 * Escapes what VS Code reads literally but picomatch would not: parentheses and `|` (picomatch
 * makes regex groups of them; folders such as Next.js's `(marketing)` have them), and braces
 * when they do not pair up.
 */
function literalize(pattern: string): string {
	let depth = 0;
	let balanced = true;
	for (let i = 0; i < pattern.length; i++) {
		if (pattern[i] === '\\') i++;
		else if (pattern[i] === '{') depth++;
		else if (pattern[i] === '}' && --depth < 0) balanced = false;
	}
	const special = balanced && depth === 0 ? /[()|]/ : /[()|{}]/;
	let out = '';
	for (let i = 0; i < pattern.length; i++) {
		const c = pattern[i];
		if (c === '\\' && i + 1 < pattern.length) {
			out += c + pattern[++i];
		} else {
			out += special.test(c) ? `\\${c}` : c;
		}
	}
	return out;
}

/**
 * An upper bound of how many patterns `braces` expands it to: the product of the alternatives of
 * every group. Ranges (`{1..9}`) count as too many: VS Code has none, and they can be huge.
 */
function expansionBound(pattern: string): number {
	let bound = 1;
	const open: number[] = [];
	for (let i = 0; i < pattern.length; i++) {
		const c = pattern[i];
		if (c === '\\') i++;
		else if (c === '{') open.push(1);
		else if (c === ',' && open.length > 0) open[open.length - 1]++;
		else if (c === '.' && pattern[i + 1] === '.' && open.length > 0) return Infinity;
		else if (c === '}' && open.length > 0) {
			bound *= open.pop()!;
			if (bound > maxExpansions) return bound;
		}
	}
	return bound;
}
