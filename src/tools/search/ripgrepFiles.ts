import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { Exclusions } from '../guard/exclusions';
import { compileGlob, globRegExps } from '../guard/glob';
import { secretPatterns } from '../guard/secretPatterns';
import { ignoreRulesAbove } from '../read/fileWalker';
import type { ListReply, ListRequest } from '../read/listFiles';
import { gitignoreChecker } from '../read/ignoreFiles';
import { ListedFolders } from './listedPaths';
import { exclusionGlobArgs, RipgrepUnavailableError } from './ripgrep';
import { throwIfCancelled, ToolCancelledError } from '../toolError';

/**
 * Lists like the JS walk (`walkFiles` in listFiles.ts) with the same result, the work split so
 * that rg does the walking:
 *
 * - rg walks with the same `.gitignore` handling as `search_text` (only the folders' own files,
 *   in a git repository or not) and skips the folders the settings' exclusions name; it is
 *   trusted on which files `.gitignore` hides. Only a glob's file name is given to rg, as a file
 *   type (`--type-add`): a `--glob` would override `.gitignore`. The whole glob is matched here.
 * - The exclusions are checked here on every path, each folder once (the secret patterns name
 *   files, and would cost rg a test on every file).
 * - `.gitignore` files above a subfolder, which rg (started in the subfolder) does not read, are
 *   checked here.
 * - rg does not list symlinks (no `--follow`), and a glob listing does not either: it lists the
 *   files search_text searches, which skips symlinks too. (Listing them cost a second walk of
 *   the tree, as long as rg's; a plain listing of a folder still shows them.)
 * - The paths are put in the walk's order here (`ListedFolders`), and only the first `limit` go
 *   back, as one text.
 */
export type { ListReply, ListRequest };

export async function listWithRipgrep(request: ListRequest, signal: AbortSignal): Promise<ListReply> {
	const exclusions = new Exclusions(request.exclude);
	// rg's file type is the whole glob when the glob is only a file name: then nothing is left to match.
	const matches = compileGlob(request.glob);
	const rgMatched = fileNameGlob(request.glob) !== undefined && !request.glob.trim().replace(/^(\*\*\/)+/, '').includes('/');
	const prefix = request.relative === '' ? '' : `${request.relative}/`;
	const suspect = suspectNameTest(exclusions);
	// What the walk would skip by its name or a folder's: as the walk, each entry tested on its own path.
	const folders = new ListedFolders((folder) => suspect(folder.slice(folder.lastIndexOf('/') + 1)) && exclusions.excludesEntry(prefix + folder));

	// Judged as rg prints them, while it goes on walking. Each line is looked at where it is in
	// rg's text, only its name cut out: on a machine of few cores, time taken here is taken from rg.
	const output = await run(request.ripgrepPath, ripgrepFilesArgs(request), request.realPath, signal, (text, offset) => {
		for (let start = 0, end = text.indexOf('\n'); end >= 0; start = end + 1, end = text.indexOf('\n', start)) {
			if (end === start) continue;
			let nameStart = end;
			while (nameStart > start && text.charCodeAt(nameStart - 1) !== slash) nameStart--;
			// The glob first: it turns most paths away at the cost of one regex, before folders are judged.
			if (!rgMatched && !matches(text.slice(start, end))) continue;
			const files = folders.filesOf(text, start, nameStart);
			if (files && !(suspect(text.slice(nameStart, end)) && exclusions.excludesEntry(prefix + text.slice(start, end)))) files.push(offset + start);
		}
	});
	throwIfCancelled(signal);
	// The rules above the folder, for the few paths they may hide, judged with every rule from the workspace folder down.
	const above = request.useIgnoreFiles && request.relative !== '' ? await ignoreRulesAbove(request.realPath, request.relative) : undefined;
	if (!above || above.isEmpty) return folders.ordered(output, prefix, request.limit);
	const all = folders.ordered(output, prefix, Infinity);
	const kept = all.count === 0 ? [] : all.text.split('\n');
	const fromRoot = gitignoreChecker(join(request.realPath, ...request.relative.split('/').map(() => '..')));
	const visible = await Promise.all(kept.map(async (path) => !(above.ignores(path, false) || anyFolderIgnored(above, prefix, path.slice(prefix.length))) || !await fromRoot(path)));
	return firstOf(kept.filter((_, i) => visible[i]), request.limit);
}

/** The first `limit` paths as the reply's lines. */
function firstOf(paths: string[], limit: number): ListReply {
	const first = paths.length > limit ? paths.slice(0, limit) : paths;
	return { text: first.join('\n'), count: first.length };
}

const slash = 0x2f;

/**
 * Whether an entry of this name may be excluded, for an entry whose folders passed already: only
 * then is `exclusions.excludesEntry` worth asking for its path. A pattern can match an entry only
 * if its last segment matches the entry's name (one short test for nearly every entry). A
 * trailing `/**` is left off first: `x/**` excludes the folder `x` itself, and so all below it.
 * Patterns whose last segment may span folders (`**`, braces holding `/`) make every name suspect.
 */
function suspectNameTest(exclusions: Exclusions): (name: string) => boolean {
	const nameMatch = lastSegmentsRegex(exclusions.allPatterns());
	if (nameMatch === 'any') return () => true;
	return (name) => {
		if (!nameMatch) return false;
		if (nameMatch.test(name)) return true;
		// Windows drops trailing dots and spaces: `.env.` is `.env` there.
		const end = name.at(-1);
		if (end !== '.' && end !== ' ') return false;
		return nameMatch.test(name.replace(/[. ]+$/, '') || name);
	};
}

