import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { openChat, openWorkbench, screenshotDir, type E2eSession } from '../harness/e2eSession';
import { setApiKey } from '../harness/workbench';
import { startFluxSimulator, type FluxSimulator } from '../sim/fluxSimulator';

/** Restricted Mode: workspace trust on, the folder not trusted. The chat works, without tools. */
describe('Flux Chat in Restricted Mode', function () {
	this.timeout(120_000);
	let sim: FluxSimulator;
	let session: E2eSession;
	let page: Page;
	let chat: Frame;

	before(async () => {
		sim = await startFluxSimulator({ apiKeys: ['sk-restricted-e2e'] });
		session = await openWorkbench({ settings: {
			'flux.baseUrl': sim.baseUrl,
			'security.workspace.trust.enabled': true,
			// No startup dialog: the folder simply opens untrusted, in Restricted Mode.
			'security.workspace.trust.startupPrompt': 'never',
		} });
		page = session.page;
		// The view first: in Restricted Mode the workbench enables extensions a little later.
		chat = await openChat(page);
		await setApiKey(page, 'sk-restricted-e2e');
		mkdirSync(screenshotDir, { recursive: true });
	});

	after(async () => {
		await session?.close();
		await sim?.close();
	});

	it('opens the view with a one-line reason and answers a question with no tools offered', async () => {
		await chat.getByText('Restricted Mode: no tools').waitFor({ timeout: 30_000 });
		const composer = chat.getByRole('textbox', { name: 'Message Flux' });
		await composer.fill('What does src/math.ts export?');
		await composer.press('Enter');
		try {
			await chat.getByText(/claude-\w+ · routed/).first().waitFor({ timeout: 30_000 });
		} finally {
			await page.screenshot({ path: join(screenshotDir, 'restricted-mode.png') });
		}
		const requests = sim.requests.filter((r) => r.path === '/v1/chat/completions');
		assert.deepEqual(requests.map((r) => ({ status: r.status, tools: (r.body as { tools?: unknown }).tools })), [{ status: 200, tools: undefined }]);
	});
});
