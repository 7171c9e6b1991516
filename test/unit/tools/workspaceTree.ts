import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { silentLogger } from '../../../src/flux/logger';
import type { ToolResult } from '../../../src/tools/toolExecutor';
import { executeTool } from '../../../src/tools/toolExecutor';
import type { ProposedChanges } from '../../../src/tools/edits/proposedChanges';
import type { ToolLimits } from '../../../src/tools/toolLimits';
import type { Workspace } from '../../../src/tools/workspace';
import { FakeWorkspace } from '../../fakes/fakeWorkspace';

/** Every secret in the tree contains this, so a test can prove none of them leaked. */
export const secret = 'not-a-real-secret';

/** Debian's ripgrep, when installed; the ripgrep half of the search tests needs it. */
export const systemRipgrep = ['/usr/bin/rg', '/usr/local/bin/rg'].find((p) => existsSync(p));

export const mathTs = [
	'/** Adds two numbers. */',
	'export function add(a: number, b: number): number {',
	'\treturn a + b;',
	'}',
	'',
	'export function multiply(a: number, b: number): number {',
	'\treturn a * b;',
	'}',
];

/**
 * A real directory tree in the temp folder, so symlinks and realpath behave as on a user's disk:
 *
 * ```
 * <base>/ws/            the workspace folder "ws"
 * <base>/ws-evil/       a sibling whose path starts with the workspace's path
 * <base>/outside/       what the escaping symlinks point at
 * ```
 */
export interface WorkspaceTree {
	readonly base: string;
	readonly root: string;
	readonly outside: string;
	readonly sibling: string;
	/** Writes a file below `root` (folders are created). */
	write(relative: string, content: string | Uint8Array): Promise<string>;
	remove(): Promise<void>;
}

export async function createWorkspaceTree(): Promise<WorkspaceTree> {
	// realpath: on macOS the temp folder itself lies below a symlink.
	const base = await realpath(await mkdtemp(join(tmpdir(), 'flux-tools-')));
	const root = join(base, 'ws');
	const outside = join(base, 'outside');
	const sibling = join(base, 'ws-evil');
	const put = async (path: string, content: string | Uint8Array) => {
		await mkdir(dirname(path), { recursive: true });
		await writeFile(path, content);
		return path;
	};
	const write = (relative: string, content: string | Uint8Array) => put(join(root, relative), content);

	await write('src/math.ts', mathTs.join('\n') + '\n');
	await write('src/app.ts', "import { add } from './math';\n\nconsole.log(add(2, 3));\n");
	await write('src/util/strings.ts', 'export const shout = (s: string) => s.toUpperCase();\n');
	await write('README.md', '# Sample\n\nA sample project. Call add() from src/math.ts.\n');
	await write('package.json', '{\n\t"name": "sample",\n\t"version": "1.0.0"\n}\n');
	await write('logo.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
	await write('blob.dat', Buffer.concat([Buffer.from('add header'), Buffer.from([0, 1, 2]), Buffer.from('add more\n')]));
	// Secrets and clutter the tools must never touch.
	await write('.env', `FAKE_SECRET=${secret}\n`);
	await write('.env.local', `FAKE_SECRET=${secret}\n`);
	await write('.git/config', `[remote "origin"]\n\turl = https://user:${secret}@example.com/repo.git\n`);
	await write('node_modules/x/index.js', `module.exports = '${secret}';\n`);
	await write('id_rsa', `-----BEGIN OPENSSH PRIVATE KEY-----\n${secret}\n`);
	await write('keys/server.pem', `-----BEGIN PRIVATE KEY-----\n${secret}\n`);
	await write('.aws/credentials', `aws_secret_access_key = ${secret}\n`);
	await put(join(outside, 'secret.txt'), `${secret}\n`);
	await put(join(sibling, 'secret.txt'), `${secret}\n`);
	// Symlinks: one that stays inside, three that lead where the tools must not go.
	await symlink(join('src', 'math.ts'), join(root, 'link-inside.ts'));
	await symlink(join(outside, 'secret.txt'), join(root, 'link-out.txt'));
	await symlink(outside, join(root, 'linkdir-out'));
	await symlink('.env', join(root, 'innocent.txt'));
	return { base, root, outside, sibling, write, remove: () => rm(base, { recursive: true, force: true }) };
}

/** A trusted single-folder workspace over the tree, with the default exclusions. */
export function workspaceOf(tree: WorkspaceTree, init: ConstructorParameters<typeof FakeWorkspace>[0] = {}): FakeWorkspace {
	return new FakeWorkspace({ folders: [{ name: 'ws', fsPath: tree.root }], ...init });
}

/** Runs one tool call as the turn runner would; `args` that are not a string are sent as JSON. */
export function call(workspace: Workspace, name: string, args: unknown = {}, options: { signal?: AbortSignal; limits?: Partial<ToolLimits>; changes?: ProposedChanges } = {}): Promise<ToolResult> {
	return executeTool(name, typeof args === 'string' ? args : JSON.stringify(args), {
		workspace,
		signal: options.signal ?? new AbortController().signal,
		logger: silentLogger,
		...(options.limits ? { limits: options.limits } : {}),
		...(options.changes ? { changes: options.changes } : {}),
	});
}
