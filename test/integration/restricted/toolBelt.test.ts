import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FluxTestApi } from '../../../src/extension';
import { setAiFeatures } from '../aiFeatures';
import { startFluxSimulator, type FluxSimulator } from '../../sim/fluxSimulator';

const weather = 'fluxTest_weather_today';

/**
 * Restricted Mode with a tool of another extension switched on and always allowed: VS Code lists
 * it, but Flux offers it to no request, and a call the model sends anyway runs nothing.
 */
describe('Tool belt in Restricted Mode', () => {
	let sim: FluxSimulator;
	let api: FluxTestApi;
	const config = () => vscode.workspace.getConfiguration('flux');

	before(async () => {
		sim = await startFluxSimulator();
		api = (await vscode.extensions.getExtension<FluxTestApi>('fluxchat.flux-chat')!.activate())!;
		await config().update('baseUrl', sim.baseUrl, vscode.ConfigurationTarget.Global);
		await api.apiKeys.set('sk-restricted-belt');
		await api.toolChoices.choose([weather], []);
		await api.toolChoices.allowAlways(weather);
		await setAiFeatures(true);
	});

	after(async () => {
		await setAiFeatures(false);
		await api.toolChoices.choose([], []);
		await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
		await api.apiKeys.clear();
		await sim.close();
	});

	it('offers no tool of another extension, and one the model calls anyway runs nothing', async () => {
		const toolExtension = vscode.extensions.getExtension<{ calls: unknown[] }>('fluxchat-test.lm-tool');
		assert.ok(toolExtension, 'the lm-tool test extension is not loaded');
		const { calls } = await toolExtension.activate();
		const deadline = Date.now() + 20_000;
		while (!vscode.lm.tools.some((t) => t.name === weather) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
		sim.script.push({ toolCalls: [{ id: 'call_1', name: 'fluxTest_weather_today', arguments: { city: 'Berlin' } }] }, { content: 'Done.' });
		await api.runner.newChat();
		api.runner.send('what is the weather');
		await api.runner.idle();
		const bodies = sim.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.body as { tools?: unknown[] });
		const reply = api.runner.snapshot().turns.at(-1)!.reply;
		assert.deepEqual({
			isTrusted: vscode.workspace.isTrusted, listed: vscode.lm.tools.some((t) => t.name === weather),
			tools: bodies.map((b) => b.tools), calls, cards: reply.tools?.map((c) => [c.name, c.status]), status: reply.status,
		}, { isTrusted: false, listed: true, tools: [undefined], calls: [], cards: undefined, status: 'done' });
	});
});
