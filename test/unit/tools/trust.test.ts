import * as assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import type { ToolResult } from '../../../src/tools/toolExecutor';
import type { WorkspaceTree } from './workspaceTree';
import { call, createWorkspaceTree, secret, systemRipgrep, workspaceOf } from './workspaceTree';

/**
 * Runs `work` and reports the longest the event loop stood still meanwhile, in ms: the widest gap
 * between beats of a 10 ms heartbeat. It waits a few beats after the work, since a loop blocked
 * until the work ended only shows as a late beat afterwards.
 */
async function withLoopWatch<T>(work: () => Promise<T>): Promise<{ result: T; maxStallMs: number }> {
	let last = performance.now();
	let maxStallMs = 0;
	const beat = setInterval(() => {
		const now = performance.now();
		maxStallMs = Math.max(maxStallMs, now - last);
		last = now;
	}, 10);
	try {
		const result = await work();
		await new Promise((resolve) => setTimeout(resolve, 50));
		return { result, maxStallMs };
	} finally {
		clearInterval(beat);
	}
}

describe('trust: secrets no setting can expose', () => {
	let tree: WorkspaceTree;
	before(async () => {
		tree = await createWorkspaceTree();
		const secrets = [
			'.ssh/id_ecdsa', '.ssh/config', '.git-credentials', '.netrc ', '.npmrc', '.pypirc', '.pgpass', 'server.pem.', 'keystore.jks',
			'config/SECRETS.yaml', 'infra/terraform.tfstate', 'infra/terraform.tfstate.backup', 'infra/prod.tfvars', '.kube/config',
			'.docker/config.json', 'gcp/my-service-account.json', 'certs/client.p12', 'certs/client.pfx', 'app.keystore',
		];
		for (const path of secrets) await tree.write(path, `token = ${secret}\n`);
		await tree.write('config/app.yaml', 'name: app\n');
		await tree.write('gcp/README.md', 'Deploy notes.\n');
		await tree.write('infra/main.tf', 'resource "null_resource" "x" {}\n');
	});
	after(() => tree.remove());

	/** Not even an empty `flux.tools.exclude` plus an empty `files.exclude` lets the tools near a secret. */
	const bare = () => workspaceOf(tree, { exclude: [], searchExclude: [] });

	it('refuses to read a secret in every spelling, with no exclusion set at all', async () => {
		const attempts: [string, string][] = [
			['.env', 'secret'], ['.ENV', 'secret'], ['./.env', 'secret'], ['.env.', 'secret'], ['.env.local', 'secret'], ['sub/../.env', '".." in path'],
			['.ssh/id_ecdsa', 'secret'], ['.SSH/ID_ECDSA', 'secret'], ['./.ssh/./id_ecdsa', 'secret'], ['.ssh./id_ecdsa', 'secret'], ['.ssh /id_ecdsa', 'secret'],
			['.ssh/config', 'secret'], ['.ssh', 'secret'], ['id_rsa', 'secret'], ['id_ed25519.pub', 'secret'], ['id_dsa', 'secret'],
			['infra/terraform.tfstate', 'secret'], ['INFRA/Terraform.TFSTATE', 'secret'], ['infra/terraform.tfstate.', 'secret'], ['infra/terraform.tfstate.backup', 'secret'],
			['infra/prod.tfvars', 'secret'], ['config/SECRETS.yaml', 'secret'], ['config/secrets.yaml', 'secret'], ['server.pem.', 'secret'], ['server.pem. .', 'secret'],
			['keys/server.pem', 'secret'], ['.netrc', 'secret'], ['.netrc ', 'secret'], ['.git-credentials', 'secret'], ['.npmrc', 'secret'], ['.pypirc', 'secret'],
			['.pgpass', 'secret'], ['keystore.jks', 'secret'], ['app.keystore', 'secret'], ['certs/client.p12', 'secret'], ['certs/client.pfx', 'secret'],
			['.kube/config', 'secret'], ['.docker/config.json', 'secret'], ['.aws/credentials', 'secret'], ['gcp/my-service-account.json', 'secret'],
			['innocent.txt', 'secret'], [`${tree.root}/.env`, 'secret'],
		];
		const results = [];
		for (const [path, reason] of attempts) {
			const result = await call(bare(), 'read_file', { path });
			const shownReason = result.summary.startsWith('refused ') && result.summary.endsWith(`: ${reason}`) ? reason : result.summary;
			results.push({ path, ok: result.ok, leaked: result.content.includes(secret), reason: shownReason });
		}
		assert.deepEqual(results, attempts.map(([path, reason]) => ({ path, ok: false, leaked: false, reason })));
	});

	it('tells the model a secret is a secret, not a setting it could ask to change', async () => {
		assert.deepEqual(await call(bare(), 'read_file', { path: 'infra/terraform.tfstate' }), {
			ok: false,
			content: 'Error: "infra/terraform.tfstate" is a secret file (pattern "**/*.tfstate*"); it cannot be read, listed or searched by the workspace tools, whatever the settings say. Do not try to reach it another way; if you need something from it, ask the user for that part without its secret values.',
			summary: 'refused infra/terraform.tfstate: secret',
		});
	});

	it('never lists a secret, with or without a glob', async () => {
		const workspace = bare();
		const listed: Record<string, string[] | string> = {};
		listed.root = (await call(workspace, 'list_files')).content.split('\n').slice(1);
		for (const glob of ['**', '**/.env*', '.ssh/*', '**/id_*', '**/*.tfstate', '**/secrets.*', '**/*.{pem,p12,pfx,jks,keystore}', '.kube/**', '.netrc*']) {
			listed[glob] = (await call(workspace, 'list_files', { glob })).content.split('\n').slice(1);
		}
		listed['.ssh'] = (await call(workspace, 'list_files', { path: '.ssh' })).summary;
		listed['.kube'] = (await call(workspace, 'list_files', { path: '.kube' })).content;
		assert.deepEqual(listed, {
			root: ['.aws/', '.docker/', '.kube/', 'README.md', 'blob.dat', 'certs/', 'config/', 'gcp/', 'infra/', 'keys/', 'link-inside.ts', 'logo.png', 'package.json', 'src/'],
			// A glob listing lists no symlinks (as search_text searches none); the plain listing above shows the one that leads inside.
			'**': ['README.md', 'blob.dat', 'config/app.yaml', 'gcp/README.md', 'infra/main.tf', 'logo.png', 'package.json', 'src/app.ts', 'src/math.ts', 'src/util/strings.ts'],
			'**/.env*': [], '.ssh/*': [], '**/id_*': [], '**/*.tfstate': [], '**/secrets.*': [], '**/*.{pem,p12,pfx,jks,keystore}': [], '.kube/**': [], '.netrc*': [],
			'.ssh': 'refused .ssh: secret',
			'.kube': '".kube" is empty.',
		});
	});

	it('never searches a secret, with either engine', async () => {
		for (const workspace of systemRipgrep ? [bare(), workspaceOf(tree, { exclude: [], searchExclude: [], ripgrepPath: systemRipgrep })] : [bare()]) {
			assert.deepEqual([
				(await call(workspace, 'search_text', { query: secret })).content,
				(await call(workspace, 'search_text', { query: 'token', include: '.env' })).content,
				(await call(workspace, 'search_text', { query: 'token', include: '**/*.tfstate*' })).content,
				(await call(workspace, 'search_text', { query: 'token', include: '.ssh/**' })).content,
				(await call(workspace, 'search_text', { query: 'resource' })).content,
			], [
				`No matches for "${secret}".`,
				'No matches for "token" in files matching ".env".',
				'No matches for "token" in files matching "**/*.tfstate*".',
				'No matches for "token" in files matching ".ssh/**".',
				'infra/main.tf:1: resource "null_resource" "x" {}',
			], workspace.ripgrepPath ? 'ripgrep' : 'js');
		}
	});
});

