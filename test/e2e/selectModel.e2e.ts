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
		assert.deepEqual(sim.requests.map((r) => [r.path, r.status]), [['/v1/models', 200]]);
	});
});
