import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FluxTestApi } from '../../../src/extension';
import { startFluxSimulator, type FluxSimulator } from '../../sim/fluxSimulator';

/** The chat loop inside a real extension host, talking to the simulator over HTTP. */
describe('Flux chat in a real VS Code', () => {
	let sim: FluxSimulator;
	let api: FluxTestApi;
	const config = () => vscode.workspace.getConfiguration('flux');

	before(async () => {
		sim = await startFluxSimulator({ apiKeys: ['sk-from-secret-storage'] });
		const ext = vscode.extensions.getExtension<FluxTestApi>('fluxchat.flux-chat');
		api = (await ext!.activate())!;
		assert.ok(api, 'the extension returns its test API under tests');
		await config().update('baseUrl', sim.baseUrl, vscode.ConfigurationTarget.Global);
	});

	after(async () => {
		await api.apiKeys.clear();
		for (const key of ['baseUrl', 'model']) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
		await sim.close();
	});

	beforeEach(async () => {
		sim.reset();
		await api.runner.newChat();
	});

	async function ask(question: string) {
		api.runner.send(question);
		await api.runner.idle();
		return api.runner.snapshot().turns.at(-1)!.reply;
	}

	it('sends the key kept in SecretStorage, and asks for one once it is cleared', async () => {
		await api.apiKeys.set('sk-from-secret-storage');
		const answered = await ask('hello');
		await api.apiKeys.clear();
		const keyless = await ask('hello again');
		assert.deepEqual(
			{ answered: [answered.status, answered.meta?.servedModel], keyless: [keyless.status, keyless.error?.actions] },
			{ answered: ['done', 'claude-haiku'], keyless: ['error', ['setApiKey']] },
		);
		assert.equal(sim.requests.filter((r) => r.path === '/v1/chat/completions').length, 1);
	});

	it('applies a changed model and system prompt from the next turn', async () => {
		await api.apiKeys.set('sk-from-secret-storage');
		await ask('first');
		await config().update('model', 'flux-pinned-claude-sonnet', vscode.ConfigurationTarget.Global);
		await config().update('systemPrompt', 'Answer in French.', vscode.ConfigurationTarget.Global);
		const second = await ask('second');
		await config().update('systemPrompt', undefined, vscode.ConfigurationTarget.Global);
		const requests = sim.requests.filter((r) => r.path === '/v1/chat/completions');
		assert.deepEqual({
			models: requests.map((r) => r.requestedModel),
			served: second.meta?.servedModel,
			routed: second.meta?.routed,
			system: (requests[1].body as { messages: { role: string; content: string }[] }).messages[0],
		}, {
			models: ['flux-auto', 'flux-pinned-claude-sonnet'],
			served: 'claude-sonnet',
			routed: false,
			system: { role: 'system', content: 'Answer in French.' },
		});
	});

	it('explains a base URL without /v1 instead of calling it', async () => {
		await api.apiKeys.set('sk-from-secret-storage');
		await config().update('baseUrl', sim.baseUrl.replace(/\/v1$/, ''), vscode.ConfigurationTarget.Global);
		const reply = await ask('hello');
		await config().update('baseUrl', sim.baseUrl, vscode.ConfigurationTarget.Global);
		assert.deepEqual({ status: reply.status, actions: reply.error?.actions, hint: /must end with \/v1/.test(reply.error?.message ?? '') },
			{ status: 'error', actions: ['openSettings'], hint: true });
	});

	it('keeps the conversation in workspace storage for the next window', async () => {
		await api.apiKeys.set('sk-from-secret-storage');
		await ask('keep this');
		// A reload creates a new session from the same storage; the snapshot is what it restores.
		const { turns } = api.runner.snapshot();
		assert.deepEqual(turns.map((t) => [t.question, t.reply.status]), [['keep this', 'done']]);
	});
});

/** The status-bar item follows the open conversation's model, not only the `flux.model` default. */
describe('The model status-bar item in a real VS Code', () => {
	let api: FluxTestApi;

	before(async () => {
		api = (await vscode.extensions.getExtension<FluxTestApi>('fluxchat.flux-chat')!.activate())!;
	});

	after(() => api.runner.newChat());

	it('shows the conversation\'s pin after setPin, the default again after unpinning, and the new chat\'s model after switching', () => {
		api.runner.newChat();
		const shown: Record<string, string> = { before: api.statusText() };
		api.runner.setPin('flux-pinned-gpt-5');
		shown.pinned = api.statusText();
		api.runner.setPin(undefined);
		shown.unpinned = api.statusText();
		api.runner.setPin('flux-reasoning');
		api.runner.newChat();
		shown.newChat = api.statusText();
		const model = vscode.workspace.getConfiguration('flux').get<string>('model');
		assert.deepStrictEqual(shown, {
			before: `$(sparkle) ${model}`,
			pinned: '$(pinned) flux-pinned-gpt-5',
			unpinned: `$(sparkle) ${model}`,
			newChat: `$(sparkle) ${model}`,
		});
	});
});