describe('trust: keys in files whose names say nothing', () => {
	let tree: WorkspaceTree;
	before(async () => {
		tree = await createWorkspaceTree();
		// A Google service-account key as downloaded, and a private key pasted into a config file.
		await tree.write('gcp/my-project-1a2b3c4d5e6f.json', JSON.stringify({ type: 'service_account', project_id: 'my-project', private_key_id: secret, private_key: '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n' }, null, 2));
		await tree.write('config/deploy.yaml', `host: example.org\nkey: |\n  -----BEGIN OPENSSH PRIVATE KEY-----\n  ${secret}\n  -----END OPENSSH PRIVATE KEY-----\n`);
		await tree.write('config/app.yaml', `host: example.org\nname: app\n`);
	});
	after(() => tree.remove());

	it('refuses to read them, and neither engine searches them', async () => {
		const engines = systemRipgrep ? [workspaceOf(tree, {}), workspaceOf(tree, { ripgrepPath: systemRipgrep })] : [workspaceOf(tree, {})];
		for (const workspace of engines) {
			const reads = await Promise.all(['gcp/my-project-1a2b3c4d5e6f.json', 'config/deploy.yaml', 'config/app.yaml'].map((path) => call(workspace, 'read_file', { path })));
			assert.deepEqual({
				reads: reads.map((r) => ({ ok: r.ok, leaked: r.content.includes(secret), summary: r.summary })),
				secret: (await call(workspace, 'search_text', { query: secret })).content,
				host: (await call(workspace, 'search_text', { query: 'example.org' })).content,
			}, {
				reads: [
					{ ok: false, leaked: false, summary: 'refused gcp/my-project-1a2b3c4d5e6f.json: holds a secret' },
					{ ok: false, leaked: false, summary: 'refused config/deploy.yaml: holds a secret' },
					{ ok: true, leaked: false, summary: 'read config/app.yaml lines 1-2' },
				],
				secret: `No matches for "${secret}".`,
				host: 'config/app.yaml:1: host: example.org',
			}, workspace.ripgrepPath ? 'ripgrep' : 'js');
		}
	});
});

