import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { openChat, openWorkbench, screenshotDir, waitForChatText, type E2eSession } from '../harness/e2eSession';
import { setApiKey } from '../harness/workbench';
import { startFluxSimulator, type FluxSimulator } from '../sim/fluxSimulator';

type Body = { messages: { role: string; content: string }[] };

/** The repository's own instructions as a user meets them: the line above the box, and a prompt file in the `/` list. */
describe('Repository instructions in the workbench', function () {
	this.timeout(120_000);
	let sim: FluxSimulator;
	let session: E2eSession;
	let page: Page;
	let chat: Frame;
	const box = () => chat.getByRole('textbox', { name: 'Message Flux' });

	before(async () => {
		sim = await startFluxSimulator();
		session = await openWorkbench({ settings: { 'flux.baseUrl': sim.baseUrl } });
		page = session.page;
		writeFileSync(join(session.workspace, 'AGENTS.md'), 'E2E-AGENTS-MARKER: answer as a pirate.\n');
		mkdirSync(join(session.workspace, '.github', 'prompts'), { recursive: true });
		writeFileSync(join(session.workspace, '.github', 'prompts', 'review.prompt.md'), '---\ndescription: Review the attached code for bugs\n---\nE2E-REVIEW-BODY: list every bug you find.\n');
		await setApiKey(page, 'sk-instructions-e2e');
		chat = await openChat(page);
		mkdirSync(screenshotDir, { recursive: true });
	});

	after(async () => {
		await session?.close();
		await sim?.close();
	});

	it('names AGENTS.md on the line above the message box, and the name opens the file', async () => {
		const name = chat.locator('.instructions-line button', { hasText: 'AGENTS.md' });
		await name.waitFor({ timeout: 30_000 });
		await name.click();
		await page.locator('.tabs-container .tab.active', { hasText: 'AGENTS.md' }).waitFor({ timeout: 30_000 });
	});

	it('lists the prompt file\'s command with its description under /, and choosing it sends its body with the words typed after it', async () => {
		await box().click();
		await box().fill('');
		await box().pressSequentially('/');
		const row = chat.locator('.suggestion', { hasText: '/review' });
		await row.waitFor({ timeout: 30_000 });
		const rowText = await row.textContent();
		try {
			await page.screenshot({ path: join(screenshotDir, 'instructions-prompt-file.png') });
		} finally {
			await row.click();
		}
		// The box may still show "/" for a moment after the click (1 run in 5 read it): wait for
		// the pick to show, up to 5 s; the assertion below still fails if it never does.
		let picked = await box().inputValue();
		for (const started = Date.now(); picked === '/' && Date.now() - started < 5_000; picked = await box().inputValue()) await page.waitForTimeout(50);
		await box().pressSequentially('focus on errors');
		sim.script.push({ content: 'Arr, no bugs.' });
		await box().press('Enter');
		await waitForChatText(chat, 'Arr, no bugs.');
		await page.screenshot({ path: join(screenshotDir, 'instructions-sent.png') });
		const body = sim.requests.filter((r) => r.path === '/v1/chat/completions').at(-1)!.body as Body;
		assert.deepEqual({
			rowText,
			picked,
			// The active editor (AGENTS.md, opened above) goes after it, as with any question.
			question: body.messages.at(-1)!.content.split('\n\nAttached by the user')[0],
			system: body.messages[0].content.includes('## AGENTS.md\n\nE2E-AGENTS-MARKER: answer as a pirate.'),
		}, {
			rowText: '/reviewReview the attached code for bugs',
			picked: '/review ',
			question: 'E2E-REVIEW-BODY: list every bug you find.\n\nfocus on errors',
			system: true,
		});
	});
});
