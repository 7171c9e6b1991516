import * as assert from 'node:assert/strict';
import { openWorkbench, type E2eSession } from '../harness/e2eSession';
import { runCommand, setApiKey } from '../harness/workbench';
import { startFluxSimulator, type FluxSimulator } from '../sim/fluxSimulator';

describe('Choosing the model in the workbench', function () {
	this.timeout(120_000);
	let sim: FluxSimulator;
	let session: E2eSession;

	before(async () => {
		sim = await startFluxSimulator();
		session = await openWorkbench({ settings: { 'flux.baseUrl': sim.baseUrl } });
		await setApiKey(session.page, 'sk-model-e2e');
	});

	after(async () => {
		await session?.close();
		await sim?.close();
	});

	it('"Flux: Select Model" lists the pinned ids from /v1/models; the status bar follows the choice', async () => {
		const { page } = session;
		await runCommand(page, 'Flux: Select Model');
		const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'flux-pinned-claude-sonnet' }).first();
		await row.waitFor({ timeout: 20_000 });
		await row.click();
		await page.locator('.statusbar-item', { hasText: 'flux-pinned-claude-sonnet' }).first().waitFor();
		// The list comes from /v1/models, and nothing else was asked. VS Code may read the list too, for
		// Flux's language model provider (1.104+), when the key is set: that is the same request again.
		const asked = sim.requests.map((r) => `${r.path} ${r.status}`);
		assert.ok(asked.length >= 1 && asked.every((r) => r === '/v1/models 200'), asked.join(', '));
	});
});
