import * as assert from 'node:assert/strict';
import { compareNames } from '../../../../src/tools/read/fileWalker';
import { comparePaths, FolderExclusions, PathsInWalkOrder } from '../../../../src/tools/search/listedPaths';

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
		const paths = ['b/x.ts', 'a.ts', 'a/c.ts', 'a-b.ts', 'a/b/d.ts', 'a/a.ts', 'Z.ts', 'ｆ/１.ts', '😀/x.ts', 'a/b.ts', 'top', '\u00e9/x', 'e/x', 'a/b/e/f/g.ts', 'a/z.ts', 'a-b/c.ts', 'a/b/c.ts'];
		for (const order of [paths, [...paths].reverse(), [...paths].sort()]) {
			const gathered = new PathsInWalkOrder();
			for (const path of order) gathered.add(path, path.lastIndexOf('/'));
			assert.deepEqual(gathered.ordered('sub/'), [...paths].sort(walkOrder).map((path) => `sub/${path}`));
		}
	});

	it('judges each folder once, and folders below an excluded one as excluded without judging them', () => {
		const judged: string[] = [];
		const folders = new FolderExclusions((folder) => {
			judged.push(folder);
			return folder === 'secret';
		});
		const inExcluded = (path: string) => folders.inExcludedFolder(path, path.lastIndexOf('/'));
		assert.deepEqual(['secret/deep/x.ts', 'secret/deep/y.ts', 'open/x.ts', 'top.ts', 'open/sub/y.ts', 'open/x2.ts', 'secret/z.ts'].map(inExcluded), [true, true, false, false, false, false, true]);
		assert.deepEqual(judged, ['secret', 'open', 'open/sub']);
	});
});
