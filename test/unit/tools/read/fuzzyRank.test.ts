import * as assert from 'node:assert/strict';
import { FileIndex } from '../../../../src/tools/read/fileIndex';
import { Exclusions } from '../../../../src/tools/guard/exclusions';
import { indexPath, normaliseQuery, rankPaths, scorePath } from '../../../../src/tools/read/fuzzyRank';

const paths = [
	'src/greet.ts',
	'src/lib/greeting/format.ts',
	'test/greet.test.ts',
	'src/math.ts',
	'docs/guide/getting-started.md',
	'src/components/GreenButton.tsx',
	'package.json',
	'src/deep/nested/folder/util.ts',
];
const entries = paths.map(indexPath);

describe('fuzzy ranking of workspace paths (# mentions)', () => {
	it('puts a file whose name starts with the query first, then names containing it, then spread matches', () => {
		assert.deepEqual(rankPaths('greet', entries, 10), ['src/greet.ts', 'test/greet.test.ts', 'src/lib/greeting/format.ts', 'src/components/GreenButton.tsx']);
	});

	it('matches characters in order across word starts and folders, case ignored', () => {
		assert.deepEqual({
			initials: rankPaths('gb', entries, 3)[0],
			camel: rankPaths('GreenB', entries, 3)[0],
			folders: rankPaths('deepu', entries, 3),
			withSlash: rankPaths('lib/form', entries, 3),
			none: rankPaths('xyz', entries, 3),
		}, {
			initials: 'src/components/GreenButton.tsx',
			camel: 'src/components/GreenButton.tsx',
			folders: ['src/deep/nested/folder/util.ts'],
			withSlash: ['src/lib/greeting/format.ts'],
			none: [],
		});
	});

	it('lists shorter paths first for an empty query, and never more than the limit', () => {
		assert.deepEqual(rankPaths('', entries, 3), ['src/math.ts', 'package.json', 'src/greet.ts']);
	});

	it('scores no match as -1 and reads a leading #, spaces and backslashes as typed in a path', () => {
		assert.deepEqual([scorePath('zz', indexPath('src/a.ts')), normaliseQuery('#Src\\Gre et')], [-1, 'src/greet']);
	});

	it('narrows from the last query while the user types on, with the same results as ranking all files', async () => {
		const index = new FileIndex(async () => paths.map((p) => ({ display: p, relative: p })), () => new Exclusions([]));
		const typed = ['g', 'gr', 'gre', 'gree', 'g', 'sr', 'src/', 'src/m', 'x', 'xy'];
		const got: string[][] = [];
		for (const q of typed) got.push(await index.query(q, 10));
		assert.deepEqual(got, typed.map((q) => rankPaths(q, entries, 10)));
	});

	it('indexes the files once, without secret or excluded ones, and lists them again when invalidated', async () => {
		let listed = 0;
		const files = ['src/a.ts', '.env', 'config/id_rsa', 'dist/out.js', 'src/b.ts'];
		const index = new FileIndex(async () => { listed++; return files.map((f) => ({ display: f, relative: f })); }, () => new Exclusions(['dist/**']));
		const first = await index.query('');
		await index.query('a');
		files.push('src/new.ts');
		const stale = await index.query('new');
		index.invalidate();
		const fresh = await index.query('new');
		assert.deepEqual({ first, stale, fresh, listed }, { first: ['src/a.ts', 'src/b.ts'], stale: [], fresh: ['src/new.ts'], listed: 2 });
	});
});
