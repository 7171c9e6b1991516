import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileToAttach } from '../../../../src/tools/read/attachFile';
import { Exclusions } from '../../../../src/tools/guard/exclusions';
import { PathGuard } from '../../../../src/tools/guard/pathGuard';
import { createWorkspaceTree, mathTs, secret, type WorkspaceTree } from '../workspaceTree';

describe('attaching a workspace file (Add File to Chat, # mentions)', () => {
	let tree: WorkspaceTree;
	let guard: PathGuard;
	before(async () => {
		tree = await createWorkspaceTree();
		await tree.write('config/service.json', `{"type": "service_account", "private_key": "${secret}"}`);
		await tree.write('dist/out.js', 'built');
		guard = new PathGuard([{ name: 'ws', fsPath: tree.root }], new Exclusions(['dist/**']));
	});
	after(() => tree.remove());

	it('reads a text file with its workspace path', async () => {
		assert.deepEqual(await readFileToAttach(join(tree.root, 'src', 'math.ts'), guard), { ok: true, path: 'src/math.ts', text: mathTs.join('\n') + '\n' });
	});

	it('refuses secrets by name and by content, excluded, binary, outside and escaping files, in words for the user, never with their text', async () => {
		const cases: [string, string][] = [
			['.env', '".env" is a secret file (pattern "**/.env*"), so it cannot be attached. Flux never sends secret files.'],
			['id_rsa', '"id_rsa" is a secret file (pattern "**/id_rsa*"), so it cannot be attached. Flux never sends secret files.'],
			['config/service.json', '"config/service.json" holds a private key or a service-account key, so it cannot be attached. Flux never sends secrets.'],
			['dist/out.js', '"dist/out.js" is excluded from Flux (pattern "dist/**"), so it cannot be attached. The exclusions are files.exclude and flux.tools.exclude.'],
			['logo.png', '"logo.png" is a binary file; only text files can be attached.'],
			['link-out.txt', '"link-out.txt" is outside the workspace folders, so it cannot be attached.'],
			['src', '"src" is a folder; attach the files in it instead.'],
		];
		const results = await Promise.all(cases.map(([relative]) => readFileToAttach(join(tree.root, relative), guard, relative)));
		const outside = await readFileToAttach(join(tree.outside, 'secret.txt'), guard, 'secret.txt');
		assert.deepEqual(
			[...results, outside].map((r) => r.ok ? 'read' : r.message),
			[...cases.map(([, message]) => message), '"secret.txt" is outside the workspace folders, so it cannot be attached.'],
		);
		assert.equal(JSON.stringify(results).includes(secret), false);
	});
});
