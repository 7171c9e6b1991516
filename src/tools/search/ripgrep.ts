import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ToolCancelledError, throwIfCancelled } from '../toolError';

/** One matching line as ripgrep reports it. */
export interface RipgrepMatch {
	/** As ripgrep prints it: relative to its working directory, starting with `./`. */
	readonly path: string;
	readonly lineNumber: number;
	/** The line without its line ending. */
	readonly text: string;
}

/** ripgrep could not be started (missing, not executable); the caller falls back to the JS search. */
export class RipgrepUnavailableError extends Error {
	constructor(readonly rgPath: string, cause: unknown) {
		super(`ripgrep could not be started from ${rgPath}: ${(cause as Error).message}`);
		this.name = 'RipgrepUnavailableError';
	}
}

/** ripgrep refused the search before starting it, e.g. a regex it cannot parse. */
export class RipgrepError extends Error {
	constructor(readonly stderr: string) {
		super(stderr || 'ripgrep failed');
		this.name = 'RipgrepError';
	}
}

/**
 * Runs `rg --json` (the caller's `args` must include it) in `cwd` and yields its matches as
 * they come. The process is killed when the signal fires (then `ToolCancelledError` is thrown)
 * and when the caller stops iterating early.
 */
export async function* ripgrepMatches(rgPath: string, args: readonly string[], cwd: string, signal: AbortSignal): AsyncGenerator<RipgrepMatch> {
	throwIfCancelled(signal);
	const child = spawn(rgPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
	const kill = () => child.kill();
	signal.addEventListener('abort', kill, { once: true });
	const closed = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
	let stderr = '';
	child.stderr.setEncoding('utf8');
	child.stderr.on('data', (chunk: string) => {
		if (stderr.length < 4096) stderr += chunk;
	});
	try {
		await new Promise<void>((resolve, reject) => {
			child.once('spawn', resolve);
			child.once('error', (error) => reject(new RipgrepUnavailableError(rgPath, error)));
		});
		// Later errors (a failed kill) must not become unhandled events.
		child.on('error', () => undefined);
		// --json ends a search that ran with a summary; without one, rg refused the arguments.
		let ranSearch = false;
		for await (const line of createInterface({ input: child.stdout, crlfDelay: Infinity })) {
			const message = parseMessage(line);
			if (message?.type === 'summary') ranSearch = true;
			if (message?.type === 'match') yield message.match;
		}
		const code = await closed;
		if (signal.aborted) throw new ToolCancelledError();
		// Exit code 2 after a search that ran means some files could not be read: the matches stand.
		if (code === 2 && !ranSearch) throw new RipgrepError(stderr.trim());
	} finally {
		signal.removeEventListener('abort', kill);
		if (child.exitCode === null && child.signalCode === null) child.kill();
	}
}

type RipgrepMessage = { readonly type: 'match'; readonly match: RipgrepMatch } | { readonly type: 'summary' | 'other' };

interface RipgrepData { readonly text?: string; readonly bytes?: string }

function parseMessage(line: string): RipgrepMessage | undefined {
	// rg writes `{"type":"…"` first on every line: only match and summary lines are worth parsing
	// (a search of many files sends a begin and an end line, with statistics, for each).
	if (line.startsWith('{"type":"summary"')) return { type: 'summary' };
	if (!line.startsWith('{"type":"match"')) return { type: 'other' };
	let parsed: { type?: string; data?: { path?: RipgrepData; lines?: RipgrepData; line_number?: number } };
	try {
		parsed = JSON.parse(line);
	} catch {
		return undefined;
	}
	if (parsed.type === 'summary') return { type: 'summary' };
	if (parsed.type !== 'match' || !parsed.data?.path || !parsed.data.lines || typeof parsed.data.line_number !== 'number') return { type: 'other' };
	return {
		type: 'match',
		match: {
			path: decode(parsed.data.path),
			lineNumber: parsed.data.line_number,
			text: decode(parsed.data.lines).replace(/\r?\n$/, ''),
		},
	};
}

/** ripgrep sends text that is not valid UTF-8 as base64 bytes; decode it as the JS search does. */
function decode(data: RipgrepData): string {
	return data.text ?? Buffer.from(data.bytes ?? '', 'base64').toString('utf8');
}

/**
 * rg's `--glob` flags that let it skip what the exclusion patterns name, each once (the built-in
 * and the `search.exclude` patterns overlap). They only save work: the callers judge every path
 * rg reports by all the patterns, without case, as the JS walk does. So they match case (an
 * `--iglob` costs rg a regex test on every path, a tenth of a listing's time) and leave out what
 * names single files rather than folders: the secret patterns and patterns ending in `*.ext`
 * (each glob costs rg a test on every file; the callers test them on what rg reports).
 */
export function exclusionGlobArgs(patterns: readonly string[], secretPatterns: readonly string[]): string[] {
	const globs = new Set<string>();
	for (const pattern of patterns) {
		if (secretPatterns.includes(pattern) || /(^|\/)\*\.[^/*?[{]+$/.test(pattern)) continue;
		globs.add(`!${pattern}`);
		// `**/node_modules/**` also names the folder itself: let rg skip it without entering.
		if (pattern.endsWith('/**')) globs.add(`!${pattern.slice(0, -3)}`);
	}
	return [...globs].flatMap((glob) => ['--glob', glob]);
}

/**
 * Where VS Code keeps its ripgrep below `vscode.env.appRoot`, most likely first: the
 * `@vscode/ripgrep` layout (VS Code up to about 1.10x), the `@vscode/ripgrep-universal` layout
 * with one binary per platform (later versions), each also inside `node_modules.asar.unpacked`
 * as desktop builds ship it.
 */
export function ripgrepCandidates(appRoot: string, platform: string, arch: string): string[] {
	const exe = platform === 'win32' ? 'rg.exe' : 'rg';
	return ['node_modules', 'node_modules.asar.unpacked'].flatMap((modules) => [
		join(appRoot, modules, '@vscode', 'ripgrep', 'bin', exe),
		join(appRoot, modules, '@vscode', 'ripgrep-universal', 'bin', `${platform}-${arch}`, exe),
	]);
}

/** The first candidate that exists, or undefined (the tools then search without ripgrep). */
export function findRipgrep(appRoot: string, platform: string, arch: string, exists: (path: string) => boolean): string | undefined {
	return ripgrepCandidates(appRoot, platform, arch).find(exists);
}
