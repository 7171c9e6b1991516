import * as assert from 'node:assert/strict';
import { readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ProposedChanges } from '../../../../src/tools/edits/proposedChanges';
import type { WorkspaceTree } from '../workspaceTree';
import { call, createWorkspaceTree, mathTs, secret, workspaceOf } from '../workspaceTree';

describe('edit_file and create_file', () => {
	let tree: WorkspaceTree;
	before(async () => {
		tree = await createWorkspaceTree();
		await tree.write('crlf.txt', 'one\r\ntwo\r\nthree\r\n');
		await symlink(join(tree.outside, 'missing.txt'), join(tree.root, 'dangling.txt'));
	});
	after(() => tree.remove());

	const disk = (relative: string) => readFile(join(tree.root, relative), 'utf8');

	it('proposes an edit without writing it, and later reads and edits see it', async () => {
		const changes = new ProposedChanges();
		const workspace = workspaceOf(tree);
		const first = await call(workspace, 'edit_file', { path: 'src/math.ts', old_text: '\treturn a + b;', new_text: '\treturn a + b + 0;' }, { changes });
		assert.equal(first.ok, true, first.content);
		assert.match(first.content, /^Proposed: 1 replacement in src\/math\.ts from line 3\. .*Nothing is written yet/);
		assert.equal(first.summary, 'proposed src/math.ts (+1 −1)');
		assert.equal(await disk('src/math.ts'), mathTs.join('\n') + '\n');

		const read = await call(workspace, 'read_file', { path: 'src/math.ts', start_line: 3, end_line: 3 }, { changes });
		assert.equal(read.content, 'File: src/math.ts (lines 3-3 of 8)\n3: \treturn a + b + 0;');
		// Without the overlay (another turn), the disk is what is read.
		assert.match((await call(workspace, 'read_file', { path: 'src/math.ts', start_line: 3, end_line: 3 })).content, /3: \treturn a \+ b;$/);

		const second = await call(workspace, 'edit_file', { path: 'src/math.ts', old_text: 'return a + b + 0;', new_text: 'return b + a;' }, { changes });
		assert.equal(second.ok, true, second.content);
		const [file] = changes.list();
		assert.equal(file.path, 'src/math.ts');
		assert.equal(file.text, mathTs.join('\n').replace('a + b;', 'b + a;') + '\n');
		assert.deepEqual([file.added, file.removed, file.steps.length], [1, 1, 2]);
		assert.equal(file.baseHash?.length, 64);
	});

	it('applies edits of one round in the order they were made, each on the text the one before proposed', async () => {
		const changes = new ProposedChanges();
		const workspace = workspaceOf(tree);
		const results = await Promise.all([
			call(workspace, 'edit_file', { path: 'src/math.ts', old_text: 'return a + b;', new_text: 'return a + b + 1;' }, { changes }),
			call(workspace, 'create_file', { path: 'src/zz.ts', content: 'z\n' }, { changes }),
			call(workspace, 'edit_file', { path: 'src/math.ts', old_text: 'return a * b;', new_text: 'return a * b * 1;' }, { changes }),
		]);
		assert.deepEqual(results.map((r) => r.ok), [true, true, true]);
		assert.deepEqual(changes.list().map((f) => [f.path, f.steps.length]), [['src/math.ts', 2], ['src/zz.ts', 1]]);
		assert.match(changes.list()[0].text, /a \+ b \+ 1;[^]*a \* b \* 1;/);
	});

	it('matches ignoring indentation, re-indents, and keeps CRLF', async () => {
		const changes = new ProposedChanges();
		const workspace = workspaceOf(tree);
		const result = await call(workspace, 'edit_file', { path: 'src/math.ts', old_text: 'return a * b;', new_text: 'const product = a * b;\nreturn product;' }, { changes });
		assert.equal(result.ok, true, result.content);
		assert.match(changes.list()[0].text, /\n\tconst product = a \* b;\n\treturn product;\n/);

		const crlf = await call(workspace, 'edit_file', { path: 'crlf.txt', old_text: 'two\n', new_text: 'TWO\n2\n' }, { changes });
		assert.equal(crlf.ok, true, crlf.content);
		assert.equal(changes.text(join(tree.root, 'crlf.txt')), 'one\r\nTWO\r\n2\r\nthree\r\n');
	});

	it('says which lines match several times, and shows the closest region when nothing matches', async () => {
		const changes = new ProposedChanges();
		const workspace = workspaceOf(tree);
		const several = await call(workspace, 'edit_file', { path: 'src/math.ts', old_text: 'number {', new_text: 'number /* checked */ {' }, { changes });
		assert.equal(several.ok, false);
		assert.match(several.content, /^Error: old_text matches 2 places .*lines? 2.* 6/);
		const none = await call(workspace, 'edit_file', { path: 'src/math.ts', old_text: 'export function add(x: number, y: number): number {', new_text: 'x' }, { changes });
		assert.equal(none.ok, false);
		assert.match(none.content, /The most similar text is at line 2/);
		assert.deepEqual(changes.list(), []);
	});

	it('creates a new file, lets it be edited and read in the same turn, and refuses to overwrite without overwrite', async () => {
		const changes = new ProposedChanges();
		const workspace = workspaceOf(tree);
		const created = await call(workspace, 'create_file', { path: 'src/new/slug.ts', content: 'export const slug = (s: string) => s;\n' }, { changes });
		assert.equal(created.ok, true, created.content);
		assert.match(created.content, /^Proposed a new file src\/new\/slug\.ts\./);
		const edited = await call(workspace, 'edit_file', { path: 'src/new/slug.ts', old_text: '=> s;', new_text: '=> s.toLowerCase();' }, { changes });
		assert.equal(edited.ok, true, edited.content);
		assert.match((await call(workspace, 'read_file', { path: 'src/new/slug.ts' }, { changes })).content, /1: export const slug = \(s: string\) => s\.toLowerCase\(\);/);
		const [file] = changes.list();
		assert.equal(file.baseHash, undefined);
		assert.deepEqual([file.added, file.removed], [1, 0]);

		const exists = await call(workspace, 'create_file', { path: 'README.md', content: '# New\n' }, { changes });
		assert.match(exists.content, /^Error: "README\.md" already exists\. .*overwrite: true/);
		const overwritten = await call(workspace, 'create_file', { path: 'README.md', content: '# New\n', overwrite: true }, { changes });
		assert.equal(overwritten.ok, true, overwritten.content);
		assert.equal(await disk('README.md'), '# Sample\n\nA sample project. Call add() from src/math.ts.\n');
	});

	it('refuses every write outside the workspace, into secrets, excluded, binary or too large files', async () => {
		const changes = new ProposedChanges();
		const workspace = workspaceOf(tree, { exclude: ['**/generated/**'] });
		const attempts: [string, Record<string, unknown>, RegExp][] = [
			['edit_file', { path: '../outside/secret.txt', old_text: secret, new_text: 'x' }, /outside the workspace|cannot/],
			['create_file', { path: '../outside/new.txt', content: 'x' }, /outside the workspace|cannot/],
			['create_file', { path: join(tree.outside, 'abs.txt'), content: 'x' }, /outside the workspace/],
			['create_file', { path: `file://${join(tree.outside, 'uri.txt')}`, content: 'x' }, /outside the workspace/],
			['create_file', { path: join(tree.sibling, 'x.txt'), content: 'x' }, /outside the workspace/],
			['create_file', { path: '/etc/cron.d/flux', content: 'x' }, /outside the workspace/],
			['create_file', { path: '~/.bashrc', content: 'x' }, /./],
			['edit_file', { path: 'link-out.txt', old_text: secret, new_text: 'x' }, /symbolic link/],
			['create_file', { path: 'linkdir-out/new.txt', content: 'x' }, /symbolic link/],
			['create_file', { path: 'dangling.txt', content: 'x' }, /symbolic link/],
			['edit_file', { path: 'innocent.txt', old_text: 'FAKE', new_text: 'x' }, /excluded|secret/],
			['edit_file', { path: '.env', old_text: 'FAKE', new_text: 'x' }, /excluded|secret/],
			['create_file', { path: '.env.production', content: 'x' }, /excluded|secret/],
			['create_file', { path: 'id_rsa', content: 'x', overwrite: true }, /excluded|secret/],
			['create_file', { path: 'keys/new.pem', content: 'x' }, /excluded|secret/],
			['create_file', { path: '.aws/credentials', content: 'x', overwrite: true }, /excluded|secret/],
			['create_file', { path: '.git/hooks/pre-commit', content: 'rm -rf /' }, /excluded/],
			['edit_file', { path: '.git/config', old_text: 'url', new_text: 'x' }, /excluded/],
			['create_file', { path: 'node_modules/x/index.js', content: 'x', overwrite: true }, /excluded/],
			['create_file', { path: 'src/generated/api.ts', content: 'x' }, /excluded/],
			['edit_file', { path: 'logo.png', old_text: 'PNG', new_text: 'x' }, /binary/],
			['edit_file', { path: 'blob.dat', old_text: 'add header', new_text: 'x' }, /binary/],
			['create_file', { path: 'src', content: 'x', overwrite: true }, /folder/],
			['edit_file', { path: 'src/missing.ts', old_text: 'a', new_text: 'b' }, /does not exist.*create_file/],
			['create_file', { path: 'src/huge.ts', content: 'x'.repeat(2048) }, /too large to edit/],
			['edit_file', { path: 'src/math.ts', old_text: '', new_text: 'x' }, /old_text is empty/],
			['create_file', { path: 'src/a\u0000b.ts', content: 'x' }, /./],
		];
		for (const [tool, args, expected] of attempts) {
			const result = await call(workspace, tool, args, { changes, limits: { maxEditBytes: 1024 } });
			assert.equal(result.ok, false, `${tool} ${JSON.stringify(args)} was not refused`);
			assert.match(result.content, /^Error: /);
			assert.match(result.content, expected, `${tool} ${String(args.path)}: ${result.content}`);
		}
		assert.ok(attempts.length >= 20);
		assert.deepEqual(changes.list(), []);
	});

	it('is off without an overlay, and refused in an untrusted workspace', async () => {
		const off = await call(workspaceOf(tree), 'edit_file', { path: 'src/math.ts', old_text: 'a + b', new_text: 'b + a' });
		assert.match(off.content, /^Error: there is no tool named "edit_file"\. Editing files is turned off/);
		const changes = new ProposedChanges();
		const untrusted = await call(workspaceOf(tree, { isTrusted: false }), 'create_file', { path: 'x.ts', content: 'x' }, { changes });
		assert.match(untrusted.content, /^Error: workspace tools are off because the user has not trusted/);
		assert.deepEqual(changes.list(), []);
	});
});
