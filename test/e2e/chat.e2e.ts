import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { openChat, openWorkbench, screenshotDir, sendMessage, waitForChatText, type E2eSession } from '../harness/e2eSession';
import { enterApiKey } from '../harness/workbench';
import { startFluxSimulator, type FluxSimulator } from '../sim/fluxSimulator';

/** The chat loop as a user drives it: the real workbench, the packaged extension, the simulator. */
describe('Chatting with Flux in the workbench', function () {
	this.timeout(120_000);
	let sim: FluxSimulator;
	let session: E2eSession;
	let page: Page;
	let chat: Frame;

	const replies = () => chat.getByRole('article', { name: /^Flux/ });
	const questions = () => chat.getByRole('article', { name: /^You/ });

	const send = (text: string) => sendMessage(chat, text);
	const waitForText = (pattern: RegExp | string, timeout?: number) => waitForChatText(chat, pattern, timeout);

	before(async () => {
		sim = await startFluxSimulator({ apiKeys: ['sk-e2e-key'] });
		session = await openWorkbench({ settings: { 'flux.baseUrl': sim.baseUrl } });
		page = session.page;
		chat = await openChat(page);
		mkdirSync(screenshotDir, { recursive: true });
	});

	after(async () => {
		await session?.close();
		await sim?.close();
	});

	it('without a key, offers "Set API Key"; the key entered there answers the question', async () => {
		await send('hello there');
		// The reply's button, which answers the question once the key is set (the empty chat's own
		// Set API Key button can still be on screen for a moment, and only sets the key).
		await replies().last().getByRole('button', { name: 'Set API Key' }).click();
		await enterApiKey(page, 'sk-e2e-key');
		await waitForText(/claude-haiku/);
		assert.deepEqual(await questions().allTextContents().then((t) => t.map((s) => s.includes('hello there'))), [true]);
	});

	it('streams a reply that grows on screen and names the served model', async () => {
		const chunks = Array.from({ length: 24 }, (_, i) => `word${i} `);
		sim.script.push({ chunks, model: 'claude-sonnet', tokenDelayMs: 80, ttftMs: 100 });
		await send('explain this stack trace');
		const seen = new Set<string>();
		const last = () => replies().last();
		const deadline = Date.now() + 20_000;
		while (Date.now() < deadline) {
			const text = (await last().innerText()).trim();
			seen.add(text);
			if (text.includes('word23')) break;
			await page.waitForTimeout(25);
		}
		const partial = [...seen].filter((t) => t.includes('word0') && !t.includes('word23'));
		assert.ok(partial.length >= 3, `saw ${partial.length} intermediate states`);
		await waitForText(/claude-sonnet/);
		await page.screenshot({ path: join(screenshotDir, 'chat-streamed.png') });
	});

	it('follows a long reply down while the user stays at the end, and leaves the view alone once they scroll up', async () => {
		const transcript = chat.locator('.transcript');
		const place = () => transcript.evaluate((el) => ({ top: Math.round(el.scrollTop), fromEnd: Math.round(el.scrollHeight - el.scrollTop - el.clientHeight) }));
		const lines = (tag: string) => Array.from({ length: 80 }, (_, i) => `${tag} line ${i}\n\n`);
		// The conversation so far fits in the view: the first reply taller than the view is followed too.
		sim.script.push({ chunks: lines('follow'), tokenDelayMs: 15 });
		await send('a long answer, please');
		await waitForText('follow line 79');
		await page.waitForTimeout(300);
		const followed = await place();
		sim.script.push({ chunks: lines('reading'), tokenDelayMs: 40 });
		await send('another long answer');
		await waitForText('reading line 20');
		await transcript.evaluate((el) => { el.scrollTop -= 400; });
		const readingAt = await place();
		await waitForText('reading line 79');
		await page.waitForTimeout(300);
		const after = await place();
		assert.deepEqual({ followedToEnd: followed.fromEnd < 24, stayed: after.top === readingAt.top, leftBehind: after.fromEnd > 400 },
			{ followedToEnd: true, stayed: true, leftBehind: true }, JSON.stringify({ followed, readingAt, after }));
	});

	it('stops mid-stream: the partial reply stays, marked stopped, and the server sees the disconnect', async () => {
		sim.script.push({ chunks: Array.from({ length: 300 }, (_, i) => `t${i} `), tokenDelayMs: 50 });
		await send('write a long essay');
		await chat.getByText(/t5 /).first().waitFor();
		await chat.getByRole('button', { name: 'Stop' }).click();
		await waitForText(/Stopped/);
		await sim.idle();
		const text = await replies().last().innerText();
		assert.deepEqual({ aborted: sim.requests.at(-1)?.clientAborted, kept: text.includes('t5'), cut: !text.includes('t299') },
			{ aborted: true, kept: true, cut: true });
	});

	it('rides out a 429 with a visible countdown, then answers', async () => {
		sim.script.push({ fault: { kind: 'rateLimited', retryAfter: 2 } }, { content: 'Patience paid off.' });
		await send('are you there?');
		await waitForText(/Retrying in \d+ s/);
		await waitForText(/Patience paid off\./);
		assert.equal(sim.requests.filter((r) => r.path === '/v1/chat/completions').at(-1)?.status, 200);
	});

	it('finds the same conversation after the window reloads', async () => {
		const before = await questions().count();
		await page.reload();
		chat = await openChat(page, 'article');
		await waitForText(/Patience paid off\./);
		// The newest turns are drawn first; older ones as the view scrolls up to them.
		const deadline = Date.now() + 20_000;
		while (await questions().count() < before && Date.now() < deadline) {
			await chat.locator('.transcript').evaluate((el) => { el.scrollTop = 0; });
			await page.waitForTimeout(100);
		}
		assert.deepEqual({ questions: await questions().count(), first: (await questions().first().textContent())?.includes('hello there') },
			{ questions: before, first: true });
	});
});
