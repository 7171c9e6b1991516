import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Ignore } from 'ignore';
import ignore from 'ignore';

/** The name of the ignore files both search engines honour. */
export const ignoreFileName = '.gitignore';

/** One folder's `.gitignore`, and where that folder is. */
interface Level {
	/** Folder-relative path of the folder holding the file, `''` for the workspace folder. */
	readonly base: string;
	readonly rules: Ignore;
}

/**
 * The `.gitignore` rules in force in one folder of a walk: its own file and those of the
 * folders above it, up to the workspace folder (never beyond it, as ripgrep with
 * `--no-ignore-parent`). Deeper files win, and `!pattern` re-includes, as in git. Files are read
 * whether or not the folder is a git repository (ripgrep's `--no-require-git`); `.ignore`,
 * `.rgignore`, `.git/info/exclude` and the global git excludes are not read by either engine.
 */
export class IgnoreRules {
	static readonly none = new IgnoreRules([]);

	private constructor(private readonly levels: readonly Level[]) {}

	/** No .gitignore file is in force. */
	get isEmpty(): boolean {
		return this.levels.length === 0;
	}

	/** The rules inside folder `relative` (at `absolute`), reading its `.gitignore` if it has one. */
	async enter(absolute: string, relative: string): Promise<IgnoreRules> {
		let text: string;
		try {
			text = await readFile(join(absolute, ignoreFileName), 'utf8');
		} catch {
			return this;
		}
		// Git and ripgrep match ignore patterns with case.
		return new IgnoreRules([...this.levels, { base: relative, rules: ignore({ ignorecase: false }).add(text) }]);
	}

	/** Whether an entry of the walk (folder-relative) is ignored; folders are tested as `name/`. */
	ignores(relative: string, isDirectory: boolean): boolean {
		let ignored = false;
		for (const { base, rules } of this.levels) {
			const inside = base === '' ? relative : relative.slice(base.length + 1);
			try {
				const result = rules.test(isDirectory ? `${inside}/` : inside);
				if (result.ignored) ignored = true;
				else if (result.unignored) ignored = false;
			} catch {
				// A name the library cannot take as a relative path is one no rule names.
			}
		}
		return ignored;
	}
}

/**
 * Tells whether a file (folder-relative) or a folder above it is hidden by the `.gitignore` files of
 * the folder at `realPath`, by the rules of the JS walk (`IgnoreRules`); each folder's rules are
 * read once. For paths another tool reported (rg, which lets a --glob override .gitignore).
 */
export function gitignoreChecker(realPath: string): (relative: string) => Promise<boolean> {
	const rulesIn = new Map<string, Promise<IgnoreRules>>([['', IgnoreRules.none.enter(realPath, '')]]);
	const rulesOf = (folder: string): Promise<IgnoreRules> => {
		let rules = rulesIn.get(folder);
		if (!rules) {
			const cut = folder.lastIndexOf('/');
			rules = rulesOf(cut < 0 ? '' : folder.slice(0, cut)).then((above) => above.enter(join(realPath, folder), folder));
			rulesIn.set(folder, rules);
		}
		return rules;
	};
	return async (relative) => {
		const segments = relative.split('/');
		for (let n = 1; n <= segments.length; n++) {
			const rules = await rulesOf(segments.slice(0, n - 1).join('/'));
			if (rules.ignores(segments.slice(0, n).join('/'), n < segments.length)) return true;
		}
		return false;
	};
}
