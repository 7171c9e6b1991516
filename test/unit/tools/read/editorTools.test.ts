import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import type { DiagnosticEntry, OpenEditor } from '../../../../src/tools/workspace';
import type { WorkspaceTree } from '../workspaceTree';
import { call, createWorkspaceTree, mathTs, secret, workspaceOf } from '../workspaceTree';

describe('editor tools', () => {
	let tree: WorkspaceTree;
	before(async () => { tree = await createWorkspaceTree(); });
	after(() => tree.remove());

	const file = (relative: string, languageId = 'typescript') => ({ fsPath: join(tree.root, relative), name: relative.split('/').pop()!, languageId });

	describe('get_selection', () => {
		it('returns the selected lines, numbered, with path, language and range', async () => {
			const workspace = workspaceOf(tree, { selection: { document: file('src/math.ts'), startLine: 2, endLine: 4, text: mathTs.slice(1, 4).join('\n') + '\n' } });
			assert.deepEqual(await call(workspace, 'get_selection'), {
				ok: true,
				content: 'Selection in src/math.ts (typescript), lines 2-4:\n2: export function add(a: number, b: number): number {\n3: \treturn a + b;\n4: }',
				summary: 'selection in src/math.ts lines 2-4',
			});
		});

		it('says where the cursor is when nothing is selected, and when no editor is active', async () => {
			assert.deepEqual([
				await call(workspaceOf(tree, { selection: { document: file('src/math.ts'), startLine: 7, endLine: 7, text: '' } }), 'get_selection'),
				await call(workspaceOf(tree), 'get_selection'),
			], [
				{ ok: true, content: 'Nothing is selected. The cursor is in src/math.ts (typescript) at line 7.', summary: 'no selection in src/math.ts' },
				{ ok: true, content: 'No text editor is active, so there is no selection.', summary: 'no active editor' },
			]);
		});

		it('shows an untitled buffer, and refuses a secret file or one outside the workspace', async () => {
			const untitled = { fsPath: undefined, name: 'Untitled-1', languageId: 'plaintext' };
			assert.deepEqual([
				await call(workspaceOf(tree, { selection: { document: untitled, startLine: 1, endLine: 1, text: 'draft' } }), 'get_selection'),
				await call(workspaceOf(tree, { selection: { document: file('.env', 'dotenv'), startLine: 1, endLine: 1, text: `FAKE_SECRET=${secret}` } }), 'get_selection'),
				await call(workspaceOf(tree, { selection: { document: file('innocent.txt', 'plaintext'), startLine: 1, endLine: 1, text: `FAKE_SECRET=${secret}` } }), 'get_selection'),
				await call(workspaceOf(tree, { selection: { document: { ...file('x'), fsPath: join(tree.outside, 'secret.txt') }, startLine: 1, endLine: 1, text: secret } }), 'get_selection'),
			], [
				{ ok: true, content: 'Selection in Untitled-1 (plaintext), lines 1-1:\n1: draft', summary: 'selection in Untitled-1 lines 1-1' },
				{
					ok: false,
					content: 'Error: The active editor shows ".env", which is a secret file (pattern "**/.env*"); the workspace tools cannot read it, whatever the settings say. Do not try to read it another way; if you need something from it, ask the user for that part without its secret values.',
					summary: 'refused .env: secret',
				},
				{
					ok: false,
					content: 'Error: The active editor shows "innocent.txt", which is a secret file (pattern "**/.env*"); the workspace tools cannot read it, whatever the settings say. Do not try to read it another way; if you need something from it, ask the user for that part without its secret values.',
					summary: 'refused innocent.txt: secret',
				},
				{
					ok: false,
					content: 'Error: The active editor shows a file outside the workspace folders, which the tools cannot read. Ask the user to paste the code, or to open the folder that contains it.',
					summary: 'refused: file outside the workspace',
				},
			]);
		});

		it('caps a long selection and says how to read the rest', async () => {
			const text = Array.from({ length: 30 }, (_, i) => `row ${i + 11}`).join('\n');
			const workspace = workspaceOf(tree, { selection: { document: file('src/app.ts'), startLine: 11, endLine: 40, text } });
			assert.deepEqual(await call(workspace, 'get_selection', {}, { limits: { maxReadLines: 3 } }), {
				ok: true,
				content: 'Selection in src/app.ts (typescript), lines 11-40:\n11: row 11\n12: row 12\n13: row 13\n[truncated: lines 14-40 of the selection not shown; call read_file with path "src/app.ts" and start_line 14]',
				summary: 'selection in src/app.ts lines 11-40',
			});
		});
	});

	describe('get_open_editors', () => {
		it('lists each open file once, with language, active and unsaved flags; hides excluded and outside files', async () => {
			const editors: OpenEditor[] = [
				{ document: file('src/math.ts'), isActive: true, isDirty: false },
				{ document: file('src/app.ts'), isActive: false, isDirty: true },
				{ document: file('src/math.ts'), isActive: false, isDirty: false },
				{ document: { fsPath: undefined, name: 'Untitled-1', languageId: 'plaintext' }, isActive: false, isDirty: true },
				{ document: { fsPath: join(tree.root, 'README.md'), name: 'README.md' }, isActive: false, isDirty: false },
				{ document: file('.env', 'dotenv'), isActive: false, isDirty: false },
				{ document: { ...file('x'), fsPath: join(tree.sibling, 'secret.txt') }, isActive: false, isDirty: false },
			];
			assert.deepEqual(await call(workspaceOf(tree, { editors }), 'get_open_editors'), {
				ok: true,
				content: [
					'Open editors (4):',
					'src/math.ts (typescript, active)',
					'src/app.ts (typescript, unsaved changes)',
					'Untitled-1 (plaintext, untitled, unsaved changes)',
					'README.md',
					'(2 more editors show files outside the workspace or excluded from the tools.)',
				].join('\n'),
				summary: '4 open editors',
			});
		});

		it('says when nothing is open', async () => {
			assert.deepEqual(await call(workspaceOf(tree), 'get_open_editors'), { ok: true, content: 'No editors are open.', summary: 'no open editors' });
		});
	});

	describe('get_diagnostics', () => {
		const problem = (relative: string, severity: DiagnosticEntry['severity'], line: number, message: string, extra: Partial<DiagnosticEntry> = {}): DiagnosticEntry => ({
			fsPath: join(tree.root, relative), severity, startLine: line, startColumn: 5, endLine: line, endColumn: 9, message, ...extra,
		});
		const problems = () => [
			problem('src/math.ts', 'warning', 7, '\'b\' is declared but never used.', { source: 'ts', code: '6133' }),
			problem('src/app.ts', 'error', 3, 'Cannot find name \'consol\'.', { source: 'ts', code: '2304' }),
			problem('package.json', 'error', 2, 'Expected comma\nor closing brace', { source: 'json' }),
			problem('src/app.ts', 'hint', 1, 'Import may be converted.'),
			problem('.env', 'error', 1, `Leaks ${secret}`),
			{ ...problem('x', 'error', 1, `Outside ${secret}`), fsPath: join(tree.outside, 'secret.txt') },
		];

		it('lists problems, most severe first, then by path and position; leaves out excluded and outside files', async () => {
			assert.deepEqual(await call(workspaceOf(tree, { problems: problems() }), 'get_diagnostics'), {
				ok: true,
				content: [
					'Problems in the workspace: 2 errors, 1 warning, 1 hint',
					'package.json:2:5-2:9: error: Expected comma\n    or closing brace (json)',
					'src/app.ts:3:5-3:9: error: Cannot find name \'consol\'. (ts 2304)',
					'src/math.ts:7:5-7:9: warning: \'b\' is declared but never used. (ts 6133)',
					'src/app.ts:1:5-1:9: hint: Import may be converted.',
				].join('\n'),
				summary: '4 problems in 3 files',
			});
		});

		it('filters by file or folder, caps with a note, and explains an empty result', async () => {
			const workspace = workspaceOf(tree, { problems: problems() });
			assert.deepEqual([
				await call(workspace, 'get_diagnostics', { path: 'src/app.ts' }),
				await call(workspace, 'get_diagnostics', { path: 'src' }, { limits: { maxDiagnostics: 1 } }),
				await call(workspace, 'get_diagnostics', { path: 'README.md' }),
			], [
				{
					ok: true,
					content: 'Problems in "src/app.ts": 1 error, 1 hint\nsrc/app.ts:3:5-3:9: error: Cannot find name \'consol\'. (ts 2304)\nsrc/app.ts:1:5-1:9: hint: Import may be converted.',
					summary: '2 problems in 1 file',
				},
				{
					ok: true,
					content: 'Problems in "src": 1 error, 1 warning, 1 hint\nsrc/app.ts:3:5-3:9: error: Cannot find name \'consol\'. (ts 2304)\n[truncated: 1 of 3 problems shown, most severe first; pass path to see those of one file or folder]',
					summary: '3 problems in 2 files',
				},
				{
					ok: true,
					content: 'No problems reported for "README.md". VS Code only knows the problems of files its language tools have checked, usually the open ones; open a file or run a build to check more.',
					summary: 'no problems',
				},
			]);
		});
	});
});
