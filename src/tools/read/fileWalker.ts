import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Exclusions } from '../guard/exclusions';
import { IgnoreRules, ignoreFileName } from './ignoreFiles';
import { throwIfCancelled } from '../toolError';

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
 * A folder's entries, sorted, without excluded ones; an unreadable folder has none. The folder
 * itself must have passed the exclusions already: only the entries' own paths are tested.
 */
export async function readSortedDir(absolute: string, relative: string, exclusions: Exclusions): Promise<WalkEntry[]> {
	return (await readFolder(absolute, relative, exclusions, undefined)).entries;
}

/** `readSortedDir`, and the ignore rules in force inside the folder (its own `.gitignore` added). */
async function readFolder(absolute: string, relative: string, exclusions: Exclusions, ignored: IgnoreRules | undefined): Promise<{ entries: WalkEntry[]; rules: IgnoreRules | undefined }> {
	let dirents: Dirent[];
	try {
		dirents = await readdir(absolute, { withFileTypes: true });
	} catch {
		return { entries: [], rules: ignored };
	}
	// Only a folder that holds a .gitignore costs a read.
	const rules = ignored && dirents.some((d) => d.name === ignoreFileName) ? await ignored.enter(absolute, relative) : ignored;
	const entries: WalkEntry[] = [];
	for (const dirent of dirents.sort((a, b) => compareNames(a.name, b.name))) {
		const kind = dirent.isFile() ? 'file' : dirent.isDirectory() ? 'directory' : dirent.isSymbolicLink() ? 'symlink' : undefined;
		// Sockets, FIFOs and devices are not files anyone wants to read (and a FIFO would block).
		if (!kind) continue;
		const entryRelative = relative === '' ? dirent.name : `${relative}/${dirent.name}`;
		if (exclusions.excludesEntry(entryRelative) || rules?.ignores(entryRelative, kind === 'directory')) continue;
		entries.push({ relative: entryRelative, absolute: join(absolute, dirent.name), kind });
	}
	return { entries, rules };
}

/**
 * Every entry below `absolute` (whose folder-relative path is `relative`), depth first, each
 * folder's entries in `compareNames` order, a folder before its contents. Excluded entries are
 * skipped and never entered; symlinks are reported but not followed, as ripgrep does. With
 * `ignored` (the rules in force above `absolute`, see `ignoreRulesAbove`), every folder's
 * `.gitignore` is honoured as ripgrep honours it.
 */
export async function* walkFiles(absolute: string, relative: string, exclusions: Exclusions, signal: AbortSignal, ignored?: IgnoreRules): AsyncGenerator<WalkEntry> {
	// One generator with its own stack: nested generators would pass every entry up through each level.
	const stack: { entries: WalkEntry[]; next: number; rules: IgnoreRules | undefined }[] = [{ ...await readFolder(absolute, relative, exclusions, ignored), next: 0 }];
	while (stack.length > 0) {
		const top = stack[stack.length - 1];
		if (top.next >= top.entries.length) {
			stack.pop();
			continue;
		}
		const entry = top.entries[top.next++];
		throwIfCancelled(signal);
		yield entry;
		if (entry.kind === 'directory') stack.push({ ...await readFolder(entry.absolute, entry.relative, exclusions, top.rules), next: 0 });
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
