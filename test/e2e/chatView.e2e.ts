import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openChat, openWorkbench, screenshotDir, type E2eSession } from '../harness/e2eSession';

describe('Flux Chat in the workbench (packaged .vsix, Chromium)', function () {
	this.timeout(120_000);
	let session: E2eSession;

	before(async () => {
		session = await openWorkbench();
		mkdirSync(screenshotDir, { recursive: true });
	});

	after(async () => {
		await session?.close();
	});

	it('opens the Flux container and renders the Chat view', async () => {
		const frame = await openChat(session.page, '.empty-state');
		const heading = await frame.getByRole('heading', { level: 2 }).textContent();
		const region = await frame.getByRole('region', { name: 'Chat with Flux' }).count();
		assert.deepEqual({ heading, region }, { heading: 'Chat with Flux', region: 1 });
		await session.page.screenshot({ path: join(screenshotDir, 'chat-view-empty.png') });
	});
});
