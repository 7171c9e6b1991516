import type { WalkEntry } from './fileWalker';
import { ignoreRulesAbove, readSortedDir, walkFiles } from './fileWalker';
import { refuseInvisible } from '../guard/checkPathSyntax';
import type { Exclusions } from '../guard/exclusions';
import { compileGlob } from '../guard/glob';
import type { ResolvedPath } from '../guard/pathGuard';
import { ToolError } from '../toolError';
import type { ToolEnvironment, ToolResult } from '../toolResult';
import { plural } from '../toolResult';
import type { WorkspaceFolder } from '../workspace';

/** Arguments of `list_files`. */
export interface ListFilesArgs {
	/** Folder to list; the workspace root when absent. */
	readonly path?: string;
	/** When given, every file below the folder whose path (relative to it) matches. */
	readonly glob?: string;
}

/** Where a listing starts: a folder on disk and its place in the workspace. */
interface Scope {
	readonly folder: WorkspaceFolder;
	readonly realPath: string;
	/** Relative to `folder`; `''` for the folder itself. */
	readonly relative: string;
	readonly display: string;
}

/**
 * Lists one folder's direct contents (folders end with `/`), or with a glob every file below
 * it that matches, as workspace paths ready for `read_file`. Excluded entries never appear; a
 * plain listing shows a symlink only when it leads to a place inside the workspace that is not
 * excluded, and a glob listing shows no symlinks (as search_text searches none).
 * A glob search is a file search, as VS Code's Go to File: it also leaves out what
 * `search.exclude` and (with `search.useIgnoreFiles`) `.gitignore` files hide, while a plain
 * listing shows those entries, as the Explorer does. A glob listing runs on `lister` (`rg --files`
 * off the host) when given, with the same result; a plain listing reads one folder, which rg
 * cannot do any faster, and stays here.
 */
export async function listFiles(args: ListFilesArgs, env: ToolEnvironment, lister?: FastLister): Promise<ToolResult> {
	const { guard, limits } = env;
	guard.requireFolders();
	if (args.glob) refuseInvisible(args.glob, 'glob');
	const path = args.path?.trim() ?? '';
	const atRoot = path === '' || path === '.';
	const glob = args.glob?.trim() || undefined;

	if (atRoot && !glob && guard.folders.length > 1) {
		const lines = guard.folders.map((f) => `${f.name}/`);
		return { ok: true, content: ['Workspace folders (start paths with one of these names):', ...lines].join('\n'), summary: `listed ${plural(lines.length, 'workspace folder', 'workspace folders')}` };
	}

	let scopes: Scope[];
	let globInScope = glob;
	if (atRoot) {
		const scoped = glob ? guard.scopeGlob(glob) : { folders: guard.folders, glob };
		globInScope = scoped.glob;
		const reals = await guard.realFolderPaths();
		scopes = scoped.folders.flatMap((folder) => {
			const realPath = reals[guard.folders.indexOf(folder)];
			return realPath === undefined ? [] : [{ folder, realPath, relative: '', display: guard.display(folder, '') }];
		});
	} else {
		const target = await guard.resolve(path);
		if (!target.isDirectory) {
			throw new ToolError(`"${target.display}" is a file, not a folder. Call read_file with path "${target.display}" to read it.`, `${target.display} is a file`);
		}
		// Below a symlinked folder, entries are named (and judged by the exclusions) where they really are.
		scopes = [{ folder: target.real.folder, relative: target.real.relative, realPath: target.realPath, display: target.display }];
	}

	const where = atRoot ? 'the workspace' : `"${scopes[0].display}"`;
	const found = globInScope
		? await matchingFiles(scopes, globInScope, env, lister)
		: linesOf(await directEntries(scopes[0], env));
	const header = glob ? `Files matching "${glob}" in ${where}:` : `Contents of ${where}:`;
	// The header counts with its newline, and the whole result keeps 200 characters free, as it always has.
	const shown = firstLines(found, limits.maxListEntries, limits.maxResultChars - 200 - header.length);
	const { count } = shown;
	if (count === 0) {
		const content = glob ? `No files match "${glob}" in ${where}.` : `${where[0].toUpperCase()}${where.slice(1)} is empty.`;
		return { ok: true, content, summary: glob ? `no files match ${glob}` : `${atRoot ? 'workspace' : scopes[0].display} is empty` };
	}
	const cut = count < found.count;
	const lines = [header, shown.text];
	if (cut) lines.push(`[truncated: only the first ${count} entries are shown; ${glob ? 'use a narrower glob or a subfolder as path' : 'list a subfolder, or pass a glob'} to see the rest]`);
	const more = cut ? '+' : '';
	return {
		ok: true,
		content: lines.join('\n'),
		summary: glob ? `${count}${more} ${count === 1 && !cut ? 'file matches' : 'files match'} ${glob}` : `listed ${atRoot ? 'workspace root' : scopes[0].display} (${count}${more} ${count === 1 && !cut ? 'entry' : 'entries'})`,
	};
}

/**
 * Entries one per line, and how many: a listing of 25,000 files stays one string from the search
 * thread to the result (25,000 strings cost more to send, keep and join than finding them).
 */
export interface Lines {
	readonly text: string;
	readonly count: number;
}

