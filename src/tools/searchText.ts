import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../flux/logger';
import { binaryExtensions, hasBinaryExtension, isBinaryContent } from './binaryFiles';
import type { Exclusions } from './exclusions';
import type { GlobMatcher } from './glob';
import { compileGlob } from './glob';
import type { SearchRequest } from './jsSearch';
import { compileQuery, invalidRegex } from './jsSearch';
import { RipgrepError, ripgrepMatches } from './ripgrep';
import { holdsSecretContent } from './secretPatterns';
import type { SearchHostMessage, SearchWorkerMessage } from './searchWorker';
import { ToolCancelledError, ToolError } from './toolError';
import type { ToolEnvironment, ToolResult } from './toolResult';
import { clipLine, plural } from './toolResult';
import type { WorkspaceFolder } from './workspace';

/** Arguments of `search_text`. */
export interface SearchTextArgs {
	readonly query: string;
	/** The query is a regular expression rather than plain text. */
	readonly isRegex?: boolean;
	/** Only files whose folder-relative path matches this glob. */
	readonly include?: string;
	readonly caseSensitive?: boolean;
}

/** One matching line. */
export interface SearchHit {
	readonly folder: WorkspaceFolder;
	/** `/`-separated, relative to `folder`. */
	readonly relative: string;
	readonly line: number;
	readonly text: string;
}

/** What both search engines need, worked out once. */
export interface SearchPlan {
	readonly folders: readonly { readonly folder: WorkspaceFolder; readonly realPath: string }[];
	readonly query: string;
	readonly isRegex: boolean;
	readonly caseSensitive: boolean;
	/** The include glob without a leading folder name, and its compiled form. */
	readonly include: { readonly glob: string; readonly matches: GlobMatcher } | undefined;
	/** The tools' exclusions plus `search.exclude`. */
	readonly exclusions: Exclusions;
	/** Honour `.gitignore` files (`search.useIgnoreFiles`). */
	readonly useIgnoreFiles: boolean;
	readonly maxFileBytes: number;
	/** Engines stop after one hit more than this, so the caller knows there were more. */
	readonly maxHits: number;
}

/** Which engine ran; both must give the same hits in the same order. */
export type SearchEngine = 'ripgrep' | 'js';

/**
 * Searches the text files of the workspace folders line by line, on a worker thread: with
 * ripgrep when the host found one and a JS walk otherwise. Both honour the exclusions (secrets
 * always, `search.exclude` too) and `.gitignore` files as VS Code's search does, skip binary
 * files and symlinks, and report hits in the same order (folder by folder, path order as
 * `rg --sort path`), so the cap cuts them at the same place.
 */
export async function searchText(args: SearchTextArgs, env: ToolEnvironment): Promise<ToolResult> {
	const { guard, limits, logger } = env;
	guard.requireFolders();
	if (args.query === '') throw new ToolError('query is empty; pass the text (or regular expression) to search for.', 'empty query');
	const scoped = args.include?.trim() ? guard.scopeGlob(args.include) : undefined;
	const reals = await guard.realFolderPaths();
	const plan: SearchPlan = {
		folders: (scoped?.folders ?? guard.folders).flatMap((folder) => {
			const realPath = reals[guard.folders.indexOf(folder)];
			return realPath === undefined ? [] : [{ folder, realPath }];
		}),
		query: args.query,
		isRegex: args.isRegex ?? false,
		caseSensitive: args.caseSensitive ?? false,
		include: scoped?.glob ? { glob: scoped.glob, matches: compileGlob(scoped.glob) } : undefined,
		exclusions: env.exclusions.with(env.workspace.searchExclude),
		useIgnoreFiles: env.workspace.useIgnoreFiles,
		maxFileBytes: limits.maxFileBytes,
		maxHits: limits.maxSearchMatches,
	};

	// A search that runs too long returns what it found so far; only the caller's signal cancels.
	const timeout = new AbortController();
	const timer = setTimeout(() => timeout.abort(), limits.searchTimeoutMs);
	const signal = AbortSignal.any([env.signal, timeout.signal]);
	const hits: SearchHit[] = [];
	let engine: SearchEngine = env.workspace.ripgrepPath ? 'ripgrep' : 'js';
	const started = Date.now();
	try {
		engine = await searchOnWorker(env.workspace.ripgrepPath, plan, hits, signal, logger);
	} catch (error) {
		if (env.signal.aborted) throw new ToolCancelledError();
		if (!timeout.signal.aborted) throw error;
	} finally {
		clearTimeout(timer);
	}
	logger.debug(`search_text: ${engine} found ${hits.length} hits in ${Date.now() - started} ms`);
	return formatHits(args, plan, hits, timeout.signal.aborted ? limits.searchTimeoutMs : undefined, env);
}

