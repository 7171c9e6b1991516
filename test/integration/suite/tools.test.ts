import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FluxTestApi } from '../../../src/extension';
import { startFluxSimulator, type FluxSimulator } from '../../sim/fluxSimulator';
import type { ScriptedToolCall } from '../../sim/simScript';

type Message = { role: string; content: string | null; tool_call_id?: string };

/** Workspace tools in a real VS Code on the fixture workspace, with real files and diagnostics. */
describe('Flux workspace tools in a real VS Code', () => {
	let sim: FluxSimulator;
	let api: FluxTestApi;
	const folder = () => vscode.workspace.workspaceFolders![0].uri;
	const config = () => vscode.workspace.getConfiguration('flux');

	/** Runs one turn in which the model makes `call`, and returns what the tool sent back. */
	async function toolTurn(call: ScriptedToolCall) {
		sim.script.push({ toolCalls: [{ id: 'call_1', ...call }] }, { content: 'Done.' });
		api.runner.send('use the tool');
		await api.runner.idle();
		const reply = api.runner.snapshot().turns.at(-1)!.reply;
		const second = sim.requests.filter((r) => r.path === '/v1/chat/completions')[1]?.body as { messages: Message[] } | undefined;
		const toolMessage = second?.messages.find((m) => m.role === 'tool');
		return { reply, card: reply.tools?.[0], result: toolMessage?.content ?? '' };
	}

	before(async () => {
		sim = await startFluxSimulator();
		api = (await vscode.extensions.getExtension<FluxTestApi>('fluxchat.flux-chat')!.activate())!;
		await config().update('baseUrl', sim.baseUrl, vscode.ConfigurationTarget.Global);
		await api.apiKeys.set('sk-tools-tests');
	});

	after(async () => {
		await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
		await config().update('tools.enabled', undefined, vscode.ConfigurationTarget.Global);
		await api.apiKeys.clear();
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		await sim.close();
	});

	beforeEach(async () => {
		sim.reset();
		await api.runner.newChat();
	});

	it('reads a workspace file with numbered lines and sends it back with the call id', async () => {
		const { reply, card, result } = await toolTurn({ name: 'read_file', arguments: { path: 'src/math.ts', start_line: 2, end_line: 3 } });
		assert.deepEqual({ status: reply.status, card: [card?.name, card?.status, card?.summary] }, {
			status: 'done', card: ['read_file', 'done', 'read src/math.ts lines 2-3'],
		});
		assert.match(result, /2\D+export function add\(a: number, b: number\): number \{/);
		assert.match(result, /3\D+return a \+ b;/);
	});

	it('reports the real diagnostics of a JSON file with an error', async () => {
		const uri = vscode.Uri.joinPath(folder(), 'config.json');
		await vscode.window.showTextDocument(uri);
		const deadline = Date.now() + 15_000;
		while (vscode.languages.getDiagnostics(uri).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
		const { card, result } = await toolTurn({ name: 'get_diagnostics', arguments: { path: 'config.json' } });
		assert.equal(card?.status, 'done');
		assert.match(result, /config\.json/);
		assert.match(result, /error/i);
		assert.match(result, /4:/, 'the error is on line 4, after the missing comma');
	});

	it('searches the workspace text (ripgrep from VS Code when found) with file:line matches', async () => {
		const { card, result } = await toolTurn({ name: 'search_text', arguments: { query: 'return a \\* b', is_regex: true } });
		assert.deepEqual({ status: card?.status, match: /src\/math\.ts:8:\s+return a \* b;/.test(result) }, { status: 'done', match: true });
	});

	it('gives the model the active selection with its path, language and lines', async () => {
		const editor = await vscode.window.showTextDocument(vscode.Uri.joinPath(folder(), 'src', 'math.ts'));
		editor.selection = new vscode.Selection(6, 0, 8, 1);
		const { result } = await toolTurn({ name: 'get_selection' });
		assert.match(result, /src\/math\.ts/);
		assert.match(result, /typescript/);
		assert.match(result, /7-9|lines? 7/);
		assert.match(result, /return a \* b;/);
	});

	it('refuses paths outside the workspace and secrets, as tool errors the model can read', async () => {
		const outside = await toolTurn({ name: 'read_file', arguments: { path: '../../../../etc/passwd' } });
		sim.reset();
		const secret = await toolTurn({ name: 'read_file', arguments: { path: '.env' } });
		assert.deepEqual({
			outside: [outside.card?.status, outside.result.startsWith('Error:'), outside.result.includes('root:')],
			secret: [secret.card?.status, secret.result.startsWith('Error:'), secret.result.includes('not-a-real-secret')],
			replies: [outside.reply.status, secret.reply.status],
		}, {
			outside: ['error', true, false],
			secret: ['error', true, false],
			replies: ['done', 'done'],
		});
	});

	it('offers no tools when flux.tools.enabled is off', async () => {
		await config().update('tools.enabled', false, vscode.ConfigurationTarget.Global);
		api.runner.send('read src/math.ts');
		await api.runner.idle();
		await config().update('tools.enabled', undefined, vscode.ConfigurationTarget.Global);
		assert.equal('tools' in (sim.requests.filter((r) => r.path === '/v1/chat/completions')[0].body as object), false);
	});
});
