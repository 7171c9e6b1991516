/**
 * Orders `/`-separated paths as the JS walk lists them: name by name in UTF-8 byte order
 * (`compareNames`), a folder's contents right after it. Compared a character at a time without
 * building anything: a `/` ends a name, so it comes before every other character, and UTF-16
 * units order as UTF-8 bytes do except surrogates (characters from U+10000), which come after
 * U+E000–U+FFFF. Sorting a lister's paths with it costs about what a plain string sort does.
 * Paths known to share their first `from` characters are compared from there.
 */
export function comparePaths(a: string, b: string, from = 0): number {
	return comparePathsAt(a, from, b, from);
}

/**
 * `comparePaths` for paths inside longer texts: the one in `a` from `i`, the one in `b` from `j`,
 * each ending at a newline or at its text's end (a lister's output holds one path per line).
 */
function comparePathsAt(a: string, i: number, b: string, j: number): number {
	for (; ; i++, j++) {
		const x = i < a.length ? a.charCodeAt(i) : newline;
		const y = j < b.length ? b.charCodeAt(j) : newline;
		if (x === newline || y === newline) return x === y ? 0 : x === newline ? -1 : 1;
		if (x === y) continue;
		if (x === slash) return -1;
		if (y === slash) return 1;
		return utf8Rank(x) - utf8Rank(y);
	}
}

const slash = 0x2f;
const newline = 0x0a;

/**
 * The folders of the paths a lister prints, one per line, in any order: each judged once, by its
 * path, only when none above it is excluded already (the walk never enters an excluded folder),
 * and holding its files as where they start in the lister's output (kept as strings, 25,000 paths
 * took the search thread half as long again, most of it collecting garbage).
 * Then every file in the walk's order (`comparePaths`), walking the folders met: each folder's
 * files and subfolders sorted by their names, far fewer and shorter comparisons than a sort of all
 * the paths.
 */
export class ListedFolders {
	private readonly folders = new Map<string, ListedFolder>();
	private readonly top: ListedFolder = { name: '', excluded: false, files: [], folders: [] };
	/**
	 * The folders met last, newest at `newest`: rg's threads each print a folder's files together,
	 * interleaved with the others', so a path's folder is nearly always one of the last few met,
	 * found without cutting out its name to look it up (two threads listing 2,500 folders switched
	 * folders about 10,000 times).
	 */
	private readonly recent: { name: string; folder: ListedFolder }[] = [];
	private newest = 0;

	constructor(private readonly excluded: (folderPath: string) => boolean) {}

	/**
	 * The files of the folder of the path in `text` from `start` whose name starts at `nameStart`
	 * (at `start`: a file of the top folder), for the caller to add where the path starts in the
	 * lister's output; undefined when the folder or one above it is excluded.
	 */
	filesOf(text: string, start: number, nameStart: number): number[] | undefined {
		if (nameStart === start) return this.top.files;
		const end = nameStart - 1;
		for (let age = 0; age < this.recent.length; age++) {
			const { name, folder } = this.recent[(this.newest - age + this.recent.length) % this.recent.length];
			// Sibling folders mostly differ at their end: that character first.
			if (name.length === end - start && name.charCodeAt(name.length - 1) === text.charCodeAt(end - 1) && text.startsWith(name, start)) return folder.excluded ? undefined : folder.files;
		}
		const name = text.slice(start, end);
		const folder = this.folder(name);
		this.newest = this.recent.length < recentFolders ? this.recent.length : (this.newest + 1) % recentFolders;
		this.recent[this.newest] = { name, folder };
		return folder.excluded ? undefined : folder.files;
	}

	private folder(name: string): ListedFolder {
		let folder = this.folders.get(name);
		if (!folder) {
			const cut = name.lastIndexOf('/');
			const parent = cut < 0 ? this.top : this.folder(name.slice(0, cut));
			folder = { name, excluded: parent.excluded || this.excluded(name), files: [], folders: [] };
			this.folders.set(name, folder);
			parent.folders.push(folder);
		}
		return folder;
	}

	/**
	 * The first `limit` files added, in the walk's order, each behind `prefix`, one per line;
	 * `output` is the lister's whole output, a newline after each path.
	 */
	ordered(output: string, prefix: string, limit: number): { readonly text: string; readonly count: number } {
		let text = '';
		let count = 0;
		const list = (folder: ListedFolder) => {
			// Names in the folder start after its path and a `/`: compared from there.
			const from = folder === this.top ? 0 : folder.name.length + 1;
			const files = sortFew(folder.files, (a, b) => comparePathsAt(output, a + from, output, b + from));
			const folders = sortFew(folder.folders.filter((sub) => !sub.excluded), (a, b) => comparePathsAt(a.name, from, b.name, from));
			let next = 0;
			for (const start of files) {
				while (next < folders.length && count < limit && comparePathsAt(folders[next].name, from, output, start + from) < 0) list(folders[next++]);
				if (count >= limit) return;
				// Added as it stands in the output, newline and all: half the cost of gathering strings to join.
				text += prefix + output.slice(start, output.indexOf('\n', start) + 1);
				count++;
			}
			while (next < folders.length && count < limit) list(folders[next++]);
		};
		list(this.top);
		return { text: text.slice(0, -1), count };
	}
}

/** Sorts `items` in place, by insertion when they are few (a call of `sort` costs more then). */
function sortFew<T>(items: T[], compare: (a: T, b: T) => number): T[] {
	if (items.length > 16) return items.sort(compare);
	for (let i = 1; i < items.length; i++) {
		const item = items[i];
		let j = i;
		for (; j > 0 && compare(items[j - 1], item) > 0; j--) items[j] = items[j - 1];
		items[j] = item;
	}
	return items;
}

interface ListedFolder {
	/** Its path, `''` for the top folder. */
	readonly name: string;
	readonly excluded: boolean;
	/** Where each file's path starts in the lister's output. */
	readonly files: number[];
	/** Its subfolders met. */
	readonly folders: ListedFolder[];
}

/** rg runs up to 12 threads. */
const recentFolders = 16;

function utf8Rank(unit: number): number {
	if (unit < 0xd800) return unit;
	return unit <= 0xdfff ? unit + 0x2000 : unit - 0x800;
}
