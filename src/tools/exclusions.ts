/** Options for `globToRegExp`. */
export interface GlobOptions {
	/**
	 * Match regardless of letter case. The tools use it for every pattern: on case-insensitive
	 * file systems `.ENV` is the same file as `.env`, and hiding a little too much is harmless.
	 */
	readonly ignoreCase?: boolean;
}

/**
 * Compiles a glob into a RegExp over `/`-separated paths relative to a workspace folder.
 *
 * - `*` matches within one path segment, `?` one character of it, `**` as a whole segment any
 *   number of segments (`a/**` also matches `a` itself);
 * - `{a,b}` alternatives (nestable), `[abc]`, `[a-z]`, `[!a]` / `[^a]` classes, `\` escapes;
 * - a pattern without `/` matches the last segment at any depth (`*.pem` is `**\/*.pem`), as in
 *   .gitignore; a leading `/` or `./` anchors it to the folder; a trailing `/` is dropped.
 */
export function globToRegExp(glob: string, options: GlobOptions = {}): RegExp {
	let pattern = glob.trim();
	while (pattern.startsWith('./')) pattern = pattern.slice(2);
	const anchored = pattern.startsWith('/') || pattern.replace(/\/+$/, '').includes('/');
	pattern = pattern.replace(/^\/+/, '').replace(/\/+$/, '');
	const body = translate(pattern, true, true);
	return new RegExp(`^${anchored ? '' : '(?:.*/)?'}${body}$`, options.ignoreCase ? 'i' : '');
}

/**
 * `atStart`/`atEnd` say whether the text begins/ends on a segment boundary, so `**` inside
 * `{**\/a,b}` still counts as a whole segment.
 */
function translate(p: string, atStart: boolean, atEnd: boolean): string {
	let out = '';
	let i = 0;
	while (i < p.length) {
		const c = p[i];
		if (c === '*') {
			let j = i;
			while (p[j] === '*') j++;
			const segmentStart = i === 0 ? atStart : p[i - 1] === '/';
			const segmentEnd = j === p.length ? atEnd : p[j] === '/';
			if (j - i >= 2 && segmentStart && segmentEnd) {
				if (j === p.length) {
					out += '.*';
					i = j;
				} else {
					// `**/` is zero or more whole segments.
					out += '(?:[^/]+/)*';
					i = j + 1;
				}
			} else {
				out += '[^/]*';
				i = j;
			}
		} else if (c === '/' && atEnd && /^\*{2,}$/.test(p.slice(i + 1))) {
			// A trailing `/**` matches the folder itself as well as everything in it.
			out += '(?:/.*)?';
			i = p.length;
		} else if (c === '?') {
			out += '[^/]';
			i++;
		} else if (c === '[') {
			const cls = readClass(p, i);
			if (cls) {
				out += cls.source;
				i = cls.end;
			} else {
				out += '\\[';
				i++;
			}
		} else if (c === '{') {
			const close = findClosingBrace(p, i);
			if (close < 0) {
				out += '\\{';
				i++;
			} else {
				const before = i === 0 ? atStart : p[i - 1] === '/';
				const after = close + 1 === p.length ? atEnd : p[close + 1] === '/';
				const alternatives = splitAlternatives(p.slice(i + 1, close));
				out += `(?:${alternatives.map((alt) => translate(alt, before, after)).join('|')})`;
				i = close + 1;
			}
		} else if (c === '\\' && i + 1 < p.length) {
			out += escapeRegExp(p[i + 1]);
			i += 2;
		} else {
			out += escapeRegExp(c);
			i++;
		}
	}
	return out;
}

/** A `[...]` class starting at `start`, or undefined when it is not closed (then `[` is literal). */
function readClass(p: string, start: number): { source: string; end: number } | undefined {
	let i = start + 1;
	const negate = p[i] === '!' || p[i] === '^';
	if (negate) i++;
	const first = i;
	// A `]` right after the opening bracket is a member, as in POSIX.
	if (p[i] === ']') i++;
	while (i < p.length && p[i] !== ']') i++;
	if (i >= p.length) return undefined;
	const members = p.slice(first, i);
	let source = '';
	for (let k = 0; k < members.length; k++) {
		const m = members[k];
		const isRange = m === '-' && k > 0 && k < members.length - 1;
		source += isRange ? '-' : /[\\\]^[-]/.test(m) ? `\\${m}` : m;
	}
	// A class never matches the separator, or `[!a]` would cross folders.
	return { source: `(?!/)[${negate ? '^' : ''}${source}]`, end: i + 1 };
}

function findClosingBrace(p: string, open: number): number {
	let depth = 0;
	for (let i = open; i < p.length; i++) {
		if (p[i] === '\\') i++;
		else if (p[i] === '{') depth++;
		else if (p[i] === '}' && --depth === 0) return i;
	}
	return -1;
}

function splitAlternatives(inner: string): string[] {
	const parts: string[] = [];
	let depth = 0;
	let current = '';
	for (let i = 0; i < inner.length; i++) {
		const c = inner[i];
		if (c === '\\' && i + 1 < inner.length) {
			current += c + inner[++i];
			continue;
		}
		if (c === '{') depth++;
		else if (c === '}') depth--;
		if (c === ',' && depth === 0) {
			parts.push(current);
			current = '';
		} else {
			current += c;
		}
	}
	parts.push(current);
	return parts;
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * The exclusion patterns of one workspace (`files.exclude` + `flux.tools.exclude`), compiled
 * once. A path is excluded when it or any folder above it matches, so `**\/.git` hides
 * `.git/config` too. Matching ignores case.
 */
export class Exclusions {
	private readonly compiled: readonly { readonly pattern: string; readonly regExp: RegExp }[];

	constructor(readonly patterns: readonly string[]) {
		this.compiled = patterns
			.filter((pattern) => typeof pattern === 'string' && pattern.trim() !== '')
			.map((pattern) => ({ pattern, regExp: globToRegExp(pattern, { ignoreCase: true }) }));
	}

	/** `relativePath` is `/`-separated and relative to its workspace folder; `''` is the folder. */
	isExcluded(relativePath: string): boolean {
		return this.matchingPattern(relativePath) !== undefined;
	}

	/** The pattern that excludes the path (itself or a parent folder), for messages. */
	matchingPattern(relativePath: string): string | undefined {
		const segments = relativePath.split('/').filter((s) => s !== '');
		for (let n = 1; n <= segments.length; n++) {
			const prefix = segments.slice(0, n).join('/');
			const hit = this.compiled.find((c) => c.regExp.test(prefix));
			if (hit) return hit.pattern;
		}
		return undefined;
	}
}
