import * as assert from 'node:assert/strict';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ToolResult } from '../../../../src/tools/toolExecutor';
import type { WorkspaceTree } from '../workspaceTree';
import { call, createWorkspaceTree, secret, systemRipgrep, workspaceOf } from '../workspaceTree';

describe('search_text', () => {
	let tree: WorkspaceTree;
	before(async () => {
		tree = await createWorkspaceTree();
		await tree.write('docs/windows.txt', '\ufeffneedle at the start\r\nsecond needle\r\nthe end$\r\n');
		await tree.write('docs/late-nul.txt', `needle before\n${'zzzz '.repeat(2000)}\n\u0000 needle after\n`);
		await tree.write('docs/latin1.txt', Buffer.concat([Buffer.from('caf'), Buffer.from([0xe9]), Buffer.from(' needle\n')]));
		await tree.write('docs/unicode.txt', 'Äpfel und Birnen\nSTRASSE\n');
		await tree.write('order/a/b.txt', 'needle\n');
		await tree.write('order/a.txt', 'needle\n');
		await tree.write('order/a-b.txt', 'needle\n');
		await tree.write('order/B/x.txt', 'needle\n');
		await tree.write('many.txt', Array.from({ length: 300 }, (_, i) => `needle ${i + 1}`).join('\n'));
		await tree.write('src/calls.ts', 'add(1, 2);\nadd(3, 4);\nconst a.b = 1;\n');
	});
	after(() => tree.remove());

	const js = () => workspaceOf(tree);
	const rg = () => workspaceOf(tree, { ripgrepPath: systemRipgrep });

	it('returns path:line: text for each matching line, in path order', async () => {
		assert.deepEqual(await call(js(), 'search_text', { query: 'add' }), {
			ok: true,
			content: [
				'README.md:3: A sample project. Call add() from src/math.ts.',
				'src/app.ts:1: import { add } from \'./math\';',
				'src/app.ts:3: console.log(add(2, 3));',
				'src/calls.ts:1: add(1, 2);',
				'src/calls.ts:2: add(3, 4);',
				'src/math.ts:1: /** Adds two numbers. */',
				'src/math.ts:2: export function add(a: number, b: number): number {',
			].join('\n'),
			summary: '7 matches in 4 files',
		});
	});

	it('takes regexes, case sensitivity and an include glob', async () => {
		const workspace = js();
		assert.deepEqual([
			await call(workspace, 'search_text', { query: '^export function \\w+\\(a', is_regex: true, case_sensitive: true }),
			await call(workspace, 'search_text', { query: 'Adds', case_sensitive: true }),
			await call(workspace, 'search_text', { query: 'add', include: '*.md' }),
			await call(workspace, 'search_text', { query: 'needle', include: 'order/**' }),
			await call(workspace, 'search_text', { query: 'a.b' }),
			await call(workspace, 'search_text', { query: 'zebra' }),
		], [
			{
				ok: true,
				content: 'src/math.ts:2: export function add(a: number, b: number): number {\nsrc/math.ts:6: export function multiply(a: number, b: number): number {',
				summary: '2 matches in 1 file',
			},
			{ ok: true, content: 'src/math.ts:1: /** Adds two numbers. */', summary: '1 match in 1 file' },
			{ ok: true, content: 'README.md:3: A sample project. Call add() from src/math.ts.', summary: '1 match in 1 file' },
			// Path order as `rg --sort path`: each folder's entries by name, a folder before what follows it.
			{ ok: true, content: 'order/B/x.txt:1: needle\norder/a/b.txt:1: needle\norder/a-b.txt:1: needle\norder/a.txt:1: needle', summary: '4 matches in 4 files' },
			{ ok: true, content: 'src/calls.ts:3: const a.b = 1;', summary: '1 match in 1 file' },
			{ ok: true, content: 'No matches for "zebra".', summary: 'no matches for zebra' },
		]);
	});

	it('stops at the match cap with a note', async () => {
		const result = await call(js(), 'search_text', { query: 'needle', include: 'many.txt' }, { limits: { maxSearchMatches: 3 } });
		assert.deepEqual(result, {
			ok: true,
			content: 'many.txt:1: needle 1\nmany.txt:2: needle 2\nmany.txt:3: needle 3\n[truncated: only the first 3 matches are shown; narrow the query, or pass include (e.g. "src/**/*.ts") to search fewer files]',
			summary: '3+ matches in 1 file',
		});
	});

	it('never searches excluded files, symlinks that lead to them, or binary files', async () => {
		for (const workspace of systemRipgrep ? [js(), rg()] : [js()]) {
			assert.deepEqual([
				await call(workspace, 'search_text', { query: secret }),
				await call(workspace, 'search_text', { query: 'FAKE_SECRET', include: '.env' }),
				await call(workspace, 'search_text', { query: 'PRIVATE KEY' }),
				await call(workspace, 'search_text', { query: 'header', include: 'blob.dat' }),
			], [
				{ ok: true, content: `No matches for "${secret}".`, summary: `no matches for ${secret}` },
				{ ok: true, content: 'No matches for "FAKE_SECRET" in files matching ".env".', summary: 'no matches for FAKE_SECRET' },
				{ ok: true, content: 'No matches for "PRIVATE KEY".', summary: 'no matches for PRIVATE KEY' },
				{ ok: true, content: 'No matches for "header" in files matching "blob.dat".', summary: 'no matches for header' },
			], workspace.ripgrepPath ? 'ripgrep' : 'js');
		}
	});

	it('gives the same results with ripgrep and with the JS search', async function () {
		if (!systemRipgrep) {
			console.log('      (skipped: no rg at /usr/bin/rg or /usr/local/bin/rg; install Debian\'s "ripgrep" to compare the engines)');
			this.skip();
		}
		const queries: Record<string, unknown>[] = [
			{ query: 'add' },
			{ query: 'ADD', case_sensitive: true },
			{ query: 'needle' },
			{ query: 'needle', include: 'docs/**' },
			{ query: 'needle$', is_regex: true },
			{ query: '^needle', is_regex: true },
			{ query: 'end$' },
			{ query: 'café' },
			// Not `caf. needle`: on bytes that are not UTF-8, ripgrep's `.` matches nothing while JS sees U+FFFD.
			{ query: 'äpfel' },
			{ query: 'strasse' },
			{ query: '\\d+\\)', is_regex: true },
			{ query: 'x{2}|a\\.b', is_regex: true },
			{ query: '(' },
			{ query: 'needle', include: '*.txt' },
			{ query: 'e' },
			{ query: secret },
		];
		const limits = { maxSearchMatches: 40 };
		const compared = [];
		for (const query of queries) {
			const [viaRipgrep, viaJs] = [await call(rg(), 'search_text', query, { limits }), await call(js(), 'search_text', query, { limits })];
			compared.push({ query, viaRipgrep, same: JSON.stringify(viaRipgrep) === JSON.stringify(viaJs) ? true : viaJs });
		}
		assert.deepEqual(compared.map(({ query, same }) => ({ query, same })), queries.map((query) => ({ query, same: true })));
		// The comparison means something only if the searches found things, and were cut short too.
		const summaries = compared.map((c) => (c.viaRipgrep as ToolResult).summary);
		assert.deepEqual(summaries, [
			'7 matches in 4 files', 'no matches for ADD', '40+ matches in 4 files', '5 matches in 3 files', '6 matches in 6 files', '40+ matches in 3 files',
			'1 match in 1 file', 'no matches for café', '1 match in 1 file', '1 match in 1 file', '3 matches in 2 files', '1 match in 1 file',
			'7 matches in 5 files', '40+ matches in 4 files', '40+ matches in 6 files', `no matches for ${secret}`,
		]);
	});

	it('leaves .gitignored files out with an include glob, with either engine', async function () {
		if (!systemRipgrep) {
			console.log('      (skipped: no rg at /usr/bin/rg or /usr/local/bin/rg)');
			this.skip();
		}
		// ripgrep lets a --glob it is given override .gitignore: an include glob naming an ignored
		// file (or every .ts file) must still leave it out, as VS Code's search and the JS engine do.
		const own = await createWorkspaceTree();
		try {
			await own.write('.gitignore', 'generated.ts\nbuild/\n');
			await own.write('lib/.gitignore', 'local.ts\n');
			await own.write('src/generated.ts', 'export const found = 1;\n');
			await own.write('build/out.ts', 'export const found = 2;\n');
			await own.write('lib/local.ts', 'export const found = 3;\n');
			await own.write('lib/kept.ts', 'export const found = 4;\n');
			for (const workspace of [workspaceOf(own), workspaceOf(own, { ripgrepPath: systemRipgrep })]) {
				assert.deepEqual([
					(await call(workspace, 'search_text', { query: 'found', include: '**/*.ts' })).content,
					(await call(workspace, 'search_text', { query: 'found', include: 'lib/local.ts' })).content,
				], ['lib/kept.ts:1: export const found = 4;', 'No matches for "found" in files matching "lib/local.ts".'], workspace.ripgrepPath ? 'ripgrep' : 'js');
			}
		} finally {
			await own.remove();
		}
	});

	it('skips files over the size limit, with either engine', async function () {
		if (!systemRipgrep) {
			console.log('      (skipped: no rg at /usr/bin/rg or /usr/local/bin/rg)');
			this.skip();
		}
		const own = await createWorkspaceTree();
		try {
			await own.write('big.txt', `giant\n${'x'.repeat(2_000)}\n`);
			await own.write('exact.txt', `giant\n${'x'.repeat(1_000 - 7)}\n`);
			for (const workspace of [workspaceOf(own), workspaceOf(own, { ripgrepPath: systemRipgrep })]) {
				assert.equal((await call(workspace, 'search_text', { query: 'giant' }, { limits: { maxFileBytes: 1_000 } })).content, 'exact.txt:1: giant', workspace.ripgrepPath ? 'ripgrep' : 'js');
			}
		} finally {
			await own.remove();
		}
	});

	it('gives the same results with ripgrep and with the JS search, with custom exclusions over two folders', async function () {
		if (!systemRipgrep) {
			console.log('      (skipped: no rg at /usr/bin/rg or /usr/local/bin/rg)');
			this.skip();
		}
		await tree.write('../second/notes/needle.txt', 'needle in the second folder\n');
		// rg is given the folder patterns with case only to skip work: a folder excluded in other
		// letters, and one named like a file pattern (`*.md`), are judged here.
		await tree.write('../second/Drafts/needle.txt', 'needle in an excluded folder\n');
		await tree.write('../second/old.md/needle.txt', 'needle in a folder named like a file pattern\n');
		const init = {
			folders: [{ name: 'ws', fsPath: tree.root }, { name: 'second', fsPath: join(tree.base, 'second') }],
			exclude: ['order/a*', 'docs/**', '*.md', '**/.env*', '{many,src}.txt', 'src/[ab]*.ts', '**/drafts'],
		};
		const results = [];
		for (const query of [{ query: 'needle' }, { query: 'add' }, { query: 'needle', include: 'second/**' }, { query: 'e', include: '**/*.{ts,txt}' }]) {
			results.push({
				viaRipgrep: await call(workspaceOf(tree, { ...init, ripgrepPath: systemRipgrep }), 'search_text', query),
				viaJs: await call(workspaceOf(tree, init), 'search_text', query),
			});
		}
		assert.deepEqual(results.map((r) => r.viaRipgrep), results.map((r) => r.viaJs));
		assert.deepEqual(results.map((r) => r.viaJs.content.split('\n')), [
			['ws/order/B/x.txt:1: needle', 'second/notes/needle.txt:1: needle in the second folder'],
			['ws/src/calls.ts:1: add(1, 2);', 'ws/src/calls.ts:2: add(3, 4);', 'ws/src/math.ts:1: /** Adds two numbers. */', 'ws/src/math.ts:2: export function add(a: number, b: number): number {'],
			['second/notes/needle.txt:1: needle in the second folder'],
			[
				'ws/order/B/x.txt:1: needle',
				'ws/src/math.ts:1: /** Adds two numbers. */',
				'ws/src/math.ts:2: export function add(a: number, b: number): number {',
				'ws/src/math.ts:3: return a + b;',
				'ws/src/math.ts:6: export function multiply(a: number, b: number): number {',
				'ws/src/math.ts:7: return a * b;',
				'ws/src/util/strings.ts:1: export const shout = (s: string) => s.toUpperCase();',
				'second/notes/needle.txt:1: needle in the second folder',
			],
		]);
	});

	it('cuts a search with far more hits than the cap in path order, like the JS search', async function () {
		if (!systemRipgrep) this.skip();
		// Over 5,000 hits: ripgrep's unsorted first pass gives up and searches again sorted.
		await tree.write('zz/lots.txt', Array.from({ length: 5200 }, (_, i) => `haystack ${i + 1}`).join('\n'));
		await tree.write('aa/first.txt', 'haystack first\n');
		const limits = { maxSearchMatches: 3 };
		const [viaRipgrep, viaJs] = [await call(rg(), 'search_text', { query: 'haystack' }, { limits }), await call(js(), 'search_text', { query: 'haystack' }, { limits })];
		assert.deepEqual({ viaRipgrep, same: JSON.stringify(viaRipgrep) === JSON.stringify(viaJs) }, {
			viaRipgrep: {
				ok: true,
				content: 'aa/first.txt:1: haystack first\nzz/lots.txt:1: haystack 1\nzz/lots.txt:2: haystack 2\n[truncated: only the first 3 matches are shown; narrow the query, or pass include (e.g. "src/**/*.ts") to search fewer files]',
				summary: '3+ matches in 2 files',
			},
			same: true,
		});
	});

	it('reports an invalid regex as something to fix, with either engine', async () => {
		for (const workspace of systemRipgrep ? [js(), rg()] : [js()]) {
			const result = await call(workspace, 'search_text', { query: 'foo(', is_regex: true });
			// The parser's own words differ between the engines; the frame around them does not.
			const explains = result.content.startsWith('Error: query is not a valid regular expression: ')
				&& result.content.endsWith('. Fix it, or set is_regex to false to search for the text as it is.');
			assert.deepEqual({ ok: result.ok, summary: result.summary, explains }, { ok: false, summary: 'invalid regex', explains: true }, result.content);
		}
	});

	it('falls back to the JS search when ripgrep cannot be started', async () => {
		const broken = workspaceOf(tree, { ripgrepPath: join(tree.base, 'no-such-rg') });
		assert.deepEqual(await call(broken, 'search_text', { query: 'add' }), await call(js(), 'search_text', { query: 'add' }));
	});

	describe('cancellation', () => {
		let fakeRg: string;
		let pidFile: string;
		before(async () => {
			// Stands in for a ripgrep stuck on a slow disk: it says who it is and waits.
			fakeRg = join(tree.base, 'slow-rg.sh');
			pidFile = join(tree.base, 'slow-rg.pid');
			await writeFile(fakeRg, `#!/bin/sh\necho $$ > '${pidFile}'\nexec sleep 30\n`);
			await chmod(fakeRg, 0o755);
		});

		async function waitForPid(): Promise<number> {
			for (let i = 0; i < 200; i++) {
				const text = await readFile(pidFile, 'utf8').catch(() => '');
				if (text.trim()) return Number(text.trim());
				await new Promise((resolve) => setTimeout(resolve, 10));
			}
			throw new Error('the fake ripgrep never started');
		}

		function isRunning(pid: number): boolean {
			try {
				process.kill(pid, 0);
				return true;
			} catch {
				return false;
			}
		}

		it('kills ripgrep when the call is aborted', async () => {
			await writeFile(pidFile, '');
			const controller = new AbortController();
			const pending = call(workspaceOf(tree, { ripgrepPath: fakeRg }), 'search_text', { query: 'add' }, { signal: controller.signal });
			const pid = await waitForPid();
			const runningBefore = isRunning(pid);
			controller.abort();
			const result = await pending;
			assert.deepEqual({ runningBefore, result, runningAfter: isRunning(pid) }, {
				runningBefore: true,
				result: { ok: false, content: 'Error: the tool call was cancelled.', summary: 'cancelled' },
				runningAfter: false,
			});
		});

		it('kills ripgrep at the time limit and returns what it found', async () => {
			await writeFile(pidFile, '');
			const result = await call(workspaceOf(tree, { ripgrepPath: fakeRg }), 'search_text', { query: 'add' }, { limits: { searchTimeoutMs: 200 } });
			const pid = await waitForPid();
			assert.deepEqual({ result, running: isRunning(pid) }, {
				result: {
					ok: true,
					content: 'No matches for "add".\n[stopped after 0.2 s: the search took too long, so these results may be incomplete; pass include to search fewer files]',
					summary: 'no matches for add',
				},
				running: false,
			});
		});

		it('stops the JS search when aborted', async () => {
			const controller = new AbortController();
			const pending = call(js(), 'search_text', { query: 'add' }, { signal: controller.signal });
			controller.abort();
			assert.deepEqual(await pending, { ok: false, content: 'Error: the tool call was cancelled.', summary: 'cancelled' });
		});
	});
});