/** Where the worker's bundle lies: beside this module, in dist/ as in the compiled tests. */
const searchWorkerPath = join(__dirname, 'searchWorker.js');

/** How long a cancelled search may take to stop ripgrep and send its last hits before its thread is ended. */
const stopGraceMs = 500;

/**
 * Runs the search on a worker thread (`searchWorker.ts`): with ripgrep when there is one, else
 * (or when it cannot start) with the JS engine. Off the extension host, starting ripgrep (a
 * blocking fork), reading its output and judging files cost the host nothing, and a
 * model-written regex that backtracks for ever in the JS engine freezes only that thread. Hits
 * arrive as they are found, so a search stopped by the signal (deadline or cancellation) keeps
 * them; the thread is asked to stop (killing ripgrep) and ended if it does not, which stops
 * even a regex that never returns. Returns the engine that ran.
 */
async function searchOnWorker(ripgrepPath: string | undefined, plan: SearchPlan, hits: SearchHit[], signal: AbortSignal, logger: Logger): Promise<SearchEngine> {
	if (!ripgrepPath) {
		// Parse here, so a bad regex is reported without starting a thread; ripgrep parses its own.
		compileQuery(plan);
	}
	if (signal.aborted) throw new ToolCancelledError();
	const request: SearchRequest = {
		ripgrepPath,
		folders: plan.folders.map((f) => f.realPath),
		query: plan.query,
		isRegex: plan.isRegex,
		caseSensitive: plan.caseSensitive,
		include: plan.include?.glob,
		exclude: plan.exclusions.patterns,
		useIgnoreFiles: plan.useIgnoreFiles,
		maxFileBytes: plan.maxFileBytes,
		maxHits: plan.maxHits,
	};
	const worker = idleWorkers.pop() ?? startWorker();
	clearTimeout(idleTimers.get(worker));
	idleTimers.delete(worker);
	worker.ref();
	let grace: ReturnType<typeof setTimeout> | undefined;
	let stop: (() => void) | undefined;
	let reusable = false;
	const listeners: { message?: (message: SearchWorkerMessage) => void; error?: (error: Error) => void; exit?: (code: number) => void } = {};
	try {
		return await new Promise<SearchEngine>((resolve, reject) => {
			stop = () => {
				worker.postMessage({ type: 'cancel' } satisfies SearchHostMessage);
				grace = setTimeout(() => reject(new ToolCancelledError()), stopGraceMs);
			};
			signal.addEventListener('abort', stop, { once: true });
			listeners.message = (message) => {
				switch (message.type) {
					case 'hits':
						for (const hit of message.hits) {
							if (hits.length > plan.maxHits) break;
							hits.push({ folder: plan.folders[hit.folder].folder, relative: hit.relative, line: hit.line, text: hit.text });
						}
						break;
					case 'fallback':
						logger.warn(`${message.message}; searching without ripgrep`);
						break;
					case 'done':
						reusable = true;
						resolve(message.engine);
						break;
					case 'cancelled':
						reusable = true;
						reject(new ToolCancelledError());
						break;
					case 'failed':
						reusable = true;
						reject(message.summary === undefined ? new Error(`the search failed: ${message.message}`) : new ToolError(message.message, message.summary));
						break;
				}
			};
			listeners.error = reject;
			listeners.exit = (code) => reject(new Error(`the search thread stopped (exit code ${code})`));
			worker.on('message', listeners.message);
			worker.on('error', listeners.error);
			worker.on('exit', listeners.exit);
			worker.postMessage({ type: 'search', request } satisfies SearchHostMessage);
		});
	} finally {
		clearTimeout(grace);
		if (stop) signal.removeEventListener('abort', stop);
		if (listeners.message) worker.off('message', listeners.message);
		if (listeners.error) worker.off('error', listeners.error);
		if (listeners.exit) worker.off('exit', listeners.exit);
		if (reusable) {
			keepIdle(worker);
		} else {
			// A thread that did not answer in time may be stuck in a regex: ending it stops that.
			void worker.terminate();
		}
	}
}

/** Threads that finished a search, kept a while: starting one costs more than many searches. */
const idleWorkers: Worker[] = [];
const idleTimers = new Map<Worker, ReturnType<typeof setTimeout>>();
const idleWorkerMs = 60_000;

function startWorker(): Worker {
	const worker = new Worker(searchWorkerPath);
	// A thread that ends while idle must not be handed out again.
	worker.on('exit', () => {
		clearTimeout(idleTimers.get(worker));
		idleTimers.delete(worker);
		const index = idleWorkers.indexOf(worker);
		if (index >= 0) idleWorkers.splice(index, 1);
	});
	return worker;
}

function keepIdle(worker: Worker): void {
	// An idle thread must not keep the extension host (or a test run) alive.
	worker.unref();
	idleWorkers.push(worker);
	const timer = setTimeout(() => void worker.terminate(), idleWorkerMs);
	timer.unref();
	idleTimers.set(worker, timer);
}

