import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { binaryExtensions, hasBinaryExtension, isBinaryContent } from '../guard/binaryFiles';
import { invalidRegex } from './jsSearch';
import { exclusionGlobArgs, RipgrepError, ripgrepMatches } from './ripgrep';
import type { SearchHit, SearchPlan } from './searchPlan';
import { holdsSecretContent, secretPatterns } from '../guard/secretPatterns';
import { gitignoreChecker } from '../read/ignoreFiles';
import { comparePaths } from './listedPaths';

/**
 * The ripgrep engine. Folder exclusions and binary extensions are passed to rg so it skips whole
 * folders, but every hit is still checked here with the same rules as the JS engine: the
 * globs only save work, they do not decide. The built-in secret patterns are not passed: they
 * name single files that hardly ever match, and each glob costs rg a test on every file, while
 * checking them here costs one test per file with a hit.
 *
 * Each folder is searched first without `--sort path`, so ripgrep uses every core, and its
 * hits are put in path order here; only the files that make the cut are then checked for
 * binary content. Only when that search finds far more hits than the cap (a common word) is
 * it stopped and the folder searched again sorted, which stops at the cap: the first hits in
 * path order cannot be known from an unsorted search cut short.
 */
export async function searchWithRipgrep(rgPath: string, plan: SearchPlan, hits: SearchHit[], signal: AbortSignal): Promise<void> {
	for (const { folder, realPath } of plan.folders) {
		const judge = fileJudge(plan, realPath);
		const found: SearchHit[] = [];
		let complete: boolean;
		try {
			complete = await runRipgrep(rgPath, ripgrepArgs(plan, false), realPath, signal, (relative, line, text) => {
				if (judge.wanted(relative)) found.push({ folder, relative, line, text });
				return found.length <= unsortedHitLimit(plan.maxHits);
			});
		} catch (error) {
			// Stopped at the deadline: what was found, in order.
			if (signal.aborted) await keepInOrder(sortHits(found), judge, hits, plan.maxHits);
			throw error;
		}
		if (complete) {
			if (await keepInOrder(sortHits(found), judge, hits, plan.maxHits)) return;
			continue;
		}
		// Files are judged a few dozen at a time while ripgrep goes on; hits keep their order.
		const pending: { hit: SearchHit; ok: Promise<boolean> }[] = [];
		const drain = async (keep: number): Promise<boolean> => {
			while (pending.length > keep) {
				const { hit, ok } = pending.shift()!;
				if (!await ok) continue;
				hits.push(hit);
				if (hits.length > plan.maxHits) return true;
			}
			return false;
		};
		let full = false;
		await runRipgrep(rgPath, ripgrepArgs(plan, true), realPath, signal, (relative, line, text) => {
			pending.push({ hit: { folder, relative, line, text }, ok: judge.accepts(relative) });
			return pending.length < 64;
		}, async () => {
			full = await drain(32);
			return !full;
		});
		if (full || await drain(0)) return;
	}
}

/**
 * Whether a file's hits may be shown: text by the same rule as the JS engine, and holding no
 * private key or service-account key, and within the size limit. The whole file is read, only
 * for files that make the cut.
 */
async function isSearchable(absolutePath: string, maxFileBytes: number): Promise<boolean> {
	if (hasBinaryExtension(absolutePath)) return false;
	const file = await open(absolutePath);
	try {
		// The size limit is checked here, not by rg: `--max-filesize` costs rg a stat of every file.
		if ((await file.stat()).size > maxFileBytes) return false;
		const bytes = await file.readFile();
		return !isBinaryContent(bytes) && !holdsSecretContent(bytes);
	} finally {
		await file.close();
	}
}

/**
 * Hits a first, unsorted search collects before it gives way to a sorted one: five times the cap
 * (at least 1,000). Collecting more cost more than the sorted search saves: with 5,000, an
 * include glob over 11,000 hits took 1.2–1.4x rg, with 1,000 0.75x (npm run bench toolsSearch).
 */
function unsortedHitLimit(maxHits: number): number {
	return Math.max(1_000, maxHits * 5);
}

