import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { openChat, openFile, openWorkbench, screenshotDir, sendMessage, waitForChatText, type E2eSession } from '../harness/e2eSession';
import { findWebviewFrame, openContainer, runCommand, setApiKey } from '../harness/workbench';
import { startFluxSimulator, type FluxSimulator } from '../sim/fluxSimulator';

type Body = { messages: { role: string; content: string }[] };

/** Attachments and the keyboard as a user meets them: chips, `#`, Add File to Chat, Escape, the view's place. */
describe('Flux attachments in the workbench', function () {
	this.timeout(120_000);
	let sim: FluxSimulator;
	let session: E2eSession;
	let page: Page;
	let chat: Frame;
	const lastQuestion = () => (sim.requests.filter((r) => r.path === '/v1/chat/completions').at(-1)!.body as Body).messages.at(-1)!.content;
	const box = () => chat.getByRole('textbox', { name: 'Message Flux' });

	/** Sends `text` and waits for `reply` to show. */
	async function ask(text: string, reply: string): Promise<string> {
		const before = sim.requests.length;
		sim.script.push({ content: reply });
		await sendMessage(chat, text);
		await waitForChatText(chat, reply);
		assert.ok(sim.requests.length > before);
		return lastQuestion();
	}

	before(async () => {
		sim = await startFluxSimulator();
		session = await openWorkbench({ settings: { 'flux.baseUrl': sim.baseUrl } });
		page = session.page;
		await setApiKey(page, 'sk-attach-e2e');
		chat = await openChat(page);
	});

	after(async () => {
		await session?.close();
		await sim?.close();
	});

	it('sends the active editor by default, shown as a dimmed chip; one click leaves it out of the next question', async () => {
		await openFile(session, 'src/math.ts');
		const chip = chat.locator('.chip-active', { hasText: 'src/math.ts' });
		await chip.waitFor({ timeout: 30_000 });
		const withEditor = await ask('What is in my editor?', 'Maths.');
		await chip.locator('button').click();
		await chat.locator('.chip-active.chip-off').waitFor();
		const without = await ask('And without it?', 'Nothing attached.');
		await chat.locator('.chip-active:not(.chip-off)').waitFor();
		assert.deepEqual({ withEditor: withEditor.includes('`src/math.ts` (typescript), lines 1-'), without }, { withEditor: true, without: 'And without it?' });
	});

	it('# with a partial name picks a file in a subfolder that is not open; its text goes with the question', async () => {
		await box().fill('');
		await box().pressSequentially('Look at #gree');
		const row = chat.locator('.suggestion', { hasText: 'src/greet.ts' }).first();
		await row.waitFor({ timeout: 30_000 });
		await page.screenshot({ path: join(screenshotDir, 'mention-list.png') });
		await box().press('Enter');
		await chat.locator('.chip-bar .attach-chip:not(.chip-active)', { hasText: 'src/greet.ts' }).waitFor();
		const typed = await box().inputValue();
		sim.script.push({ content: 'It greets.' });
		await box().press('Enter');
		await waitForChatText(chat, 'It greets.');
		const sent = lastQuestion();
		assert.deepEqual({ typed, question: sent.startsWith('Look at'), file: sent.includes('`src/greet.ts` (typescript), lines 1-3:'), text: sent.includes('return `Hello, ${name}!`;') }, {
			typed: 'Look at ', question: true, file: true, text: true,
		});
	});

	it('Add File to Chat, then switching editors, still sends the added file', async () => {
		await openFile(session, 'src/greet.ts');
		await runCommand(page, 'Flux: Add File to Chat');
		await chat.locator('.chip-bar .attach-chip:not(.chip-active)', { hasText: 'src/greet.ts' }).waitFor({ timeout: 30_000 });
		// Switching editors as a user does: math.ts is still open in a tab from the first test.
		await page.locator('.tabs-container .tab', { hasText: 'math.ts' }).first().click();
		await page.locator('.tabs-container .tab.active', { hasText: 'math.ts' }).waitFor();
		await chat.locator('.chip-active', { hasText: 'src/math.ts' }).waitFor({ timeout: 30_000 });
		const sent = await ask('Compare them.', 'Compared.');
		assert.deepEqual([sent.includes('`src/greet.ts` (typescript), lines 1-3:'), sent.includes('`src/math.ts` (typescript)')], [true, true]);
	});

	it('Escape stops a streaming reply', async () => {
		sim.script.push({ content: Array.from({ length: 400 }, (_, i) => `word${i}`).join(' '), tokenDelayMs: 50 });
		await sendMessage(chat, 'Write a long answer.');
		await waitForChatText(chat, /word3\b/);
		await box().press('Escape');
		await chat.locator('.reply-status', { hasText: 'Stopped' }).first().waitFor({ timeout: 30_000 });
	});

	it('keeps the scroll position when the view is hidden and shown again', async () => {
		for (let i = 0; i < 3; i++) await ask(`Long answer ${i}?`, Array.from({ length: 60 }, (_, n) => `Paragraph ${i}.${n}.`).join('\n\n'));
		const transcript = chat.locator('.transcript');
		await transcript.evaluate((el) => { el.scrollTop = 200; });
		await page.waitForTimeout(600);
		const before = await transcript.evaluate((el) => ({ top: el.scrollTop, max: el.scrollHeight - el.clientHeight }));
		await openContainer(page, 'Explorer');
		await page.waitForTimeout(1000);
		await openContainer(page, 'Flux');
		chat = await findWebviewFrame(page, 'main#app');
		await waitForChatText(chat, 'Paragraph 2.59.');
		await page.waitForTimeout(500);
		const after = await chat.locator('.transcript').evaluate((el) => ({ top: el.scrollTop, max: el.scrollHeight - el.clientHeight }));
		assert.ok(before.max > 1000, `the transcript is long enough to scroll (${before.max})`);
		assert.ok(Math.abs(after.top - before.top) < 40, `scrolled to ${after.top}, was ${before.top} (bottom ${after.max})`);
	});
});
