import * as assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { FakeWorkspace } from '../../fakes/fakeWorkspace';
import { call, secret, systemRipgrep } from './workspaceTree';

/** The sample project the integration tests and `npm start` open, with its fake `.env`. */
const sample = resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'workspace');

describe('tools on the sample workspace', () => {
	const workspaces = [
		new FakeWorkspace({ folders: [{ name: 'workspace', fsPath: sample }] }),
		...systemRipgrep ? [new FakeWorkspace({ folders: [{ name: 'workspace', fsPath: sample }], ripgrepPath: systemRipgrep })] : [],
	];

	it('reads, lists and searches the project, but never its .env', async () => {
		for (const workspace of workspaces) {
			const listing = await call(workspace, 'list_files', { glob: '**/*' });
			const envSearch = await call(workspace, 'search_text', { query: 'FAKE_SECRET' });
			assert.deepEqual({
				read: (await call(workspace, 'read_file', { path: 'src/math.ts', end_line: 4 })).content,
				readEnv: (await call(workspace, 'read_file', { path: '.env' })).summary,
				listed: ['src/math.ts', 'package.json', 'config.json', '.env'].map((p) => listing.content.split('\n').includes(p)),
				found: (await call(workspace, 'search_text', { query: 'export function add' })).content,
				envSearch: envSearch.content,
				leaked: [listing, envSearch].some((r) => r.content.includes(secret)),
			}, {
				read: 'File: src/math.ts (lines 1-4 of 14)\n1: /** Adds two numbers. */\n2: export function add(a: number, b: number): number {\n3: \treturn a + b;\n4: }',
				readEnv: 'refused .env: secret',
				listed: [true, true, true, false],
				found: 'src/math.ts:2: export function add(a: number, b: number): number {',
				envSearch: 'No matches for "FAKE_SECRET".',
				leaked: false,
			}, workspace.ripgrepPath ? 'ripgrep' : 'js');
		}
	});
});
