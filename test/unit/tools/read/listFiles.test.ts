import * as assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FakeWorkspace } from '../../../fakes/fakeWorkspace';
import type { WorkspaceTree } from '../workspaceTree';
import { call, createWorkspaceTree, systemRipgrep, workspaceOf } from '../workspaceTree';

describe('list_files', () => {
	let tree: WorkspaceTree;
	before(async () => { tree = await createWorkspaceTree(); });
	after(() => tree.remove());

	it('lists the root: folders with "/", no excluded entries, no symlinks that lead outside or to secrets', async () => {
		assert.deepEqual(await call(workspaceOf(tree), 'list_files'), {
			ok: true,
			content: ['Contents of the workspace:', '.aws/', 'README.md', 'blob.dat', 'keys/', 'link-inside.ts', 'logo.png', 'package.json', 'src/'].join('\n'),
			summary: 'listed workspace root (8 entries)',
		});
	});

	it('lists a folder, and an excluded-only folder as empty', async () => {
		const workspace = workspaceOf(tree);
		assert.deepEqual([await call(workspace, 'list_files', { path: 'src' }), await call(workspace, 'list_files', { path: 'keys/' })], [
			{ ok: true, content: 'Contents of "src":\nsrc/app.ts\nsrc/math.ts\nsrc/util/', summary: 'listed src (3 entries)' },
			{ ok: true, content: '"keys" is empty.', summary: 'keys is empty' },
		]);
	});

	it('finds files by glob, relative to the folder listed', async () => {
		const workspace = workspaceOf(tree);
		assert.deepEqual([
			await call(workspace, 'list_files', { glob: '**/*.ts' }),
			await call(workspace, 'list_files', { glob: '*.{md,json}' }),
			await call(workspace, 'list_files', { path: 'src', glob: 'util/*' }),
			await call(workspace, 'list_files', { glob: '**/*.rs' }),
			await call(workspace, 'list_files', { glob: '**/*' }),
		], [
			// No symlinks in a glob listing (link-inside.ts leads to src/math.ts): search_text searches none either.
			{ ok: true, content: 'Files matching "**/*.ts" in the workspace:\nsrc/app.ts\nsrc/math.ts\nsrc/util/strings.ts', summary: '3 files match **/*.ts' },
			{ ok: true, content: 'Files matching "*.{md,json}" in the workspace:\nREADME.md\npackage.json', summary: '2 files match *.{md,json}' },
			{ ok: true, content: 'Files matching "util/*" in "src":\nsrc/util/strings.ts', summary: '1 file matches util/*' },
			{ ok: true, content: 'No files match "**/*.rs" in the workspace.', summary: 'no files match **/*.rs' },
			{
				ok: true,
				content: ['Files matching "**/*" in the workspace:', 'README.md', 'blob.dat', 'logo.png', 'package.json', 'src/app.ts', 'src/math.ts', 'src/util/strings.ts'].join('\n'),
				summary: '7 files match **/*',
			},
		]);
	});

	it('stops at the entry cap and the size cap with a note, with either engine', async () => {
		for (const workspace of [workspaceOf(tree), ...systemRipgrep ? [workspaceOf(tree, { ripgrepPath: systemRipgrep })] : []]) {
			const engine = workspace.ripgrepPath ? 'rg' : 'walk';
			assert.deepEqual([
				await call(workspace, 'list_files', { glob: '**/*' }, { limits: { maxListEntries: 3 } }),
				await call(workspace, 'list_files', {}, { limits: { maxListEntries: 2 } }),
				// 200 characters are kept free; the header (39 with its newline) and two paths (10 + 9) fit in 260.
				await call(workspace, 'list_files', { glob: '**/*' }, { limits: { maxResultChars: 260 } }),
				await call(workspace, 'list_files', { glob: '**/*' }, { limits: { maxListEntries: 7 } }),
			], [
				{
					ok: true,
					content: 'Files matching "**/*" in the workspace:\nREADME.md\nblob.dat\nlogo.png\n[truncated: only the first 3 entries are shown; use a narrower glob or a subfolder as path to see the rest]',
					summary: '3+ files match **/*',
				},
				{
					ok: true,
					content: 'Contents of the workspace:\n.aws/\nREADME.md\n[truncated: only the first 2 entries are shown; list a subfolder, or pass a glob to see the rest]',
					summary: 'listed workspace root (2+ entries)',
				},
				{
					ok: true,
					content: 'Files matching "**/*" in the workspace:\nREADME.md\nblob.dat\n[truncated: only the first 2 entries are shown; use a narrower glob or a subfolder as path to see the rest]',
					summary: '2+ files match **/*',
				},
				{
					ok: true,
					content: ['Files matching "**/*" in the workspace:', 'README.md', 'blob.dat', 'logo.png', 'package.json', 'src/app.ts', 'src/math.ts', 'src/util/strings.ts'].join('\n'),
					summary: '7 files match **/*',
				},
			], engine);
		}
	});

	it('never lists secrets, whatever the glob', async () => {
		const workspace = workspaceOf(tree);
		const listed: Record<string, string[]> = {};
		for (const glob of ['**', '**/.env*', '.git/**', '**/node_modules/**', 'id_rsa', '**/*.pem', '.aws/*', 'linkdir-out/*', 'innocent.txt']) {
			const { content } = await call(workspace, 'list_files', { glob });
			listed[glob] = content.split('\n').slice(1);
		}
		assert.deepEqual(listed, {
			'**': ['README.md', 'blob.dat', 'logo.png', 'package.json', 'src/app.ts', 'src/math.ts', 'src/util/strings.ts'],
			'**/.env*': [], '.git/**': [], '**/node_modules/**': [], 'id_rsa': [], '**/*.pem': [], '.aws/*': [], 'linkdir-out/*': [], 'innocent.txt': [],
		});
	});

	it('lists the folders of a multi-root workspace, and takes a folder name in a glob', async () => {
		const lib = join(tree.base, 'lib2');
		await mkdir(join(lib, 'src'), { recursive: true });
		await writeFile(join(lib, 'src', 'index.ts'), 'export {};\n');
		await writeFile(join(lib, 'src', 'main.ts'), 'export {};\n');
		for (const ripgrepPath of [undefined, ...systemRipgrep ? [systemRipgrep] : []]) {
			const workspace = new FakeWorkspace({ folders: [{ name: 'ws', fsPath: tree.root }, { name: 'lib2', fsPath: lib }], ripgrepPath });
			assert.deepEqual([
				await call(workspace, 'list_files'),
				await call(workspace, 'list_files', { path: 'lib2' }),
				await call(workspace, 'list_files', { glob: 'lib2/**/*.ts' }),
				await call(workspace, 'list_files', { glob: '**/index.ts' }),
				await call(workspace, 'list_files', { glob: '**/*.ts' }),
				await call(workspace, 'list_files', { glob: '**/*.ts' }, { limits: { maxListEntries: 4 } }),
			], [
				{ ok: true, content: 'Workspace folders (start paths with one of these names):\nws/\nlib2/', summary: 'listed 2 workspace folders' },
				{ ok: true, content: 'Contents of "lib2":\nlib2/src/', summary: 'listed lib2 (1 entry)' },
				{ ok: true, content: 'Files matching "lib2/**/*.ts" in the workspace:\nlib2/src/index.ts\nlib2/src/main.ts', summary: '2 files match lib2/**/*.ts' },
				{ ok: true, content: 'Files matching "**/index.ts" in the workspace:\nlib2/src/index.ts', summary: '1 file matches **/index.ts' },
				{
					ok: true,
					content: 'Files matching "**/*.ts" in the workspace:\nws/src/app.ts\nws/src/math.ts\nws/src/util/strings.ts\nlib2/src/index.ts\nlib2/src/main.ts',
					summary: '5 files match **/*.ts',
				},
				{
					ok: true,
					content: 'Files matching "**/*.ts" in the workspace:\nws/src/app.ts\nws/src/math.ts\nws/src/util/strings.ts\nlib2/src/index.ts\n[truncated: only the first 4 entries are shown; use a narrower glob or a subfolder as path to see the rest]',
					summary: '4+ files match **/*.ts',
				},
			], ripgrepPath ? 'rg' : 'walk');
		}
	});

	it('names entries below a symlinked folder where they really are, so exclusions still apply', async () => {
		await tree.write('docs/private/plan.md', 'secret plan\n');
		await tree.write('docs/public.md', 'hello\n');
		await symlink('docs', join(tree.root, 'docs-link'));
		const workspace = workspaceOf(tree, { exclude: ['docs/private/**'] });
		assert.deepEqual([
			await call(workspace, 'list_files', { path: 'docs-link' }),
			await call(workspace, 'list_files', { path: 'docs-link', glob: '**' }),
			(await call(workspace, 'read_file', { path: 'docs-link/private/plan.md' })).summary,
		], [
			{ ok: true, content: 'Contents of "docs-link":\ndocs/public.md', summary: 'listed docs-link (1 entry)' },
			{ ok: true, content: 'Files matching "**" in "docs-link":\ndocs/public.md', summary: '1 file matches **' },
			'refused docs-link/private/plan.md: excluded',
		]);
	});

	it('lists by glob with rg --files exactly as the walk does: .gitignore (also above a subfolder), exclusions, symlinks, case, order', async function () {
		if (!systemRipgrep) {
			console.log('      (skipped: no rg at /usr/bin/rg or /usr/local/bin/rg)');
			this.skip();
		}
		const own = await createWorkspaceTree();
		try {
			await own.write('.gitignore', '*.log\nbuild/\npkg/sub/hidden.ts\n');
			await own.write('pkg/.gitignore', '!keep.log\nlocal/\n');
			await own.write('pkg/sub/a.ts', 'a');
			await own.write('pkg/sub/hidden.ts', 'h');
			await own.write('pkg/sub/B.TS', 'b');
			await own.write('pkg/sub/a-b.ts', 'ab');
			await own.write('pkg/sub/a/c.ts', 'c');
			await own.write('pkg/keep.log', 'k');
			await own.write('pkg/drop.log', 'd');
			await own.write('pkg/local/x.ts', 'x');
			await own.write('pkg/.env.ts', 'secret by name');
			await own.write('build/out.ts', 'o');
			await own.write('vendor/v.ts', 'v');
			// rg is given folder patterns with case only to skip work: these are judged on what it lists.
			await own.write('Vendor/w.ts', 'w');
			await own.write('pkg/data.snap/inner.ts', 'i');
			await own.write('über/ü.ts', 'u');
			// UTF-8 puts U+FF46 before U+1F600; UTF-16 the other way round.
			await own.write('über/ｆ.ts', 'f');
			await own.write('über/😀.ts', 'e');
			await own.write('pkg/gen/deep/g.ts', 'g');
			await own.write('pkg/sub/dropped.ts', 'd');
			// A secret folder: its pattern is not given to rg, so it is judged on what rg lists.
			await own.write('pkg/.ssh/keys/k.ts', 'k');
			await symlink('a.ts', join(own.root, 'pkg', 'sub', 'link.ts'));
			await symlink(join('..', '..', '.env'), join(own.root, 'pkg', 'sub', 'env-link.ts'));
			// A folder pattern, one for a folder and what lies below it, one for a single file.
			const settings = { searchExclude: ['**/vendor', '**/gen/**', 'pkg/sub/dropped.ts', '**/*.snap'] };
			const cases = [['**/*.ts', undefined], ['*.log', undefined], ['**/a*', undefined], ['**', 'pkg'], ['sub/*.ts', 'pkg'], ['**/*.ts', 'pkg/sub'], ['**/*.{ts,log}', undefined]] as const;
			const listed = [];
			for (const [glob, path] of cases) {
				const viaWalk = await call(workspaceOf(own, settings), 'list_files', { glob, path });
				const viaRipgrep = await call(workspaceOf(own, { ...settings, ripgrepPath: systemRipgrep }), 'list_files', { glob, path });
				assert.deepEqual(viaRipgrep, viaWalk, `${glob} in ${path ?? 'the workspace'}`);
				listed.push(viaRipgrep.content.split('\n').slice(1));
			}
			// The comparison means something only if the listings hold what the rules leave.
			assert.deepEqual(listed[0], ['pkg/sub/B.TS', 'pkg/sub/a/c.ts', 'pkg/sub/a-b.ts', 'pkg/sub/a.ts', 'src/app.ts', 'src/math.ts', 'src/util/strings.ts', 'über/ü.ts', 'über/ｆ.ts', 'über/😀.ts']);
			assert.deepEqual(listed[1], ['pkg/keep.log']);
		} finally {
			await own.remove();
		}
	});

	it('lists by glob with rg --files as the walk does when rg\'s output comes in many reads, lines and characters cut between them', async function () {
		if (!systemRipgrep) {
			console.log('      (skipped: no rg at /usr/bin/rg or /usr/local/bin/rg)');
			this.skip();
		}
		this.timeout(30_000);
		const own = await createWorkspaceTree();
		try {
			// About 300 KB of paths, with two- and four-byte UTF-8 characters, a secret among them.
			const long = 'ä'.repeat(30);
			await Promise.all(Array.from({ length: 60 }, (_, f) => Promise.all(Array.from({ length: 50 }, (_, n) => own.write(`m${f % 7}/f${f}-${long}/😀${n}-${long}.ts`, '')))));
			await own.write('m3/f10-x/.env.ts', 'secret by name');
			const all = { limits: { maxListEntries: 10_000, maxResultChars: 10_000_000 } };
			const viaWalk = await call(workspaceOf(own), 'list_files', { glob: '**/*.ts' }, all);
			const viaRipgrep = await call(workspaceOf(own, { ripgrepPath: systemRipgrep }), 'list_files', { glob: '**/*.ts' }, all);
			assert.deepEqual(viaRipgrep, viaWalk);
			assert.equal(viaRipgrep.summary, `${60 * 50 + 3} files match **/*.ts`);
		} finally {
			await own.remove();
		}
	});

	it('refuses a file as the folder to list', async () => {
		assert.deepEqual(await call(workspaceOf(tree), 'list_files', { path: 'README.md' }), {
			ok: false,
			content: 'Error: "README.md" is a file, not a folder. Call read_file with path "README.md" to read it.',
			summary: 'README.md is a file',
		});
	});
});