function linesOf(entries: readonly string[]): Lines {
	return { text: entries.join('\n'), count: entries.length };
}

/** The first lines of `lines`, at most `maxLines` of them and, each with its newline, at most `maxChars` characters. */
function firstLines(lines: Lines, maxLines: number, maxChars: number): Lines {
	if (lines.count <= maxLines && lines.text.length + 1 <= maxChars) return lines;
	let end = 0;
	let count = 0;
	while (count < Math.min(maxLines, lines.count)) {
		const next = lines.text.indexOf('\n', count === 0 ? 0 : end + 1);
		const lineEnd = next < 0 ? lines.text.length : next;
		if (lineEnd + 1 > maxChars) break;
		end = lineEnd;
		count++;
	}
	return { text: lines.text.slice(0, end), count };
}

async function directEntries(scope: Scope, env: ToolEnvironment): Promise<string[]> {
	const found: string[] = [];
	for (const entry of await readSortedDir(scope.realPath, scope.relative, env.exclusions)) {
		const kind = await entryKind(entry, scope.folder, env);
		if (kind) found.push(`${env.guard.display(scope.folder, entry.relative)}${kind === 'directory' ? '/' : ''}`);
		// One more than fits tells the caller there is more.
		if (found.length > env.limits.maxListEntries) break;
	}
	return found;
}

async function matchingFiles(scopes: readonly Scope[], glob: string, env: ToolEnvironment, lister: FastLister | undefined): Promise<Lines> {
	const matches = compileGlob(glob);
	const exclusions = env.exclusions.with(env.workspace.searchExclude);
	// One more than fits tells the caller there is more.
	const limit = env.limits.maxListEntries + 1;
	const texts: string[] = [];
	let count = 0;
	for (const scope of scopes) {
		if (count >= limit) break;
		const prefix = scope.relative === '' ? 0 : scope.relative.length + 1;
		// Nothing searchable lies below a folder that search.exclude hides.
		if (scope.relative !== '' && exclusions.isExcluded(scope.relative)) continue;
		const listed = await listedByRipgrep(scope, glob, exclusions, limit - count, env, lister);
		if (listed) {
			if (listed.count === 0) continue;
			// Folder-relative paths become workspace paths: the folder's name before each, when there are several folders.
			const before = env.guard.displayPrefix(scope.folder);
			texts.push(before === '' ? listed.text : before + listed.text.replaceAll('\n', `\n${before}`));
			count += listed.count;
			continue;
		}
		const found: string[] = [];
		const ignored = env.workspace.useIgnoreFiles ? await ignoreRulesAbove(scope.realPath, scope.relative) : undefined;
		for await (const entry of walkFiles(scope.realPath, scope.relative, exclusions, env.signal, ignored)) {
			// Files only: a glob listing lists what search_text searches, which skips symlinks (as rg does).
			if (entry.kind !== 'file' || !matches(entry.relative.slice(prefix))) continue;
			found.push(env.guard.display(scope.folder, entry.relative));
			if (count + found.length >= limit) break;
		}
		if (found.length > 0) texts.push(found.join('\n'));
		count += found.length;
	}
	return { text: texts.join('\n'), count };
}

/** A glob listing of one folder for a faster lister: `rg --files` on the search thread (search/ripgrepFiles.ts). */
export interface ListRequest {
	readonly ripgrepPath: string;
	/** Real path of the folder to list. */
	readonly realPath: string;
	/** Its path relative to its workspace folder, `''` for the workspace folder itself. */
	readonly relative: string;
	readonly glob: string;
	/** The settings' exclusion patterns (search.exclude included); the built-in ones are always added. */
	readonly exclude: readonly string[];
	readonly useIgnoreFiles: boolean;
	/** How many paths to give at most: the first in the walk's order. */
	readonly limit: number;
}

/** Folder-relative paths in the walk's order (`compareNames`, name by name), one per line. */
export type ListReply = Lines;

/** Lists as the walk would, or gives undefined when it cannot run (then the folder is walked here). */
export type FastLister = (request: ListRequest, env: ToolEnvironment) => Promise<ListReply | undefined>;

/** The scope's matching files from the fast lister, where there is an rg; else undefined. */
async function listedByRipgrep(scope: Scope, glob: string, exclusions: Exclusions, limit: number, env: ToolEnvironment, lister: FastLister | undefined): Promise<ListReply | undefined> {
	const ripgrepPath = env.workspace.ripgrepPath;
	if (!ripgrepPath || !lister) return undefined;
	return lister({
		ripgrepPath, realPath: scope.realPath, relative: scope.relative, glob,
		exclude: exclusions.patterns, useIgnoreFiles: env.workspace.useIgnoreFiles, limit,
	}, env);
}

/** A symlink counts as what it leads to, and only when the guard accepts where it leads. */
async function entryKind(entry: WalkEntry, folder: WorkspaceFolder, env: ToolEnvironment): Promise<'file' | 'directory' | undefined> {
	if (entry.kind !== 'symlink') return entry.kind;
	let target: ResolvedPath;
	try {
		target = await env.guard.resolve(env.guard.display(folder, entry.relative));
	} catch {
		return undefined;
	}
	return target.isDirectory ? 'directory' : 'file';
}