describe('trust: a model-written pattern cannot freeze the host', () => {
	let tree: WorkspaceTree;
	/**
	 * How long the host would freeze if it ran `(a+)+$` on slow.txt itself, measured in this run:
	 * a stall is judged against it, not against a fixed time that a busy machine can exceed.
	 */
	let onHostMs = 0;
	before(async () => {
		tree = await createWorkspaceTree();
		// Exponential backtracking for `(a+)+$`: each extra "a" doubles the work.
		await tree.write('redos/slow.txt', `${'a'.repeat(25)}!\n`);
		await tree.write('redos2/never.txt', `${'a'.repeat(40)}!\n`);
		const started = performance.now();
		/(a+)+$/.test(`${'a'.repeat(25)}!`);
		onHostMs = performance.now() - started;
	});
	const stalled = (maxStallMs: number) => maxStallMs > Math.max(200, onHostMs / 3);
	after(() => tree.remove());

	it('runs a catastrophic regex in the JS search without stalling the event loop', async () => {
		const { result, maxStallMs } = await withLoopWatch(() => call(workspaceOf(tree), 'search_text', { query: '(a+)+$', is_regex: true, include: 'redos/**' }, { limits: { searchTimeoutMs: 3000 } }));
		assert.deepEqual({ ok: result.ok, startsWell: result.content.startsWith('No matches for regex "(a+)+$" in files matching "redos/**".'), stalled: stalled(maxStallMs) }, { ok: true, startsWell: true, stalled: false }, `max stall ${maxStallMs} ms, on the host ${onHostMs} ms`);
	});

	it('stops a regex that would never finish at the deadline, and says so', async () => {
		const { result, maxStallMs } = await withLoopWatch(() => call(workspaceOf(tree), 'search_text', { query: '(a+)+$', is_regex: true, include: 'redos2/**' }, { limits: { searchTimeoutMs: 500 } }));
		assert.deepEqual({ result, stalled: stalled(maxStallMs) }, {
			result: {
				ok: true,
				content: 'No matches for regex "(a+)+$" in files matching "redos2/**".\n[stopped after 0.5 s: the search took too long, so these results may be incomplete; pass include to search fewer files]',
				summary: 'no matches for (a+)+$',
			},
			stalled: false,
		}, `max stall ${maxStallMs} ms, on the host ${onHostMs} ms`);
	});

	it('cancels a JS search stuck in a regex', async () => {
		const controller = new AbortController();
		const pending = call(workspaceOf(tree), 'search_text', { query: '(a+)+$', is_regex: true, include: 'redos2/**' }, { signal: controller.signal });
		setTimeout(() => controller.abort(), 100);
		assert.deepEqual(await pending, { ok: false, content: 'Error: the tool call was cancelled.', summary: 'cancelled' });
	});
});

