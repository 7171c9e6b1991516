import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Exclusions } from '../guard/exclusions';
import { compileGlob, globRegExps } from '../guard/glob';
import { secretPatterns } from '../guard/secretPatterns';
import { ignoreRulesAbove } from '../read/fileWalker';
import type { ListReply, ListRequest } from '../read/listFiles';
import { gitignoreChecker } from '../read/ignoreFiles';
import { RipgrepUnavailableError } from './ripgrep';
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
 */
export type { ListReply, ListRequest };

export async function listWithRipgrep(request: ListRequest, signal: AbortSignal): Promise<ListReply> {
	const files = await run(request.ripgrepPath, ripgrepFilesArgs(request), request.realPath, signal);
	throwIfCancelled(signal);
	const exclusions = new Exclusions(request.exclude);
	// rg's file type is the whole glob when the glob is only a file name: then nothing is left to match.
	const matches = compileGlob(request.glob);
	const rgMatched = fileNameGlob(request.glob) !== undefined && !request.glob.trim().replace(/^(\*\*\/)+/, '').includes('/');
	const prefix = request.relative === '' ? '' : `${request.relative}/`;
	const fileExcluded = fileExclusionTest(exclusions);
	const excludedFolder = new Map<string, boolean>([['', false]]);
	const folderExcluded = (folder: string): boolean => {
		let excluded = excludedFolder.get(folder);
		if (excluded === undefined) {
			const cut = folder.lastIndexOf('/');
			excluded = folderExcluded(cut < 0 ? '' : folder.slice(0, cut)) || exclusions.excludesEntry(prefix + folder);
			excludedFolder.set(folder, excluded);
		}
		return excluded;
	};
	// What the walk would skip by its name or a folder's: as the walk, each entry tested on its own path.
	const excluded = (path: string): boolean => {
		const cut = path.lastIndexOf('/');
		return folderExcluded(cut < 0 ? '' : path.slice(0, cut)) || fileExcluded(prefix + path);
	};
	const above = request.useIgnoreFiles && request.relative !== '' ? await ignoreRulesAbove(request.realPath, request.relative) : undefined;
	const workspaceFolder = join(request.realPath, ...request.relative.split('/').map(() => '..'));
	const fromRoot = above && !above.isEmpty ? gitignoreChecker(workspaceFolder) : undefined;

	let kept = lines(files).filter((path) => (rgMatched || matches(path)) && !excluded(path));
	// The rules above the folder, for the few paths they may hide, judged with every rule from the workspace folder down.
	if (fromRoot && above) {
		const visible = await Promise.all(kept.map(async (path) => !(above.ignores(prefix + path, false) || anyFolderIgnored(above, prefix, path)) || !await fromRoot(prefix + path)));
		kept = kept.filter((_, i) => visible[i]);
	}
	const sorted = sortPaths(kept);
	return { paths: prefix === '' ? sorted : sorted.map((path) => prefix + path) };
}

/**
 * \`exclusions.excludesEntry\` for a file whose folders passed already, cheaper: a pattern can
 * match a file only if its last segment matches the file's name, so the full path is tested only
 * when the name matches some pattern's last segment (one short test for nearly every file).
 * Patterns whose last segment may span folders (\`**\`, braces holding \`/\`) test the full path.
 */
function fileExclusionTest(exclusions: Exclusions): (relative: string) => boolean {
	const lastSegments: string[] = [];
	for (const pattern of exclusions.allPatterns()) {
		const trimmed = pattern.trim().replace(/\/+$/, '');
		const last = trimmed.slice(trimmed.lastIndexOf('/') + 1);
		if (last.includes('**') || last.includes('\\') || /\{[^}]*\//.test(trimmed)) return (relative) => exclusions.excludesEntry(relative);
		lastSegments.push(last);
	}
	const sources = lastSegments.flatMap((last) => globRegExps(last).map((re) => `(?:${re.source})`));
	const nameMatch = sources.length === 0 ? undefined : new RegExp(sources.join('|'), 'i');
	return (relative) => {
		if (!nameMatch) return false;
		const name = relative.slice(relative.lastIndexOf('/') + 1);
		const trimmed = name.replace(/[. ]+$/, '') || name;
		return (nameMatch.test(name) || (trimmed !== name && nameMatch.test(trimmed))) && exclusions.excludesEntry(relative);
	};
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
	for (const pattern of new Exclusions(request.exclude).allPatterns()) {
		if (secretPatterns.includes(pattern)) continue;
		args.push('--iglob', `!${pattern}`);
		if (pattern.endsWith('/**')) args.push('--iglob', `!${pattern.slice(0, -3)}`);
	}
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

/** rg's lines (given no path, rg prints them as \`a/b\`, without a leading \`./\`). */
function lines(output: string): string[] {
	return output.split('\n').filter((path) => path !== '');
}

/**
 * The JS walk's order: name by name in UTF-8 byte order, a folder's contents right after it. A
 * path with its separators as NUL (no name holds one) compares that way: as strings (the default
 * sort, which needs no compare function) when no path holds a character whose UTF-16 order
 * differs from its UTF-8 order (from U+D800), else as bytes.
 */
function sortPaths(paths: string[]): string[] {
	const keys = paths.join('\n').replaceAll('/', '\0');
	if (!/[\ud800-\uffff]/.test(keys)) return paths.length === 0 ? [] : keys.split('\n').sort().join('\n').replaceAll('\0', '/').split('\n');
	return keys.split('\n').map((key) => Buffer.from(key)).sort(Buffer.compare).map((key) => key.toString('utf8').replaceAll('\0', '/'));
}

/** Runs rg and returns its whole output; exit codes 1 (nothing found) and 2 (some folders unreadable) still count. */
function run(command: string, args: readonly string[], cwd: string, signal: AbortSignal): Promise<string> {
	throwIfCancelled(signal);
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'ignore'], windowsHide: true });
		const kill = () => child.kill();
		signal.addEventListener('abort', kill, { once: true });
		const chunks: Buffer[] = [];
		child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
		child.once('error', (error) => {
			signal.removeEventListener('abort', kill);
			reject(new RipgrepUnavailableError(command, error));
		});
		child.once('close', () => {
			signal.removeEventListener('abort', kill);
			if (signal.aborted) reject(new ToolCancelledError());
			else resolve(Buffer.concat(chunks).toString('utf8'));
		});
	});
}
