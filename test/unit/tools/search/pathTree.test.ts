import * as assert from 'node:assert/strict';
import { compareNames } from '../../../../src/tools/read/fileWalker';
import { PathTree } from '../../../../src/tools/search/pathTree';

/** The walk's order, the slow way: name by name with compareNames. */
function walkOrder(paths: readonly string[]): string[] {
	return [...paths].sort((a, b) => {
		const x = a.split('/');
		const y = b.split('/');
		for (let i = 0; i < Math.min(x.length, y.length); i++) {
			const c = compareNames(x[i], y[i]);
			if (c !== 0) return c;
		}
		return x.length - y.length;
	});
}

describe('PathTree', () => {
	it('gives paths back in the walk\'s order, whatever order they came in, and judges each folder once', () => {
		// A file between a folder's subfolders, names that are prefixes of others, characters whose
		// UTF-16 order differs from their UTF-8 order (U+FF21 against U+1F600), upper before lower case.
		const paths = ['b/x.ts', 'a.ts', 'a/c.ts', 'a-b.ts', 'a/b/d.ts', 'a/a.ts', 'Z.ts', 'ｆ/１.ts', '😀/x.ts', 'a/b.ts', 'top'];
		const judged: string[] = [];
		const tree = new PathTree((folder) => {
			judged.push(folder);
			return false;
		});
		for (const path of [...paths].reverse()) {
			const cut = path.lastIndexOf('/');
			tree.folderOf(path, cut).files.push(path.slice(cut + 1));
		}
		assert.deepEqual(tree.paths(''), walkOrder(paths));
		assert.deepEqual(tree.paths('pre/').slice(0, 2), ['pre/Z.ts', 'pre/a/a.ts']);
		assert.deepEqual(judged.sort(), ['a', 'a/b', 'b', 'ｆ', '😀'].sort());
	});

	it('marks folders below an excluded one as excluded without judging them', () => {
		const judged: string[] = [];
		const tree = new PathTree((folder) => {
			judged.push(folder);
			return folder === 'secret';
		});
		assert.equal(tree.folderOf('secret/deep/x.ts', 'secret/deep'.length).excluded, true);
		assert.equal(tree.folderOf('open/x.ts', 'open'.length).excluded, false);
		assert.deepEqual(judged, ['secret', 'open']);
	});
});
