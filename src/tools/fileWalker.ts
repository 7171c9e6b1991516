import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Exclusions } from './exclusions';
import { IgnoreRules } from './ignoreFiles';
import { throwIfCancelled } from './toolError';

/** One entry found below a workspace folder. */
export interface WalkEntry {
	/** `/`-separated, relative to the workspace folder. */
	readonly relative: string;
	readonly absolute: string;
	readonly kind: 'file' | 'directory' | 'symlink';
}

/**
 * File names in byte order of their UTF-8 form: the order `rg --sort path` uses, so the JS
 * search and ripgrep find (and cut off) matches in the same order.
 */
export function compareNames(a: string, b: string): number {
	return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/**
 * A folder's entries, sorted, without excluded ones (and without those its `.gitignore` rules
 * ignore, when given); an unreadable folder has none. The folder itself must have passed the
 * exclusions already: only the entries' own paths are tested.
 */
export async function readSortedDir(absolute: string, relative: string, exclusions: Exclusions, ignored?: IgnoreRules): Promise<WalkEntry[]> {
	let dirents: Dirent[];
	try {
		dirents = await readdir(absolute, { withFileTypes: true });
	} catch {
		return [];
	}
	const entries: WalkEntry[] = [];
	for (const dirent of dirents.sort((a, b) => compareNames(a.name, b.name))) {
		const kind = dirent.isFile() ? 'file' : dirent.isDirectory() ? 'directory' : dirent.isSymbolicLink() ? 'symlink' : undefined;
		// Sockets, FIFOs and devices are not files anyone wants to read (and a FIFO would block).
		if (!kind) continue;
		const entryRelative = relative === '' ? dirent.name : `${relative}/${dirent.name}`;
		if (exclusions.excludesEntry(entryRelative) || ignored?.ignores(entryRelative, kind === 'directory')) continue;
		entries.push({ relative: entryRelative, absolute: join(absolute, dirent.name), kind });
	}
	return entries;
}

/**
 * Every entry below `absolute` (whose folder-relative path is `relative`), depth first, each
 * folder's entries in `compareNames` order, a folder before its contents. Excluded entries are
 * skipped and never entered; symlinks are reported but not followed, as ripgrep does. With
 * `ignored` (the rules in force above `absolute`, see `ignoreRulesAbove`), every folder's
 * `.gitignore` is honoured as ripgrep honours it.
 */
export async function* walkFiles(absolute: string, relative: string, exclusions: Exclusions, signal: AbortSignal, ignored?: IgnoreRules): AsyncGenerator<WalkEntry> {
	const rules = ignored && await ignored.enter(absolute, relative);
	for (const entry of await readSortedDir(absolute, relative, exclusions, rules)) {
		throwIfCancelled(signal);
		yield entry;
		if (entry.kind === 'directory') yield* walkFiles(entry.absolute, entry.relative, exclusions, signal, rules);
	}
}

/**
 * The `.gitignore` rules in force in folder `relative` (at `absolute`) from the folders above
 * it, up to its workspace folder: where a walk that starts below the workspace folder begins.
 */
export async function ignoreRulesAbove(absolute: string, relative: string): Promise<IgnoreRules> {
	const segments = relative.split('/').filter((s) => s !== '');
	const root = join(absolute, ...segments.map(() => '..'));
	let rules = IgnoreRules.none;
	for (let n = 0; n < segments.length; n++) {
		rules = await rules.enter(join(root, ...segments.slice(0, n)), segments.slice(0, n).join('/'));
	}
	return rules;
}
