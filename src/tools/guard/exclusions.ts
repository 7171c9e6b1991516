import type { GlobMatcher } from './glob';
import { compileGlob, globRegExps } from './glob';
import { alwaysExcludedPatterns, secretPatterns } from './secretPatterns';

/** Why a path is out of the tools' reach; the messages differ, since only a setting can be changed. */
export type ExclusionReason = 'secret' | 'always' | 'setting';

/** The pattern that keeps a path out, and why. */
export interface ExclusionMatch {
	readonly pattern: string;
	readonly reason: ExclusionReason;
}

/** Patterns of one reason, with one combined expression for the common case of no match. */
interface PatternGroup {
	readonly reason: ExclusionReason;
	readonly patterns: readonly { readonly pattern: string; readonly matches: GlobMatcher }[];
	readonly any: RegExp | undefined;
}

/**
 * What the tools never read, list or search: the built-in secret patterns (`secretPatterns`) and
 * `.git`/`node_modules` (`alwaysExcludedPatterns`), which no setting removes, plus the patterns
 * from the settings (`Workspace.exclude`, and for searches `Workspace.searchExclude`), which
 * only add. A path is excluded when it or any folder above it matches, so `**\/.ssh` hides
 * `.ssh/id_rsa` too; matching ignores case and is repeated with trailing dots and spaces dropped
 * from every segment, the spelling Windows reads as the same file (`.env.` is `.env`).
 */
export class Exclusions {
	private readonly groups: readonly PatternGroup[];

	/** `patterns` are the settings' patterns; empty ones are skipped. */
	constructor(readonly patterns: readonly string[]) {
		const fromSettings = patterns.filter((pattern) => typeof pattern === 'string' && pattern.trim() !== '');
		this.groups = [...builtInGroups(), settingsGroup(fromSettings)];
	}

	/** The same built-in patterns with more from the settings (search.exclude for searches). */
	with(more: readonly string[]): Exclusions {
		return more.length === 0 ? this : new Exclusions([...new Set([...this.patterns, ...more])]);
	}

	/** Every pattern applied, built-in first: for ripgrep, which skips by glob before we check. */
	allPatterns(): readonly string[] {
		return this.groups.flatMap((g) => g.patterns.map((p) => p.pattern));
	}

	/** `relativePath` is `/`-separated and relative to its workspace folder; `''` is the folder. */
	isExcluded(relativePath: string): boolean {
		return this.match(relativePath) !== undefined;
	}

	/** The pattern that excludes the path (itself or a parent folder), for messages. */
	matchingPattern(relativePath: string): string | undefined {
		return this.match(relativePath)?.pattern;
	}

	/** What excludes the path (itself or a parent folder); secrets win over the other reasons. */
	match(relativePath: string): ExclusionMatch | undefined {
		const segments = relativePath.split('/').filter((s) => s !== '');
		const prefixes = segments.map((_, n) => segments.slice(0, n + 1).join('/'));
		for (const g of this.groups) {
			for (const prefix of prefixes) {
				const hit = matchGroup(g, prefix);
				if (hit) return hit;
			}
		}
		return undefined;
	}

	/**
	 * Whether the path itself matches, without looking at the folders above it: for walkers,
	 * which never enter an excluded folder and so have checked those already.
	 */
	excludesEntry(relativePath: string): boolean {
		const variants = spellings(relativePath);
		return this.groups.some((g) => g.any !== undefined && variants.some((v) => g.any!.test(v)));
	}
}

/**
 * Compiling the patterns costs milliseconds (picomatch, then one joined regex per group), and
 * every tool call, search and listing builds its Exclusions: the groups are compiled once, the
 * built-in ones for good and the settings' by their patterns, the last few kept. A group holds
 * no state (its regexes have no \`g\` flag), so one can serve every Exclusions.
 */
let builtIn: readonly PatternGroup[] | undefined;
function builtInGroups(): readonly PatternGroup[] {
	return builtIn ??= [group('secret', secretPatterns), group('always', alwaysExcludedPatterns)];
}

const settingsGroups = new Map<string, PatternGroup>();
const keptSettingsGroups = 8;
function settingsGroup(patterns: readonly string[]): PatternGroup {
	const key = patterns.join('\0');
	let found = settingsGroups.get(key);
	if (found) {
		// The most recent last, so the oldest is the first to go.
		settingsGroups.delete(key);
	} else {
		found = group('setting', patterns);
		if (settingsGroups.size >= keptSettingsGroups) settingsGroups.delete(settingsGroups.keys().next().value!);
	}
	settingsGroups.set(key, found);
	return found;
}

function group(reason: ExclusionReason, patterns: readonly string[]): PatternGroup {
	const sources = patterns.flatMap((pattern) => globRegExps(pattern).map((re) => `(?:${re.source})`));
	return {
		reason,
		patterns: patterns.map((pattern) => ({ pattern, matches: compileGlob(pattern) })),
		any: sources.length === 0 ? undefined : new RegExp(sources.join('|'), 'i'),
	};
}

function matchGroup(g: PatternGroup, path: string): ExclusionMatch | undefined {
	if (!g.any) return undefined;
	const variants = spellings(path);
	if (!variants.some((v) => g.any!.test(v))) return undefined;
	const hit = g.patterns.find((p) => variants.some((v) => p.matches(v)));
	return hit && { pattern: hit.pattern, reason: g.reason };
}

/** The path as written, and with trailing dots and spaces dropped from each segment when that differs. */
function spellings(path: string): string[] {
	if (!/[. ](?:\/|$)/.test(path)) return [path];
	const trimmed = path.split('/').map((s) => s.replace(/[. ]+$/, '') || s).join('/');
	return trimmed === path ? [path] : [path, trimmed];
}