/** Which files of one folder may give hits: the exclusions and include glob, then a look for binary content. */
function fileJudge(plan: SearchPlan, realPath: string): { wanted(relative: string): boolean; accepts(relative: string): Promise<boolean> } {
	const wanted = new Map<string, boolean>();
	const accepted = new Map<string, Promise<boolean>>();
	// rg lets a --glob override .gitignore, so with an include glob the files it reports are
	// judged by the .gitignore files here, as the JS engine judges them.
	const ignored = plan.include && plan.useIgnoreFiles ? gitignoreChecker(realPath) : undefined;
	const searchable = async (relative: string): Promise<boolean> => {
		try {
			return !await ignored?.(relative) && await isSearchable(join(realPath, relative), plan.maxFileBytes);
		} catch {
			return false;
		}
	};
	const judge = {
		wanted(relative: string): boolean {
			let ok = wanted.get(relative);
			if (ok === undefined) {
				ok = !plan.exclusions.isExcluded(relative) && (!plan.include || plan.include.matches(relative));
				wanted.set(relative, ok);
			}
			return ok;
		},
		accepts(relative: string): Promise<boolean> {
			let ok = accepted.get(relative);
			if (ok === undefined) {
				ok = judge.wanted(relative) ? searchable(relative) : Promise.resolve(false);
				accepted.set(relative, ok);
			}
			return ok;
		},
	};
	return judge;
}

/**
 * Appends the sorted `found` hits whose files pass the judge, checking 64 files at a time (a
 * check mostly waits for the disk), until `hits` holds more than `maxHits` (then true).
 */
async function keepInOrder(found: readonly SearchHit[], judge: ReturnType<typeof fileJudge>, hits: SearchHit[], maxHits: number): Promise<boolean> {
	let i = 0;
	while (i < found.length) {
		const files = new Set<string>();
		let end = i;
		while (end < found.length && (files.size < 64 || files.has(found[end].relative))) files.add(found[end++].relative);
		await Promise.all([...files].map((relative) => judge.accepts(relative)));
		for (; i < end; i++) {
			if (!await judge.accepts(found[i].relative)) continue;
			hits.push(found[i]);
			if (hits.length > maxHits) return true;
		}
	}
	return false;
}

/** Puts hits in path order as `rg --sort path` and the JS walk give it (`comparePaths`), then by line. */
function sortHits(hits: SearchHit[]): SearchHit[] {
	return hits.sort((a, b) => a.relative === b.relative ? a.line - b.line : comparePaths(a.relative, b.relative));
}

/**
 * Runs ripgrep in one folder and hands each match to `onMatch`, which returns false to stop
 * ripgrep (then this returns false) or to wait for `pause` first, when given; true when ripgrep
 * ran to its end.
 */
async function runRipgrep(rgPath: string, args: string[], cwd: string, signal: AbortSignal, onMatch: (relative: string, line: number, text: string) => boolean, pause?: () => Promise<boolean>): Promise<boolean> {
	try {
		for await (const match of ripgrepMatches(rgPath, args, cwd, signal)) {
			const relative = match.path.split('\\').join('/').replace(/^\.\//, '');
			if (!onMatch(relative, match.lineNumber, match.text) && !(pause && await pause())) return false;
		}
		return true;
	} catch (error) {
		if (error instanceof RipgrepError) throw invalidRegex(error.stderr.replace(/^regex parse error:\s*/, ''));
		throw error;
	}
}

/** ripgrep's flags for the plan: the exclusions, ignore files and binary rule of the JS engine (jsSearch.ts), so the two stay alike. */
export function ripgrepArgs(plan: SearchPlan, sorted: boolean): string[] {
	const args = [
		'--json', '--no-config',
		// Only the folders' own .gitignore files, as the JS engine reads them (`IgnoreRules`),
		// in a git repository or not.
		...plan.useIgnoreFiles
			? ['--no-ignore-parent', '--no-ignore-global', '--no-ignore-exclude', '--no-ignore-dot', '--no-require-git']
			: ['--no-ignore'],
		'--hidden', '--no-follow',
		// Deterministic order, so a capped result is the same whichever engine ran (single-threaded).
		...sorted ? ['--sort', 'path'] : [],
		// Binary files are judged here, by the same rule as the JS engine.
		'--text', '--crlf',
		plan.caseSensitive ? '--case-sensitive' : '--ignore-case',
	];
	if (!plan.isRegex) args.push('--fixed-strings');
	args.push(...exclusionGlobArgs(plan.exclusions.allPatterns(), secretPatterns));
	args.push('--iglob', `!*.{${binaryExtensions.join(',')}}`);
	if (plan.include) args.push('--iglob', plan.include.glob);
	args.push('-e', plan.query, '--', '.');
	return args;
}
