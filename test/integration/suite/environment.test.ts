import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FluxTestApi } from '../../../src/extension';
import { fakeToolEnvironment, leakMarker } from '../../fakes/fakeToolEnvironment';
import { startFluxSimulator, type FluxSimulator } from '../../sim/fluxSimulator';
import type { SimRequestRecord } from '../../sim/requestLog';
import { eventually, lmClient } from '../lmClientApi';

/**
 * The runner starts VS Code with {@link fakeToolEnvironment} set (OpenAI and Anthropic keys,
 * organisation, project, custom headers, base URLs meant for other tools): every request Flux Chat
 * makes must carry its own key and none of that.
 */
for (const format of ['openai', 'anthropic'] as const) describe(`Flux requests under other tools' environment variables (${format} format) in a real VS Code`, () => {
	const key = `sk-env-${format}`;
	let sim: FluxSimulator;
	let api: FluxTestApi;
	const config = () => vscode.workspace.getConfiguration('flux');
	const scratch = () => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'envScratch.ts');

	before(async () => {
		// Only our key is accepted: a request that carried another one is refused with a 401.
		sim = await startFluxSimulator({ apiKeys: [key] });
		api = (await vscode.extensions.getExtension<FluxTestApi>('fluxchat.flux-chat')!.activate())!;
		await config().update('baseUrl', sim.baseUrl, vscode.ConfigurationTarget.Global);
		await config().update('apiFormat', format, vscode.ConfigurationTarget.Global);
		// The rewrite's proposal in a diff tab shows that its request came back.
		await config().update('rewrite.preview', 'diff', vscode.ConfigurationTarget.Global);
		await api.apiKeys.set(key);
	});

	after(async () => {
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		await vscode.workspace.fs.delete(scratch()).then(undefined, () => undefined);
		for (const name of ['baseUrl', 'apiFormat', 'rewrite.preview']) await config().update(name, undefined, vscode.ConfigurationTarget.Global);
		await api.apiKeys.clear();
		await sim.close();
	});

	/**
	 * Runs a command that, when its request fails, waits on the buttons of its error notification:
	 * after a few seconds the test goes on to compare what was sent.
	 */
	const run = (command: string, ...args: unknown[]) => Promise.race([vscode.commands.executeCommand(command, ...args), new Promise((r) => setTimeout(r, 4000))]);

	/** A request that is not a plain success with our key alone and nothing from the environment. */
	const refused = (r: SimRequestRecord) => r.status !== 200 || r.credentialHeaders.join() !== 'authorization'
		|| JSON.stringify({ headers: r.headers, body: r.body }).toLowerCase().includes(leakMarker);

	it('sends the Flux key and none of them: a chat turn, Test Connection, a rewrite and a vscode.lm request', async function () {
		// Room for the old failure to show as a comparison: each failed step waits a few seconds.
		this.timeout(60_000);
		sim.reset();
		const environment = Object.fromEntries(Object.keys(fakeToolEnvironment).map((name) => [name, process.env[name]]));
		const made: Record<string, unknown> = {};
		const chatPath = format === 'openai' ? '/v1/chat/completions' : '/anthropic/v1/messages';

		await api.runner.newChat();
		api.runner.send('hello');
		await api.runner.idle();
		made.chat = api.runner.snapshot().turns.at(-1)!.reply.status;

		let before = sim.requests.length;
		await run('flux.testConnection');
		// VS Code may ask the language model provider for the model list meanwhile: paths, not counts.
		made.testConnection = [...new Set(sim.requests.slice(before).map((r) => r.path))].sort();

		await vscode.workspace.fs.writeFile(scratch(), new TextEncoder().encode('export const answer = 41;\n'));
		const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(scratch()));
		editor.selection = new vscode.Selection(0, 0, 0, 26);
		sim.script.push({ toolCalls: [{ name: 'replace_selection', arguments: { code: 'export const answer = 42;' } }] });
		before = sim.requests.length;
		await run('flux.rewriteSelection', { instruction: 'fix the answer' });
		made.rewrite = [sim.requests.slice(before).filter((r) => r.path === chatPath).length, vscode.window.tabGroups.activeTabGroup.activeTab?.input instanceof vscode.TabInputTextDiff];

		const lm = await lmClient();
		if (lm.hasProviderApi) {
			const [model] = await eventually(() => lm.selectChatModels({ vendor: 'flux', id: 'flux-fast' }), (models) => models.length > 0);
			made.lm = await lm.ask(model, [vscode.LanguageModelChatMessage.User('hi')]).then((reply) => reply.text.join('').length > 0, (error: Error) => error.message);
		}

		await sim.idle();
		assert.deepEqual({
			environment, made,
			paths: [...new Set(sim.requests.map((r) => r.path))].sort(),
			refused: sim.requests.filter(refused).map((r) => ({ path: r.path, status: r.status, credentials: r.credentialHeaders, headers: r.headers })),
		}, {
			environment: fakeToolEnvironment,
			made: {
				chat: 'done', testConnection: [chatPath, '/v1/models'].sort(), rewrite: [1, true],
				...(lm.hasProviderApi ? { lm: true } : {}),
			},
			paths: [chatPath, '/v1/models'].sort(),
			refused: [],
		});
	});
});
