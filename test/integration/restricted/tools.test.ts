import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { FluxTestApi } from '../../../src/extension';
import { startFluxSimulator, type FluxSimulator } from '../../sim/fluxSimulator';

/**
 * Restricted Mode with the user's terminal switch on (`ask`, the default) and an allow-list: no
 * request offers a tool, run_command included, so nothing of an untrusted repository runs.
 */
describe('Tools in Restricted Mode', () => {
	let sim: FluxSimulator;
	let api: FluxTestApi;
	const config = () => vscode.workspace.getConfiguration('flux');

	before(async () => {
		sim = await startFluxSimulator();
		api = (await vscode.extensions.getExtension<FluxTestApi>('fluxchat.flux-chat')!.activate())!;
		await config().update('baseUrl', sim.baseUrl, vscode.ConfigurationTarget.Global);
		await config().update('tools.terminal.autoRun', ['echo'], vscode.ConfigurationTarget.Global);
		await api.apiKeys.set('sk-restricted-tools');
	});

	after(async () => {
		await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
		await config().update('tools.terminal.autoRun', undefined, vscode.ConfigurationTarget.Global);
		await api.apiKeys.clear();
		await sim.close();
	});

	it('offers no tools, and a run_command the model calls anyway runs nothing and shows no card', async () => {
		sim.script.push({ toolCalls: [{ id: 'call_1', name: 'run_command', arguments: { command: 'echo ran > restricted-ran.txt' } }] }, { content: 'Done.' });
		await api.runner.newChat();
		api.runner.send('run the tests');
		await api.runner.idle();
		const bodies = sim.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.body as { tools?: unknown[]; messages: { role: string; content: string | null }[] });
		const reply = api.runner.snapshot().turns.at(-1)!.reply;
		assert.deepEqual({ isTrusted: vscode.workspace.isTrusted, tools: bodies.map((b) => b.tools), ran: existsSync(join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'restricted-ran.txt')), cards: reply.tools?.map((c) => [c.name, c.status]), status: reply.status }, {
			isTrusted: false, tools: [undefined], ran: false, cards: undefined, status: 'done',
		});
	});
});
