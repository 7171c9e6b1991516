import * as assert from 'node:assert/strict';
import { compareNames } from '../../../../src/tools/read/fileWalker';
import { comparePaths, ListedFolders } from '../../../../src/tools/search/listedPaths';

/** The walk's order, the slow way: name by name with compareNames. */
function walkOrder(a: string, b: string): number {
	const x = a.split('/');
	const y = b.split('/');
	for (let i = 0; i < Math.min(x.length, y.length); i++) {
		const c = compareNames(x[i], y[i]);
		if (c !== 0) return c;
	}
	return x.length - y.length;
}

/** Gives `paths` to `folders` as a lister would print them, and the lister's output. */
function print(folders: ListedFolders, paths: readonly string[]): string {
	const output = paths.map((path) => `${path}\n`).join('');
	let start = 0;
	for (const path of paths) {
		folders.filesOf(output, start, start + path.lastIndexOf('/') + 1)?.push(start);
		start += path.length + 1;
	}
	return output;
}

describe('listedPaths', () => {
	it('orders paths as the walk lists them, whatever order they came in', () => {
		// A file between a folder's subfolders, names that are prefixes of others and go on with a
		// character before `/` (`-`, `.`, space), characters whose UTF-16 order differs from their
		// UTF-8 order (U+FF21 against U+1F600), upper before lower case.
		const paths = ['b/x.ts', 'a.ts', 'a/c.ts', 'a-b.ts', 'a b', 'a/b/d.ts', 'a/a.ts', 'Z.ts', 'ｆ/１.ts', '😀/x.ts', 'a/b.ts', 'top', 'ｆ.ts', '😀.ts', '\u00e9/x', 'e/x'];
		const expected = [...paths].sort(walkOrder);
		assert.deepEqual([...paths].reverse().sort(comparePaths), expected);
		assert.deepEqual([...paths].sort().sort(comparePaths), expected);
		// The cases that make it differ from a plain string sort are in the list.
		assert.notDeepEqual([...paths].sort(), expected);
	});

	it('gives paths gathered by folder in the walk\'s order, a folder coming back later too', () => {
		// Files between a folder's subfolders, a folder named like a file's start (`a` and `a.ts`,
		// `a-b`), top-level files, folders without files of their own, a folder met twice.
		const paths = ['b/x.ts', 'a.ts', 'a/c.ts', 'a-b.ts', 'a/b/d.ts', 'a/a.ts', 'Z.ts', 'ｆ/１.ts', '😀/x.ts', 'a/b.ts', 'top', '\u00e9/x', 'e/x', 'a/b/e/f/g.ts', 'a/z.ts', 'a-b/c.ts', 'a/b/c.ts',
			// A folder of more than 16 files (sorted otherwise), names that begin others, a subfolder among them.
			...Array.from({ length: 12 }, (_, i) => [`big/f${i}`, `big/f${i}.ts`]).flat(), 'big/f1.d/x.ts'];
		// In order, reversed, sorted, and folders interleaved as more than the remembered recent ones (16).
		const many = Array.from({ length: 40 }, (_, i) => [`m${i}/a.ts`, `m${i}/b.ts`]);
		const interleaved = [...many.map(([a]) => a), ...paths, ...many.map(([, b]) => b)];
		for (const order of [paths, [...paths].reverse(), [...paths].sort(), interleaved]) {
			const gathered = new ListedFolders(() => false);
			const output = print(gathered, order);
			const expected = order === interleaved ? interleaved : paths;
			const walked = [...expected].sort(walkOrder).map((path) => `sub/${path}`);
			assert.deepEqual(gathered.ordered(output, 'sub/', Infinity), { text: walked.join('\n'), count: walked.length });
			// The first ones only, wherever the limit falls (in a folder, at a subfolder's end).
			for (const limit of [0, 1, 7, 20, walked.length - 1]) {
				assert.deepEqual(gathered.ordered(output, 'sub/', limit), { text: walked.slice(0, limit).join('\n'), count: limit }, `limit ${limit}`);
			}
		}
	});

	it('judges each folder once, and folders below an excluded one as excluded without judging them', () => {
		const judged: string[] = [];
		const folders = new ListedFolders((folder) => {
			judged.push(folder);
			return folder === 'secret';
		});
		// Past the recent ones remembered too: 20 other folders before `open` comes back.
		const others = Array.from({ length: 20 }, (_, i) => `other${i}/x.ts`);
		const paths = ['secret/deep/x.ts', 'secret/deep/y.ts', 'open/x.ts', 'top.ts', 'open/sub/y.ts', 'open/x2.ts', 'secret/z.ts', ...others, 'open/x3.ts'];
		const inExcluded = (path: string) => folders.filesOf(path, 0, path.lastIndexOf('/') + 1) === undefined;
		assert.deepEqual(paths.map(inExcluded), [true, true, false, false, false, false, true, ...others.map(() => false), false]);
		assert.deepEqual(judged, ['secret', 'open', 'open/sub', ...others.map((path) => path.slice(0, -5))]);
		// Excluded folders' files are never listed.
		const listed = ['open/sub/y.ts', 'open/x.ts', 'open/x2.ts', 'open/x3.ts', ...others, 'top.ts'].sort(walkOrder);
		assert.deepEqual(folders.ordered(print(folders, paths), '', Infinity), { text: listed.join('\n'), count: listed.length });
	});
});
