import * as assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ProposedChanges } from '../../../../src/tools/edits/proposedChanges';
import { Exclusions } from '../../../../src/tools/guard/exclusions';
import { PathGuard } from '../../../../src/tools/guard/pathGuard';
import { FakeWorkspace } from '../../../fakes/fakeWorkspace';
import type { WorkspaceTree } from '../workspaceTree';
import { call, createWorkspaceTree, secret, workspaceOf } from '../workspaceTree';

describe('path guard', () => {
	let tree: WorkspaceTree;
	before(async () => { tree = await createWorkspaceTree(); });
	after(() => tree.remove());

	it('refuses every attempt to leave the workspace or reach an excluded or secret file', async () => {
		const workspace = workspaceOf(tree);
		const attempts: [string, string][] = [
			['../x', '".." in path'],
			['../../etc/passwd', '".." in path'],
			['src/../../x', '".." in path'],
			['..', '".." in path'],
			[`${tree.root}/../outside/secret.txt`, '".." in path'],
			['/etc/passwd', 'outside the workspace'],
			['/', 'outside the workspace'],
			[join(tree.sibling, 'secret.txt'), 'outside the workspace'],
			[join(tree.outside, 'secret.txt'), 'outside the workspace'],
			['file:///etc/passwd', 'outside the workspace'],
			['file://localhost/etc/passwd', 'outside the workspace'],
			[`file://${tree.root}/../outside/secret.txt`, 'outside the workspace'],
			['~/.ssh/id_rsa', 'home directory'],
			['~', 'home directory'],
			['%2e%2e/x', 'URL-encoded'],
			['..%2fx', 'URL-encoded'],
			['%252e%252e/etc/passwd', 'URL-encoded'],
			['src%2f..%2f..%2fx', 'URL-encoded'],
			['src/math.ts%00.md', 'URL-encoded'],
			['%c0%ae%c0%ae/x', 'URL-encoded'],
			['..\\x', 'backslash'],
			['src\\..\\..\\x', 'backslash'],
			['\\\\server\\share\\x', 'backslash'],
			['C:\\Windows\\win.ini', 'drive path'],
			['c:/Windows/win.ini', 'drive path'],
			['vscode-remote://x/etc', 'vscode-remote: URI'],
			['http://example.com', 'http: URI'],
			['https://example.com/x.ts', 'https: URI'],
			['untitled:Untitled-1', 'untitled: URI'],
			['src/math.ts\u0000.png', 'control characters'],
			['src/\nmath.ts', 'control characters'],
			['\uff0e\uff0e/x', 'look-alike characters'],
			['src\u2215..\u2215..\u2215x', 'look-alike characters'],
			['\u2025/x', 'look-alike characters'],
			['src/math.ts:12', 'line number in path'],
			['link-out.txt', 'symlink leads outside'],
			['linkdir-out/secret.txt', 'symlink leads outside'],
			['linkdir-out', 'symlink leads outside'],
			['.git/config', 'excluded'],
			['.git', 'excluded'],
			['.env', 'secret'],
			['.ENV', 'secret'],
			['./.env.local', 'secret'],
			['node_modules/x/index.js', 'excluded'],
			['id_rsa', 'secret'],
			['keys/server.pem', 'secret'],
			['.aws/credentials', 'secret'],
			['innocent.txt', 'secret'],
			[join(tree.root, '.env'), 'secret'],
			[pathToFileURL(join(tree.root, '.env')).href, 'secret'],
		];
		const results = [];
		for (const [path, reason] of attempts) {
			const result = await call(workspace, 'read_file', { path });
			// The summary names the path, then the reason; a wrong reason shows the whole summary.
			const shownReason = result.summary.startsWith('refused ') && result.summary.endsWith(`: ${reason}`) ? reason : result.summary;
			results.push({ path, ok: result.ok, errorResult: result.content.startsWith('Error: '), leaked: result.content.includes(secret), reason: shownReason });
		}
		assert.ok(attempts.length >= 20);
		assert.deepEqual(results, attempts.map(([path, reason]) => ({ path, ok: false, errorResult: true, leaked: false, reason })));
	});

	it('explains a refusal so the model can correct itself', async () => {
		const workspace = workspaceOf(tree);
		assert.deepEqual({
			dotdot: await call(workspace, 'read_file', { path: '../x' }),
			excluded: await call(workspace, 'read_file', { path: '.env' }),
			symlink: await call(workspace, 'read_file', { path: 'link-out.txt' }),
			absolute: await call(workspace, 'read_file', { path: '/etc/passwd' }),
		}, {
			dotdot: {
				ok: false,
				content: 'Error: "../x" contains "..". Paths cannot leave the workspace or step back up; write the path from the workspace root, e.g. "src/index.ts".',
				summary: 'refused ../x: ".." in path',
			},
			excluded: {
				ok: false,
				content: 'Error: ".env" is a secret file (pattern "**/.env*"); it cannot be read, listed or searched by the workspace tools, whatever the settings say. Do not try to reach it another way; if you need something from it, ask the user for that part without its secret values.',
				summary: 'refused .env: secret',
			},
			symlink: {
				ok: false,
				content: 'Error: "link-out.txt" is a symbolic link (or lies below one) that leads outside the workspace folders, so it cannot be used. Only files inside the workspace are available.',
				summary: 'refused link-out.txt: symlink leads outside',
			},
			absolute: {
				ok: false,
				content: 'Error: "/etc/passwd" is outside the workspace folders. Use a path relative to the workspace root, e.g. "src/index.ts"; list_files shows what is there.',
				summary: 'refused /etc/passwd: outside the workspace',
			},
		});
	});

	it('guards list_files and get_diagnostics paths the same way', async () => {
		const workspace = workspaceOf(tree);
		const summaries: Record<string, string[]> = {};
		for (const tool of ['list_files', 'get_diagnostics']) {
			summaries[tool] = [];
			for (const path of ['..', '/etc', 'linkdir-out', '.git', 'node_modules/x', join(tree.sibling)]) {
				summaries[tool].push((await call(workspace, tool, { path })).summary);
			}
		}
		const expected = ['refused ..: ".." in path', 'refused /etc: outside the workspace', 'refused linkdir-out: symlink leads outside', 'refused .git: excluded', 'refused node_modules/x: excluded', `refused ${tree.sibling}: outside the workspace`];
		assert.deepEqual(summaries, { list_files: expected, get_diagnostics: expected });
	});

	it('refuses invisible format characters in every tool\'s path and glob', async () => {
		const workspace = workspaceOf(tree);
		const bidi = 'src/\u202Ests.htam';
		const calls: [string, Record<string, unknown>][] = [
			['read_file', { path: bidi }],
			['list_files', { path: 'src\u200B' }],
			['list_files', { path: '.', glob: '**/*\u200D.ts' }],
			['list_files', { path: 'src', glob: '\u2066*.ts' }],
			['search_text', { query: 'add', include: 'src/\uFEFF**' }],
			['get_diagnostics', { path: 'src/\u200Fmath.ts' }],
			['edit_file', { path: bidi, old_text: 'a', new_text: 'b' }],
			['create_file', { path: 'src/new\u202A.ts', content: 'x' }],
		];
		const summaries = [];
		for (const [tool, args] of calls) summaries.push((await call(workspace, tool, args, { changes: new ProposedChanges() })).summary.replace(/^.*: /, ''));
		assert.deepEqual(summaries, calls.map(() => 'invisible characters'));
	});

	it('accepts the usual ways of naming a file inside', async () => {
		const workspace = workspaceOf(tree);
		const inputs = ['src/math.ts', './src/math.ts', 'src//math.ts', 'src/./math.ts', ' src/math.ts ', join(tree.root, 'src/math.ts'), pathToFileURL(join(tree.root, 'src/math.ts')).href, 'ws/src/math.ts', 'link-inside.ts'];
		const summaries = [];
		for (const path of inputs) summaries.push((await call(workspace, 'read_file', { path, end_line: 2 })).summary);
		assert.deepEqual(summaries, [...Array(8).fill('read src/math.ts lines 1-2'), 'read link-inside.ts lines 1-2']);
	});

	describe('in a multi-root workspace', () => {
		let workspace: FakeWorkspace;
		before(async () => {
			await mkdir(join(tree.base, 'lib', 'src'), { recursive: true });
			await writeFile(join(tree.base, 'lib', 'index.ts'), 'export * from "./src/math";\n');
			await writeFile(join(tree.base, 'lib', 'src', 'math.ts'), 'export const pi = 3.14;\n');
			await writeFile(join(tree.base, 'lib', 'only-lib.md'), '# lib\n');
			workspace = new FakeWorkspace({ folders: [{ name: 'ws', fsPath: tree.root }, { name: 'lib', fsPath: join(tree.base, 'lib') }] });
		});

		it('takes the folder name as the first segment, or the one folder that has the file', async () => {
			const summaries = [];
			for (const path of ['ws/src/math.ts', 'lib/src/math.ts', 'lib/index.ts', 'only-lib.md', join(tree.base, 'lib', 'index.ts')]) {
				summaries.push((await call(workspace, 'read_file', { path })).summary);
			}
			assert.deepEqual(summaries, ['read ws/src/math.ts lines 1-8', 'read lib/src/math.ts lines 1-1', 'read lib/index.ts lines 1-1', 'read lib/only-lib.md lines 1-1', 'read lib/index.ts lines 1-1']);
		});

		it('asks which folder when a path is ambiguous or missing', async () => {
			assert.deepEqual([
				await call(workspace, 'read_file', { path: 'src/math.ts' }),
				await call(workspace, 'read_file', { path: 'nope.ts' }),
				await call(workspace, 'read_file', { path: 'ws/.env' }),
			], [
				{ ok: false, content: 'Error: "src/math.ts" exists in several workspace folders; start the path with the folder name: "ws/src/math.ts" or "lib/src/math.ts".', summary: 'src/math.ts: which workspace folder?' },
				{ ok: false, content: 'Error: "nope.ts" was not found. This workspace has several folders ("ws/", "lib/"); start the path with the folder name, e.g. "ws/nope.ts".', summary: 'nope.ts: which workspace folder?' },
				{ ok: false, content: 'Error: "ws/.env" is a secret file (pattern "**/.env*"); it cannot be read, listed or searched by the workspace tools, whatever the settings say. Do not try to reach it another way; if you need something from it, ask the user for that part without its secret values.', summary: 'refused ws/.env: secret' },
			]);
		});
	});

	it('places editor paths: inside, excluded (also through a symlink) or outside', async () => {
		const guard = new PathGuard([{ name: 'ws', fsPath: tree.root }], new Exclusions(['**/.env*']));
		const folder = guard.folders[0];
		assert.deepEqual([
			await guard.locate(join(tree.root, 'src', 'math.ts')),
			await guard.locate(join(tree.root, 'deleted-but-open.ts')),
			await guard.locate(join(tree.root, '.env')),
			await guard.locate(join(tree.root, 'innocent.txt')),
			await guard.locate(join(tree.root, 'link-out.txt')),
			await guard.locate(join(tree.sibling, 'secret.txt')),
		], [
			{ status: 'inside', folder, relative: 'src/math.ts', display: 'src/math.ts' },
			{ status: 'inside', folder, relative: 'deleted-but-open.ts', display: 'deleted-but-open.ts' },
			{ status: 'excluded', display: '.env', pattern: '**/.env*', secret: true },
			{ status: 'excluded', display: 'innocent.txt', pattern: '**/.env*', secret: true },
			{ status: 'outside' },
			{ status: 'outside' },
		]);
	});

	it('says so when no folder is open', async () => {
		assert.deepEqual(await call(new FakeWorkspace(), 'read_file', { path: 'a.ts' }), {
			ok: false,
			content: 'Error: No folder is open in VS Code, so there are no workspace files to work with. Tell the user to open a folder.',
			summary: 'no workspace folder',
		});
	});
});
