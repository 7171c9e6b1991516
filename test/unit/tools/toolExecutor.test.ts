import * as assert from 'node:assert/strict';
import { ToolName } from '../../../src/tools/toolDefinitions';
import type { ToolResult } from '../../../src/tools/toolExecutor';
import { editToolDefinitions, executeTool, terminalToolDefinitions, toolDefinitions } from '../../../src/tools/toolExecutor';
import type { WorkspaceTree } from './workspaceTree';
import { call, createWorkspaceTree, workspaceOf } from './workspaceTree';

describe('executeTool', () => {
	let tree: WorkspaceTree;
	before(async () => { tree = await createWorkspaceTree(); });
	after(() => tree.remove());

	it('offers six read-only tools, two edit tools and run_command, one definition per name, with schemas that name real parameters', () => {
		const summary = [...toolDefinitions, ...editToolDefinitions, ...terminalToolDefinitions].map((f) => {
			const parameters = f.parameters as { type: string; properties: Record<string, unknown>; required?: string[]; additionalProperties: boolean };
			return {
				name: f.name,
				describedWell: (f.description ?? '').length > 150,
				parameters: Object.keys(parameters.properties),
				required: parameters.required ?? [],
				closed: parameters.type === 'object' && parameters.additionalProperties === false,
			};
		});
		assert.deepEqual(summary, [
			{ name: 'read_file', describedWell: true, parameters: ['path', 'start_line', 'end_line'], required: ['path'], closed: true },
			{ name: 'list_files', describedWell: true, parameters: ['path', 'glob'], required: [], closed: true },
			{ name: 'search_text', describedWell: true, parameters: ['query', 'is_regex', 'include', 'case_sensitive'], required: ['query'], closed: true },
			{ name: 'get_selection', describedWell: true, parameters: [], required: [], closed: true },
			{ name: 'get_open_editors', describedWell: true, parameters: [], required: [], closed: true },
			{ name: 'get_diagnostics', describedWell: true, parameters: ['path'], required: [], closed: true },
			{ name: 'edit_file', describedWell: true, parameters: ['path', 'old_text', 'new_text', 'replace_all'], required: ['path', 'old_text', 'new_text'], closed: true },
			{ name: 'create_file', describedWell: true, parameters: ['path', 'content', 'overwrite'], required: ['path', 'content'], closed: true },
			{ name: 'run_command', describedWell: true, parameters: ['command', 'cwd', 'timeout_seconds'], required: ['command'], closed: true },
		]);
		assert.deepEqual(summary.map((d) => d.name), Object.values(ToolName));
	});

	it('turns bad calls into errors the model can act on, never into exceptions', async () => {
		const workspace = workspaceOf(tree);
		// V8's own words for a JSON syntax error vary between versions.
		const parserWords = (result: ToolResult) => ({ ...result, content: result.content.replace(/valid JSON \(.*?\)\. Send/, 'valid JSON (<parser message>). Send') });
		assert.deepEqual([
			await call(workspace, 'delete_file', { path: 'a' }),
			parserWords(await call(workspace, 'read_file', '{"path": "src/math.ts"')),
			await call(workspace, 'read_file', '["src/math.ts"]'),
			await call(workspace, 'read_file', '{}'),
			await call(workspace, 'read_file', ''),
			await call(workspace, 'read_file', { path: 42 }),
			await call(workspace, 'read_file', { path: 'src/math.ts', start_line: '3' }),
			await call(workspace, 'read_file', { path: 'src/math.ts', start_line: 1.5 }),
			await call(workspace, 'read_file', { path: 'src/math.ts', start_line: 0 }),
			await call(workspace, 'read_file', { file: 'src/math.ts' }),
			await call(workspace, 'search_text', { query: 'x', is_regex: 'yes' }),
			await call(workspace, 'search_text', { query: '' }),
		], [
			{ ok: false, content: 'Error: there is no tool named "delete_file". The available tools are: read_file, list_files, search_text, get_selection, get_open_editors, get_diagnostics.', summary: 'unknown tool delete_file' },
			{
				ok: false,
				content: 'Error: the arguments are not valid JSON (<parser message>). Send one JSON object. For example: {"path": "src/index.ts", "start_line": 1, "end_line": 100}',
				summary: 'invalid JSON arguments',
			},
			{ ok: false, content: 'Error: the arguments must be a JSON object. For example: {"path": "src/index.ts", "start_line": 1, "end_line": 100}', summary: 'arguments not an object' },
			{ ok: false, content: 'Error: missing required parameter "path" (string). For example: {"path": "src/index.ts", "start_line": 1, "end_line": 100}', summary: 'missing path' },
			{
				ok: false,
				content: 'Error: read_file needs arguments: path (string, required), start_line (integer), end_line (integer). For example: {"path": "src/index.ts", "start_line": 1, "end_line": 100}',
				summary: 'missing arguments',
			},
			{ ok: false, content: 'Error: parameter "path" must be a string, not 42. For example: {"path": "src/index.ts", "start_line": 1, "end_line": 100}', summary: 'path: wrong type' },
			{ ok: false, content: 'Error: parameter "start_line" must be an integer, not "3". For example: {"path": "src/index.ts", "start_line": 1, "end_line": 100}', summary: 'start_line: wrong type' },
			{ ok: false, content: 'Error: parameter "start_line" must be an integer, not 1.5. For example: {"path": "src/index.ts", "start_line": 1, "end_line": 100}', summary: 'start_line: wrong type' },
			{ ok: false, content: 'Error: parameter "start_line" must be at least 1; lines are numbered from 1.', summary: 'start_line: below 1' },
			{
				ok: false,
				content: 'Error: read_file has no parameter "file". It takes: path (string, required), start_line (integer), end_line (integer). For example: {"path": "src/index.ts", "start_line": 1, "end_line": 100}',
				summary: 'unknown parameter file',
			},
			{ ok: false, content: 'Error: parameter "is_regex" must be a boolean, not "yes". For example: {"query": "createServer", "include": "src/**/*.ts"}', summary: 'is_regex: wrong type' },
			{ ok: false, content: 'Error: query is empty; pass the text (or regular expression) to search for.', summary: 'empty query' },
		]);
	});

	it('accepts empty arguments for tools without parameters, and null for optional ones', async () => {
		const workspace = workspaceOf(tree);
		assert.deepEqual([
			(await call(workspace, 'get_open_editors', '')).summary,
			(await call(workspace, 'get_selection', '  ')).summary,
			(await call(workspace, 'list_files', { path: null, glob: null })).summary,
		], ['no open editors', 'no active editor', 'listed workspace root (8 entries)']);
	});

	it('refuses every tool in an untrusted workspace', async () => {
		const workspace = workspaceOf(tree, { isTrusted: false });
		const results = [];
		for (const name of Object.values(ToolName)) results.push(await call(workspace, name, name === 'read_file' ? { path: 'README.md' } : name === 'search_text' ? { query: 'a' } : {}));
		assert.deepEqual(results, Object.values(ToolName).map(() => ({
			ok: false,
			content: 'Error: workspace tools are off because the user has not trusted this workspace. Answer without reading the workspace, or ask the user to paste what you need.',
			summary: 'workspace not trusted',
		})));
	});

	it('reports a call cancelled before it starts', async () => {
		const controller = new AbortController();
		controller.abort();
		assert.deepEqual(await call(workspaceOf(tree), 'read_file', { path: 'README.md' }, { signal: controller.signal }), {
			ok: false, content: 'Error: the tool call was cancelled.', summary: 'cancelled',
		});
	});

	it('reports a bug of ours as a failed call and logs it', async () => {
		const logged: string[] = [];
		const logger = { trace() {}, debug() {}, info() {}, warn() {}, error: (message: string | Error) => { logged.push(String(message).split('\n')[0]); } };
		const workspace = workspaceOf(tree);
		workspace.diagnostics = () => { throw new TypeError('boom'); };
		const result = await executeTool('get_diagnostics', '{}', { workspace, signal: new AbortController().signal, logger });
		assert.deepEqual({ result, logged }, {
			result: { ok: false, content: 'Error: get_diagnostics failed unexpectedly (boom). Try again, or use another tool.', summary: 'failed: boom' },
			logged: ['tool get_diagnostics failed: TypeError: boom'],
		});
	});
});
