/** One folder of a `PathTree`: the names of its files and its folders, and whether it is excluded. */
interface Folder {
	readonly files: string[];
	readonly folders: Map<string, Folder>;
	readonly excluded: boolean;
}

/**
 * Files as a lister prints them (`a/b/c.ts`, in any order), kept by folder and given back in the
 * JS walk's order: name by name in UTF-8 byte order, a folder's contents right after it. Sorting
 * each folder's few names costs far less than sorting every whole path, and a path costs only
 * its name: rg prints a folder's files together, so the folder is nearly always the last one.
 */
export class PathTree {
	private readonly root: Folder = { files: [], folders: new Map(), excluded: false };
	private last: { readonly path: string; readonly folder: Folder } | undefined;

	/** `excluded` judges each folder once, by its path, when none above it is excluded already. */
	constructor(private readonly excluded: (folderPath: string) => boolean) {}

	/** The folder of `path`, whose last `/` is at `cut` (-1: the top folder); created on first need. */
	folderOf(path: string, cut: number): Folder {
		if (cut < 0) return this.root;
		const last = this.last;
		if (last && last.path.length === cut && path.startsWith(last.path)) return last.folder;
		let folder = this.root;
		for (let start = 0; start <= cut;) {
			let end = path.indexOf('/', start);
			if (end < 0 || end > cut) end = cut;
			const name = path.slice(start, end);
			let sub = folder.folders.get(name);
			if (!sub) {
				sub = { files: [], folders: new Map(), excluded: folder.excluded || this.excluded(path.slice(0, end)) };
				folder.folders.set(name, sub);
			}
			folder = sub;
			start = end + 1;
		}
		this.last = { path: path.slice(0, cut), folder };
		return folder;
	}

	/** Every file, each path starting with `prefix`, in the walk's order. */
	paths(prefix: string): string[] {
		const out: string[] = [];
		const visit = (folder: Folder, path: string) => {
			const names = [...folder.files, ...folder.folders.keys()];
			for (const name of sortNames(names)) {
				const sub = folder.folders.get(name);
				if (sub) visit(sub, `${path}${name}/`);
				else out.push(path + name);
			}
		};
		visit(this.root, prefix);
		return out;
	}
}

/**
 * Names in UTF-8 byte order: as strings (the default sort, which needs no compare function) when
 * no name holds a character whose UTF-16 order differs from its UTF-8 order (from U+D800), else
 * as bytes. A folder never holds a file and a folder of the same name.
 */
function sortNames(names: string[]): string[] {
	if (!names.some((name) => /[\ud800-\uffff]/.test(name))) return names.sort();
	return names.map((name) => Buffer.from(name)).sort(Buffer.compare).map((name) => name.toString('utf8'));
}