/** The patterns' last segments as one regex for a bare name; `any` when one may span folders. Kept per pattern list: compiling costs milliseconds. */
const compiledLastSegments = new Map<string, RegExp | 'any' | undefined>();
function lastSegmentsRegex(patterns: readonly string[]): RegExp | 'any' | undefined {
	const key = patterns.join('\0');
	if (compiledLastSegments.has(key)) return compiledLastSegments.get(key);
	const lastSegments: string[] = [];
	for (const pattern of patterns) {
		const trimmed = pattern.trim().replace(/\/+$/, '').replace(/\/\*\*$/, '');
		const last = trimmed.slice(trimmed.lastIndexOf('/') + 1);
		if (last.includes('**') || last.includes('\\') || /\{[^}]*\//.test(trimmed)) return remember(key, 'any');
		lastSegments.push(last);
	}
	// Each last segment as a glob anchored at the root (a leading `/`): it then matches a bare name,
	// a far simpler regex than the one for `**/name` that `excludesEntry` needs for whole paths.
	const sources = lastSegments.flatMap((last) => globRegExps(`/${last}`).map((re) => `(?:${re.source})`));
	// Each is anchored at the start already; anchoring the whole lets the engine try only there.
	return remember(key, sources.length === 0 ? undefined : new RegExp(`^(?:${sources.join('|')})`, 'i'));
}

function remember(key: string, compiled: RegExp | 'any' | undefined): RegExp | 'any' | undefined {
	// A handful of pattern lists at most (the settings change rarely): the oldest goes first.
	if (compiledLastSegments.size >= 8) compiledLastSegments.delete(compiledLastSegments.keys().next().value!);
	compiledLastSegments.set(key, compiled);
	return compiled;
}

/** Whether the rules above the folder hide one of the path's folders. */
function anyFolderIgnored(rules: { ignores(relative: string, isDirectory: boolean): boolean }, prefix: string, path: string): boolean {
	const segments = path.split('/');
	for (let n = 1; n < segments.length; n++) {
		if (rules.ignores(prefix + segments.slice(0, n).join('/'), true)) return true;
	}
	return false;
}

/** rg's flags: as `ripgrepArgs` for search_text, with the glob's file name as a file type when it is a plain one. */
export function ripgrepFilesArgs(request: ListRequest): string[] {
	const args = [
		'--files', '--no-config',
		...request.useIgnoreFiles
			? ['--no-ignore-parent', '--no-ignore-global', '--no-ignore-exclude', '--no-ignore-dot', '--no-require-git']
			: ['--no-ignore'],
		'--hidden', '--no-follow',
	];
	args.push(...exclusionGlobArgs(new Exclusions(request.exclude).allPatterns(), secretPatterns));
	const name = fileNameGlob(request.glob);
	if (name !== undefined) args.push('--type-add', `flux:${name}`, '--type', 'flux');
	// No path: rg then lists the working folder and prints paths without a leading `./`.
	return args;
}

/**
 * The glob's last segment as a file-name glob rg can take as a file type, or undefined when
 * there is no plain one (`**`, braces, classes, escapes: then every file is listed and the glob
 * matched here). Letters become `[xX]` classes: globs ignore case, rg's types do not.
 */
export function fileNameGlob(glob: string): string | undefined {
	const trimmed = glob.trim().replace(/\/+$/, '');
	const name = trimmed.slice(trimmed.lastIndexOf('/') + 1);
	if (!/^[\w.*?-]+$/.test(name) || name.includes('**') || /[{}[\]\\]/.test(trimmed)) return undefined;
	return name.replace(/[a-z]/gi, (letter) => `[${letter.toLowerCase()}${letter.toUpperCase()}]`);
}

/**
 * Runs rg and hands its output to `onLines` as it comes, whole lines at a time (each ending with a
 * newline), with where they start in the output, which it gives at the end; exit codes 1 (nothing
 * found) and 2 (some folders unreadable) still count.
 */
function run(command: string, args: readonly string[], cwd: string, signal: AbortSignal, onLines: (text: string, offset: number) => void): Promise<string> {
	throwIfCancelled(signal);
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'ignore'], windowsHide: true });
		const kill = () => child.kill();
		signal.addEventListener('abort', kill, { once: true });
		// A chunk may end inside a line, even inside a character: the decoder keeps an unfinished character back.
		const decoder = new StringDecoder('utf8');
		const texts: string[] = [];
		let length = 0;
		// The start of a line that the next chunk ends.
		let rest = '';
		const take = (chunk: string) => {
			const cut = chunk.lastIndexOf('\n') + 1;
			if (cut === 0) {
				rest += chunk;
				return;
			}
			const text = rest + chunk.slice(0, cut);
			rest = chunk.slice(cut);
			texts.push(text);
			onLines(text, length);
			length += text.length;
		};
		child.stdout.on('data', (chunk: Buffer) => {
			try {
				take(decoder.write(chunk));
			} catch (error) {
				child.kill();
				reject(error);
			}
		});
		child.once('error', (error) => {
			signal.removeEventListener('abort', kill);
			reject(new RipgrepUnavailableError(command, error));
		});
		child.once('close', () => {
			signal.removeEventListener('abort', kill);
			if (signal.aborted) {
				reject(new ToolCancelledError());
				return;
			}
			try {
				take(decoder.end() + '\n');
				resolve(texts.join(''));
			} catch (error) {
				reject(error);
			}
		});
	});
}
