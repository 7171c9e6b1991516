import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkConnection, type ConnectionCheck } from '../../../src/commands/connectionReport';
import { validateBaseUrl } from '../../../src/flux/baseUrl';
import { FluxConfigError } from '../../../src/flux/errors';
import { FluxClient } from '../../../src/flux/fluxClient';
import { silentLogger } from '../../../src/flux/logger';
import type { UsageCost } from '../../../src/flux/pricing/usageCost';
import { startFluxSimulator, type FluxSimulator } from '../../sim/fluxSimulator';
import { apiFormats } from '../formats';

/** A web server that is not FluxRouter: every path answers `status` with an HTML page. */
async function htmlServer(status: number): Promise<{ url: string; close(): Promise<void> }> {
	const server: Server = createServer((_req, res) => {
		res.writeHead(status, { 'content-type': 'text/html' });
		res.end('<!doctype html><title>Welcome</title><p>Our home page</p>');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

for (const format of apiFormats) describe(`Test Connection's report against the Flux simulator (${format} format)`, () => {
	let sim: FluxSimulator;
	before(async () => { sim = await startFluxSimulator(); });
	after(async () => { await sim.close(); });
	beforeEach(() => sim.reset());

	/** The way the extension makes its client: the base URL checked, the key required. */
	const check = (overrides: { baseUrl?: string; apiKey?: string; model?: string } = {}): ConnectionCheck => ({
		createClient: async () => {
			const baseUrl = validateBaseUrl(overrides.baseUrl ?? sim.baseUrl);
			const apiKey = 'apiKey' in overrides ? overrides.apiKey : 'sk-test';
			if (!apiKey) throw new FluxConfigError('noApiKey', 'No FluxRouter API key.');
			return new FluxClient({ baseUrl, apiKey, logger: silentLogger, format, timeoutMs: 5000 });
		},
		model: overrides.model ?? 'flux-auto',
		// A clock that says every test reply took 250 ms, so the sentence can be compared whole.
		now: (() => { let t = 0; return () => (t += 250); })(),
	});

	it('names the models, the model that served the test and the round trip, after one list and one tiny reply', async () => {
		sim.enqueue({ content: 'ok', model: 'claude-haiku' });
		const usages: UsageCost[] = [];
		const report = await checkConnection({ ...check(), onUsage: (usage) => usages.push(usage) });
		await sim.idle();
		assert.deepEqual(report, {
			ok: true,
			message: 'Flux: connected. This key may use 9 models: flux-auto, flux-fast, flux-standard, flux-reasoning and 5 more. A test reply for flux-auto was served by claude-haiku in 250 ms.',
			actions: [],
		});
		const asked = sim.requests.map((r) => `${r.method} ${r.path}`);
		assert.deepEqual(asked, ['GET /v1/models', format === 'openai' ? 'POST /v1/chat/completions' : 'POST /anthropic/v1/messages']);
		const body = sim.requests[1].body as { max_tokens?: number };
		assert.equal(body.max_tokens, 16);
		assert.deepEqual(usages.map((u) => u.servedModel), ['claude-haiku']);
	});

	it('without a key asks for one, and sends nothing', async () => {
		const report = await checkConnection(check({ apiKey: '' }));
		assert.deepEqual(report, { ok: false, message: 'Flux: no API key is set. Set your FluxRouter key (it is kept in VS Code\'s secret storage).', actions: ['setApiKey'] });
		assert.equal(sim.requests.length, 0);
	});

	it('a refused key (401) offers Set API Key', async () => {
		sim.configure({ apiKeys: ['sk-good'] });
		const report = await checkConnection(check({ apiKey: 'sk-bad' }));
		assert.deepEqual({ ok: report.ok, actions: report.actions, says401: report.message.startsWith('Flux: FluxRouter rejected the API key (401): ') }, { ok: false, actions: ['setApiKey'], says401: true });
	});

	it('a base URL without /v1 gets the /v1 hint and Open Settings, and sends nothing', async () => {
		const report = await checkConnection(check({ baseUrl: sim.url }));
		assert.deepEqual(report, {
			ok: false,
			message: `Flux: "flux.baseUrl" must end with /v1: try ${sim.url}/v1 (got "${sim.url}"). flux.baseUrl should end in /v1 (FluxRouter's OpenAI-compatible base, for example https://api.fluxrouter.ai/v1).`,
			actions: ['openSettings'],
		});
		assert.equal(sim.requests.length, 0);
	});

	it('a base that FluxRouter does not serve (403 on the list) gets the /v1 hint', async () => {
		const report = await checkConnection(check({ baseUrl: `${sim.url}/api/v1` }));
		assert.deepEqual({ ok: report.ok, actions: report.actions, hint: report.message.includes('flux.baseUrl should end in /v1') }, { ok: false, actions: ['openSettings'], hint: true });
	});

	for (const status of [200, 404]) it(`a web page instead of FluxRouter (HTML, ${status}) gets the /v1 hint`, async () => {
		const web = await htmlServer(status);
		try {
			const report = await checkConnection(check({ baseUrl: `${web.url}/v1` }));
			assert.deepEqual({ ok: report.ok, actions: report.actions, hint: report.message.includes('flux.baseUrl should end in /v1') }, { ok: false, actions: ['openSettings'], hint: true });
		} finally {
			await web.close();
		}
	});

	it('a 402 says the billing kind in FluxRouter\'s words and lists the models that did answer', async () => {
		sim.enqueue({ fault: { kind: 'billing', reason: 'monthly_credit' } });
		const report = await checkConnection(check());
		assert.deepEqual({ ok: report.ok, actions: report.actions, billing: /^Flux: FluxRouter billing: .+ This key may use 9 models/.test(report.message) }, { ok: false, actions: ['selectModel'], billing: true });
	});

	it('no server at all is a network error that points at the base URL and the proxy settings', async () => {
		const gone = await startFluxSimulator();
		const baseUrl = gone.baseUrl;
		await gone.close();
		const report = await checkConnection(check({ baseUrl }));
		assert.deepEqual({ ok: report.ok, actions: report.actions, proxy: report.message.includes('http.proxy') }, { ok: false, actions: ['openSettings', 'openProxySettings'], proxy: true });
	});
});
