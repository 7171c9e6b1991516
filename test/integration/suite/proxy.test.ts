import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FluxTestApi } from '../../../src/extension';
import { startFluxSimulator, type FluxSimulator } from '../../sim/fluxSimulator';
import { ForwardProxy } from '../../sim/forwardProxy';

/**
 * A chat through VS Code's `http.proxy`. VS Code sends requests for localhost directly whatever
 * the setting says, so the simulator is named by a host only the proxy can resolve: a reply at
 * all means the request went through the proxy, and the proxy's log says how.
 */
describe('Flux chat through http.proxy', () => {
	const simHost = 'flux-sim.test';
	let sim: FluxSimulator;
	let proxy: ForwardProxy;
	let api: FluxTestApi;
	const global = vscode.ConfigurationTarget.Global;

	before(async () => {
		sim = await startFluxSimulator({ apiKeys: ['sk-proxy'] });
		proxy = await ForwardProxy.start({ hosts: { [simHost]: '127.0.0.1' } });
		api = (await vscode.extensions.getExtension<FluxTestApi>('fluxchat.flux-chat')!.activate())!;
		await api.apiKeys.set('sk-proxy');
		await vscode.workspace.getConfiguration('flux').update('baseUrl', `http://${simHost}:${sim.port}/v1`, global);
		await vscode.workspace.getConfiguration('http').update('proxy', proxy.url, global);
	});

	after(async () => {
		await vscode.workspace.getConfiguration('http').update('proxy', undefined, global);
		await vscode.workspace.getConfiguration('flux').update('baseUrl', undefined, global);
		await api.apiKeys.clear();
		await proxy.close();
		await sim.close();
	});

	it('sends the chat request through the proxy and streams the reply back', async () => {
		await api.runner.newChat();
		api.runner.send('hello through the proxy');
		await api.runner.idle();
		const reply = api.runner.snapshot().turns.at(-1)!.reply;
		const target = `${simHost}:${sim.port}`;
		assert.deepEqual({
			status: reply.status,
			error: reply.error?.message,
			served: reply.meta?.servedModel,
			simulatorSaw: sim.requests.filter((r) => r.path === '/v1/chat/completions').length,
			// A CONNECT tunnel or an absolute-URI POST, whichever this VS Code's fetch uses.
			viaProxy: proxy.requests.some((r) => r.target === target && (r.method === 'CONNECT' || r.path === '/v1/chat/completions')),
		}, { status: 'done', error: undefined, served: 'claude-haiku', simulatorSaw: 1, viaProxy: true });
	});
});