/**
 * The ripgrep engine. Exclusions and binary extensions are passed to rg so it skips whole
 * folders, but every hit is still checked here with the same rules as the JS engine: the
 * globs only save work, they do not decide.
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
				return found.length <= unsortedHitLimit;
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
 * private key or service-account key. The whole file is read (ripgrep skips larger ones than
 * the limit), only for files that make the cut.
 */
async function isSearchable(absolutePath: string): Promise<boolean> {
	if (hasBinaryExtension(absolutePath)) return false;
	const bytes = await readFile(absolutePath);
	return !isBinaryContent(bytes) && !holdsSecretContent(bytes);
}

/** Hits a first, unsorted search collects before it gives way to a sorted one. */
const unsortedHitLimit = 5_000;

/** Which files of one folder may give hits: the exclusions and include glob, then a look for binary content. */
function fileJudge(plan: SearchPlan, realPath: string): { wanted(relative: string): boolean; accepts(relative: string): Promise<boolean> } {
	const wanted = new Map<string, boolean>();
	const accepted = new Map<string, Promise<boolean>>();
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
				ok = judge.wanted(relative) ? isSearchable(join(realPath, relative)).catch(() => false) : Promise.resolve(false);
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

/**
 * Puts hits in path order as `rg --sort path` and the JS walk give it (name by name in UTF-8 byte
 * order, a folder before what follows it), then by line. Each path becomes one key, with its
 * separators as NUL bytes (no name holds one), so comparing keys byte by byte compares the names
 * in turn: one key per file rather than two buffers per comparison.
 */
function sortHits(hits: SearchHit[]): SearchHit[] {
	const keys = new Map<string, Buffer>();
	const key = (relative: string): Buffer => {
		let found = keys.get(relative);
		if (!found) keys.set(relative, found = Buffer.from(relative.replaceAll('/', '\0')));
		return found;
	};
	return hits.sort((a, b) => a.relative === b.relative ? a.line - b.line : Buffer.compare(key(a.relative), key(b.relative)));
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

/** ripgrep's flags for the plan; kept beside the JS engine so the two stay alike. */
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
		'--max-filesize', String(plan.maxFileBytes),
		plan.caseSensitive ? '--case-sensitive' : '--ignore-case',
	];
	if (!plan.isRegex) args.push('--fixed-strings');
	for (const pattern of plan.exclusions.allPatterns()) {
		args.push('--iglob', `!${pattern}`);
		// `**/node_modules/**` also names the folder itself: let rg skip it without entering.
		if (pattern.endsWith('/**')) args.push('--iglob', `!${pattern.slice(0, -3)}`);
	}
	args.push('--iglob', `!*.{${binaryExtensions.join(',')}}`);
	if (plan.include) args.push('--iglob', plan.include.glob);
	args.push('-e', plan.query, '--', '.');
	return args;
}

function formatHits(args: SearchTextArgs, plan: SearchPlan, hits: readonly SearchHit[], timedOutMs: number | undefined, env: ToolEnvironment): ToolResult {
	const { guard, limits } = env;
	const what = `${plan.isRegex ? 'regex ' : ''}"${plan.query}"`;
	const where = plan.include ? ` in files matching "${args.include}"` : '';
	const stopped = timedOutMs === undefined ? [] : [`[stopped after ${(timedOutMs / 1000).toFixed(timedOutMs < 10_000 ? 1 : 0)} s: the search took too long, so these results may be incomplete; pass include to search fewer files]`];
	if (hits.length === 0) {
		return { ok: true, content: [`No matches for ${what}${where}.`, ...stopped].join('\n'), summary: `no matches for ${plan.query}` };
	}
	const lines: string[] = [];
	const files = new Set<string>();
	let used = 0;
	let truncated = hits.length > plan.maxHits;
	for (const hit of hits.slice(0, plan.maxHits)) {
		const path = guard.display(hit.folder, hit.relative);
		const line = `${path}:${hit.line}: ${clipLine(hit.text.trim(), limits.maxMatchLineChars)}`;
		if (used + line.length + 1 > limits.maxResultChars - 300) {
			truncated = true;
			break;
		}
		lines.push(line);
		files.add(path);
		used += line.length + 1;
	}
	const shown = lines.length;
	if (truncated) {
		lines.push(`[truncated: only the first ${shown} matches are shown; narrow the query, or pass include (e.g. "src/**/*.ts") to search fewer files]`);
	}
	lines.push(...stopped);
	const count = truncated ? `${shown}+ matches` : plural(shown, 'match', 'matches');
	return { ok: true, content: lines.join('\n'), summary: `${count} in ${plural(files.size, 'file', 'files')}` };
}
