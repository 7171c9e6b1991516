import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../harness/browser';
import { installVsix, startVsCodeServer, type VsCodeServer } from '../harness/vscodeServer';
import { findWebviewFrame, openContainer, waitForWorkbench } from '../harness/workbench';

const root = resolve(__dirname, '..', '..', '..');
const vsix = process.env.FLUX_VSIX ?? join(root, 'flux-chat.vsix');
const screenshots = join(root, 'test-results');

describe('Flux Chat in the workbench (packaged .vsix, Chromium)', function () {
	this.timeout(120_000);
	let server: VsCodeServer;
	let browser: Browser;
	let page: Page;

	before(async () => {
		const extensionsDir = mkdtempSync(join(tmpdir(), 'flux-e2e-ext-'));
		await installVsix('1.139.1', vsix, extensionsDir);
		server = await startVsCodeServer({ version: '1.139.1', extensionsDir });
		browser = await launchChromium();
		page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
		await page.goto(server.url(join(root, 'test', 'fixtures', 'workspace')));
		await waitForWorkbench(page);
		mkdirSync(screenshots, { recursive: true });
	});

	after(async () => {
		await browser?.close();
		await server?.stop();
	});

	it('opens the Flux container and renders the Chat view', async () => {
		await openContainer(page, 'Flux');
		const frame = await findWebviewFrame(page, '.empty-state');
		const heading = await frame.getByRole('heading', { level: 2 }).textContent();
		const region = await frame.getByRole('region', { name: 'Chat with Flux' }).count();
		assert.deepEqual({ heading, region }, { heading: 'Chat with Flux', region: 1 });
		await page.screenshot({ path: join(screenshots, 'chat-view-empty.png') });
	});
});
