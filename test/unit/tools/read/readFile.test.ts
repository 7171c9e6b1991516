import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { WorkspaceTree } from '../workspaceTree';
import { call, createWorkspaceTree, mathTs, workspaceOf } from '../workspaceTree';

describe('read_file', () => {
	let tree: WorkspaceTree;
	before(async () => {
		tree = await createWorkspaceTree();
		await tree.write('big.txt', Array.from({ length: 5400 }, (_, i) => `line ${i + 1}`).join('\n') + '\n');
		await tree.write('wide.txt', Array.from({ length: 100 }, () => 'x'.repeat(1500)).join('\n'));
		await tree.write('minified.js', 'a'.repeat(5000));
		await tree.write('empty.txt', '');
		await tree.write('windows.txt', '\ufefffirst\r\nsecond\r\n');
		await tree.write('late-nul.txt', 'text '.repeat(2000) + '\u0000');
	});
	after(() => tree.remove());

	const numbered = (lines: readonly string[], from = 1) => lines.map((line, i) => `${from + i}: ${line}`);

	it('returns the whole file as numbered lines with a header', async () => {
		assert.deepEqual(await call(workspaceOf(tree), 'read_file', { path: 'src/math.ts' }), {
			ok: true,
			content: ['File: src/math.ts (lines 1-8 of 8)', ...numbered(mathTs)].join('\n'),
			summary: 'read src/math.ts lines 1-8',
		});
	});

	it('returns a range, clamping end_line to the end of the file', async () => {
		const workspace = workspaceOf(tree);
		assert.deepEqual([
			await call(workspace, 'read_file', { path: 'src/math.ts', start_line: 2, end_line: 4 }),
			await call(workspace, 'read_file', { path: 'src/math.ts', start_line: 6, end_line: 99 }),
			await call(workspace, 'read_file', { path: 'src/math.ts', start_line: 8, end_line: null }),
		], [
			{ ok: true, content: ['File: src/math.ts (lines 2-4 of 8)', ...numbered(mathTs.slice(1, 4), 2)].join('\n'), summary: 'read src/math.ts lines 2-4' },
			{ ok: true, content: ['File: src/math.ts (lines 6-8 of 8)', ...numbered(mathTs.slice(5), 6)].join('\n'), summary: 'read src/math.ts lines 6-8' },
			{ ok: true, content: 'File: src/math.ts (lines 8-8 of 8)\n8: }', summary: 'read src/math.ts lines 8-8' },
		]);
	});

	it('stops at 2,000 lines and says where to continue', async () => {
		const workspace = workspaceOf(tree);
		const first = await call(workspace, 'read_file', { path: 'big.txt' });
		const next = await call(workspace, 'read_file', { path: 'big.txt', start_line: 2001, end_line: 2003 });
		const lines = (n: number, from: number) => Array.from({ length: n }, (_, i) => `${from + i}: line ${from + i}`);
		assert.deepEqual([first, next], [
			{
				ok: true,
				content: ['File: big.txt (lines 1-2000 of 5400)', ...lines(2000, 1), '[truncated: lines 2001-5400 not shown; call read_file with start_line 2001]'].join('\n'),
				summary: 'read big.txt lines 1-2000 (truncated)',
			},
			{ ok: true, content: ['File: big.txt (lines 2001-2003 of 5400)', ...lines(3, 2001)].join('\n'), summary: 'read big.txt lines 2001-2003' },
		]);
	});

	it('stops at the character cap and cuts very long lines', async () => {
		const workspace = workspaceOf(tree);
		const wide = await call(workspace, 'read_file', { path: 'wide.txt' }, { limits: { maxResultChars: 10_000 } });
		const minified = await call(workspace, 'read_file', { path: 'minified.js' });
		const row = (n: number) => `${n}: ${'x'.repeat(1500)}`;
		assert.deepEqual([wide, minified], [
			{
				ok: true,
				content: ['File: wide.txt (lines 1-6 of 100)', ...[1, 2, 3, 4, 5, 6].map(row), '[truncated: lines 7-100 not shown; call read_file with start_line 7]'].join('\n'),
				summary: 'read wide.txt lines 1-6 (truncated)',
			},
			{ ok: true, content: `File: minified.js (lines 1-1 of 1)\n1: ${'a'.repeat(2000)}… [line cut: 5000 characters]`, summary: 'read minified.js lines 1-1' },
		]);
	});

	it('reads empty files, CRLF and a byte-order mark', async () => {
		const workspace = workspaceOf(tree);
		assert.deepEqual([await call(workspace, 'read_file', { path: 'empty.txt' }), await call(workspace, 'read_file', { path: 'windows.txt' })], [
			{ ok: true, content: 'File: empty.txt (empty)', summary: 'read empty.txt (empty)' },
			{ ok: true, content: 'File: windows.txt (lines 1-2 of 2)\n1: first\n2: second', summary: 'read windows.txt lines 1-2' },
		]);
	});

	it('refuses binary files, by extension or by a NUL byte in the first 8 KB', async () => {
		const workspace = workspaceOf(tree);
		assert.deepEqual([
			await call(workspace, 'read_file', { path: 'logo.png' }),
			await call(workspace, 'read_file', { path: 'blob.dat' }),
			// A NUL after the first 8 KB is not sniffed, as in git and ripgrep.
			(await call(workspace, 'read_file', { path: 'late-nul.txt' })).summary,
		], [
			{ ok: false, content: 'Error: "logo.png" is a binary file; read_file only reads text files.', summary: 'logo.png: binary file' },
			{ ok: false, content: 'Error: "blob.dat" is a binary file; read_file only reads text files.', summary: 'blob.dat: binary file' },
			'read late-nul.txt lines 1-1',
		]);
	});

	it('refuses a FIFO instead of blocking on it', async function () {
		try {
			execFileSync('mkfifo', [join(tree.root, 'pipe.txt')]);
		} catch {
			console.log('      (skipped: mkfifo is not available here)');
			this.skip();
		}
		assert.deepEqual(await call(workspaceOf(tree), 'read_file', { path: 'pipe.txt' }), {
			ok: false, content: 'Error: "pipe.txt" is not a regular file, so it cannot be read.', summary: 'pipe.txt: not a regular file',
		});
	});

	it('explains folders, missing files, bad ranges and files over the size limit', async () => {
		const workspace = workspaceOf(tree);
		assert.deepEqual([
			await call(workspace, 'read_file', { path: 'src' }),
			await call(workspace, 'read_file', { path: 'src/nope.ts' }),
			await call(workspace, 'read_file', { path: 'src/math.ts', start_line: 9 }),
			await call(workspace, 'read_file', { path: 'src/math.ts', start_line: 5, end_line: 4 }),
			await call(workspace, 'read_file', { path: 'big.txt' }, { limits: { maxFileBytes: 10_000 } }),
		], [
			{ ok: false, content: 'Error: "src" is a folder, not a file. Call list_files with path "src" to see what it contains.', summary: 'src is a folder' },
			{ ok: false, content: 'Error: "src/nope.ts" does not exist. Check the path with list_files or search_text; paths are relative to the workspace root.', summary: 'src/nope.ts: not found' },
			{ ok: false, content: 'Error: start_line 9 is past the end of "src/math.ts", which has 8 lines.', summary: 'src/math.ts: start_line past the end' },
			{ ok: false, content: 'Error: end_line 4 is before start_line 5.', summary: 'end_line before start_line' },
			{ ok: false, content: 'Error: "big.txt" is too large to read (52 KB; the limit is 10 KB). Use search_text with include "big.txt" to find the lines you need.', summary: 'big.txt: too large' },
		]);
	});
});