describe('trust: globs as VS Code reads them', () => {
	let tree: WorkspaceTree;
	const files = [
		'a/b/x.ts', 'a/x/b/y.ts', 'x/a/y/b/z/w.ts', 'a/c', 'a/b/c', 'a/b/d/c', 'a/bb/c', 'a/.h/b/c', 'a/]/c', 'a/-/c',
		'src/a.ts', 'src/a.js', 'src/deep/er/b.ts', 'test/deep/b.ts', 'test/b.tsx', 'other/c.ts', 'b/a.ts', 'ab/c', 'a.b/c',
	];
	before(async () => {
		tree = await createWorkspaceTree();
		for (const file of files) await tree.write(`g/${file}`, 'x\n');
	});
	after(() => tree.remove());

	it('matches nested ** patterns, braces and classes in list_files and search_text', async () => {
		const globs: Record<string, string[]> = {
			'**/a/**/b/**': ['a/b/c', 'a/b/d/c', 'a/b/x.ts', 'a/.h/b/c', 'a/x/b/y.ts', 'x/a/y/b/z/w.ts'],
			'a/**/**/c': ['a/-/c', 'a/.h/b/c', 'a/]/c', 'a/b/c', 'a/b/d/c', 'a/bb/c', 'a/c'],
			'{src,test}/**/*.ts': ['src/a.ts', 'src/deep/er/b.ts', 'test/deep/b.ts'],
			'a/{b/**,x}/c': ['a/b/c', 'a/b/d/c'],
			'{**/b,c}/*': ['a/.h/b/c', 'a/b/c', 'a/b/x.ts', 'a/x/b/y.ts', 'b/a.ts'],
			'a/[!b]/c': ['a/-/c', 'a/]/c'],
			'a/**/b/**/c': ['a/.h/b/c', 'a/b/c', 'a/b/d/c'],
			'**/*.{ts,tsx}': ['a/b/x.ts', 'a/x/b/y.ts', 'b/a.ts', 'other/c.ts', 'src/a.ts', 'src/deep/er/b.ts', 'test/b.tsx', 'test/deep/b.ts', 'x/a/y/b/z/w.ts'],
		};
		const listed: Record<string, string[]> = {};
		const searched: Record<string, string[]> = {};
		for (const glob of Object.keys(globs)) {
			const listing = await call(workspaceOf(tree), 'list_files', { path: 'g', glob }, { limits: { maxListEntries: 1000 } });
			listed[glob] = listing.content.split('\n').slice(1).map((p) => p.slice(2)).sort();
			const found = await call(workspaceOf(tree), 'search_text', { query: 'x', include: `g/${glob}` }, { limits: { maxSearchMatches: 1000 } });
			searched[glob] = found.content.startsWith('No matches') ? [] : found.content.split('\n').map((line) => line.slice(2, line.indexOf(':'))).sort();
		}
		const expected = Object.fromEntries(Object.entries(globs).map(([glob, paths]) => [glob, [...paths].sort()]));
		assert.deepEqual({ listed, searched }, { listed: expected, searched: expected });
	});
});

describe('trust: .gitignore and search.exclude, as VS Code search honours them', () => {
	let tree: WorkspaceTree;
	before(async () => {
		tree = await createWorkspaceTree();
		await tree.write('.gitignore', 'build/\n*.log\n!keep.log\n/generated\nsub/private.txt\n');
		await tree.write('lib/.gitignore', '*.tmp\n');
		for (const path of ['build/out.js', 'app.log', 'keep.log', 'generated/g.ts', 'deep/generated/h.ts', 'lib/x.tmp', 'lib/y.ts', 'sub/private.txt', 'sub/public.txt', 'vendor/v.ts']) {
			await tree.write(path, 'needle\n');
		}
	});
	after(() => tree.remove());

	const visible = ['deep/generated/h.ts', 'keep.log', 'lib/y.ts', 'sub/public.txt'];

	it('hides ignored files from search_text, with identical results from both engines', async function () {
		if (!systemRipgrep) this.skip();
		const results: Record<string, ToolResult[]> = {};
		for (const [name, init] of Object.entries({
			ignoring: { searchExclude: ['**/vendor'] },
			notIgnoring: { searchExclude: ['**/vendor'], useIgnoreFiles: false },
		})) {
			results[name] = [
				await call(workspaceOf(tree, init), 'search_text', { query: 'needle' }),
				await call(workspaceOf(tree, { ...init, ripgrepPath: systemRipgrep }), 'search_text', { query: 'needle' }),
			];
		}
		const paths = (r: ToolResult) => r.content.split('\n').map((line) => line.slice(0, line.indexOf(':')));
		assert.deepEqual({
			ignoring: results.ignoring.map(paths),
			notIgnoring: results.notIgnoring.map(paths),
		}, {
			ignoring: [visible, visible],
			notIgnoring: [
				['app.log', 'build/out.js', 'deep/generated/h.ts', 'generated/g.ts', 'keep.log', 'lib/x.tmp', 'lib/y.ts', 'sub/private.txt', 'sub/public.txt'],
				['app.log', 'build/out.js', 'deep/generated/h.ts', 'generated/g.ts', 'keep.log', 'lib/x.tmp', 'lib/y.ts', 'sub/private.txt', 'sub/public.txt'],
			],
		});
	});

	it('hides ignored files from list_files with a glob, but still lists and reads them when named', async () => {
		const workspace = workspaceOf(tree, { searchExclude: ['**/vendor'] });
		assert.deepEqual({
			glob: (await call(workspace, 'list_files', { glob: '**/*.{ts,js,log,tmp,txt}' })).content.split('\n').slice(1),
			root: (await call(workspace, 'list_files')).content.split('\n').slice(1).filter((p) => ['build/', 'app.log', 'vendor/'].includes(p)),
			read: (await call(workspace, 'read_file', { path: 'build/out.js' })).content,
		}, {
			glob: [...visible.filter((p) => p !== 'keep.log'), 'src/app.ts', 'src/math.ts', 'src/util/strings.ts', 'keep.log'].sort(),
			root: ['app.log', 'build/', 'vendor/'],
			read: 'File: build/out.js (lines 1-1 of 1)\n1: needle',
		});
	});
});
