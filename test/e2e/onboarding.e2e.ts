import * as assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openChat, openFile, openWorkbench, repoRoot, screenshotDir, sendMessage, waitForChatText, type E2eSession } from '../harness/e2eSession';
import { pictureStrip, type StripFrame } from '../harness/pictureStrip';
import { enterApiKey, runCommand, setApiKey } from '../harness/workbench';
import { startFluxSimulator, type FluxSimulator } from '../sim/fluxSimulator';

/**
 * The message and buttons of the notification that matches `pattern`, read in the notification
 * center (this workbench keeps toasts hidden while tests drive it), which is then cleared.
 */
async function notification(page: Page, pattern: RegExp): Promise<{ text: string; buttons: string[] }> {
	const item = page.locator('.notifications-center .notification-list-item', { hasText: pattern }).first();
	// The message comes after a progress notification; the center is opened again until it shows
	// (a palette command run while the previous one's quick input closes can be lost).
	const deadline = Date.now() + 30_000;
	while (!await item.isVisible() && Date.now() < deadline) {
		await runCommand(page, 'Notifications: Show Notifications');
		await item.waitFor({ timeout: 3_000 }).catch(() => undefined);
	}
	await item.waitFor({ timeout: 1_000 });
	const text = (await item.locator('.notification-list-item-message').textContent()) ?? '';
	const buttons = await item.locator('.monaco-button').allTextContents();
	await runCommand(page, 'Notifications: Clear All Notifications');
	return { text, buttons };
}

/** The scripted answer the README's picture shows: prose, a code block, and the routed model's footer. */
const readmeReply = [
	'`values.reduce(add, 0)` is `0` for an empty list, and `0 / 0` is `NaN`.',
	'',
	'Decide what an empty list means and say so in the code; here, throw early:',
	'',
	'```ts',
	'export function mean(values: readonly number[]): number {',
	'\tif (values.length === 0) throw new RangeError(\'mean() of an empty list\');',
	'\treturn values.reduce(add, 0) / values.length;',
	'}',
	'```',
	'',
	'Callers that expect empty input can check `values.length` first.',
].join('\n');

describe('The first five minutes: the walkthrough and Test Connection', function () {
	this.timeout(180_000);
	let sim: FluxSimulator;
	let session: E2eSession;

	before(async () => {
		sim = await startFluxSimulator();
		session = await openWorkbench({ settings: { 'flux.baseUrl': sim.baseUrl } });
	});

	after(async function () {
		if (this.currentTest?.state === 'failed') await session?.page.screenshot({ path: join(screenshotDir, 'onboarding-failed.png') }).catch(() => undefined);
		await session?.close();
		await sim?.close();
	});

	it('without a key the empty chat offers the walkthrough, whose first step\'s button runs Set API Key; the key completes the step', async () => {
		const { page } = session;
		const chat = await openChat(page);
		const setupKey = chat.getByRole('button', { name: 'Set API Key' });
		await setupKey.waitFor({ timeout: 30_000 });
		await chat.getByRole('button', { name: 'Open Walkthrough' }).click();

		const walkthrough = page.locator('.gettingStartedContainer');
		await walkthrough.getByText('Set your FluxRouter API key').first().waitFor({ timeout: 30_000 });
		// The first step is open; its description's button is the command link.
		await walkthrough.getByRole('button', { name: 'Set API Key' }).first().click();
		const keyBox = page.locator('.quick-input-widget input[type="password"]');
		await keyBox.waitFor({ timeout: 20_000 });
		const title = await page.locator('.quick-input-widget .quick-input-title').textContent();
		await enterApiKey(page, 'sk-onboarding-e2e');

		// With a key, the empty chat no longer offers the first steps, and the step is checked off.
		await setupKey.waitFor({ state: 'hidden', timeout: 20_000 });
		// The step completes on the `flux.hasApiKey` context key, which the extension sets when a key is stored.
		await walkthrough.locator('.getting-started-step[data-step-id$="#setKey"][aria-checked="true"]').waitFor({ timeout: 20_000 });
		assert.equal(title, 'Flux: Set API Key');
	});

	it('"Flux: Test Connection" against the simulator names the models and the model that served the test', async () => {
		const { page } = session;
		sim.reset();
		sim.enqueue({ content: 'ok', model: 'claude-haiku' });
		await runCommand(page, 'Flux: Test Connection');
		const { text, buttons } = await notification(page, /Flux: connected/);
		assert.deepEqual(buttons, []);
		assert.match(text, /^Flux: connected\. This key may use 9 models: flux-auto, flux-fast, flux-standard, flux-reasoning and 5 more\. A test reply for flux-auto was served by claude-haiku in \d+ ms\.$/);
		const chats = sim.requests.filter((r) => r.path === '/v1/chat/completions');
		assert.deepEqual(chats.map((r) => ({ served: r.servedModel, maxTokens: (r.body as { max_tokens?: number }).max_tokens })), [{ served: 'claude-haiku', maxTokens: 16 }]);
	});

	it('a first question gets a routed, streamed answer that names its model (the README\'s picture of the chat)', async () => {
		const { page } = session;
		await runCommand(page, 'View: Close All Editors');
		await openFile(session, 'src/math.ts');
		await page.locator('.monaco-editor .view-lines').first().waitFor();
		sim.reset();
		// Slow enough to catch the reply while it streams.
		sim.enqueue({ model: 'claude-sonnet', content: readmeReply, ttftMs: 1500, tokenDelayMs: 150 });
		const chat = await openChat(page);
		const sidebar = page.locator('.part.sidebar');
		const frames: StripFrame[] = [];
		const shoot = async (caption: string) => {
			const box = (await sidebar.boundingBox())!;
			frames.push({ png: await page.screenshot({ clip: box }), width: Math.round(box.width), height: Math.round(box.height), caption });
		};
		await sendMessage(chat, 'Why does mean() return NaN for an empty list? Fix it.');
		await chat.locator('article[aria-label^="Flux"]').first().waitFor();
		await shoot('Sent: FluxRouter picks a model');
		await waitForChatText(chat, 'Decide what');
		await shoot('Streaming from claude-sonnet');
		const reply = chat.locator('article[aria-label="Flux, claude-sonnet"]');
		await reply.locator('.reply-facts').waitFor({ timeout: 30_000 });
		await waitForChatText(chat, 'throw early');
		await shoot('Done: tokens and cost');
		const strip = join(screenshotDir, 'streamed-reply.png');
		writeFileSync(strip, pictureStrip(frames));
		// Leave the composer, so the picture shows no focus ring or caret.
		await page.locator('.monaco-editor .view-lines').first().click();
		const picture = join(screenshotDir, 'chat.png');
		await page.screenshot({ path: picture });
		// `FLUX_README_SCREENSHOT=1` refreshes the README's picture from this run.
		if (process.env.FLUX_README_SCREENSHOT === '1') {
			copyFileSync(picture, join(repoRoot, 'media', 'screenshots', 'chat.png'));
			copyFileSync(strip, join(repoRoot, 'media', 'screenshots', 'streamed-reply.png'));
		}
		assert.equal(sim.requests.filter((r) => r.path === '/v1/chat/completions').length, 1);
	});
});

describe('Test Connection with a base URL without /v1', function () {
	this.timeout(180_000);
	let sim: FluxSimulator;
	let session: E2eSession;

	before(async () => {
		sim = await startFluxSimulator();
		// The simulator's root, without /v1: the most common setup mistake.
		session = await openWorkbench({ settings: { 'flux.baseUrl': sim.url } });
		await setApiKey(session.page, 'sk-onboarding-e2e');
	});

	after(async function () {
		if (this.currentTest?.state === 'failed') await session?.page.screenshot({ path: join(screenshotDir, 'onboarding-baseurl-failed.png') }).catch(() => undefined);
		await session?.close();
		await sim?.close();
	});

	it('explains the /v1 hint, offers Open Settings, and sends nothing', async () => {
		const { page } = session;
		await runCommand(page, 'Flux: Test Connection');
		const { text, buttons } = await notification(page, /flux\.baseUrl/);
		assert.deepEqual({ hint: text.includes('flux.baseUrl should end in /v1'), buttons, sent: sim.requests.filter((r) => r.path.includes('/chat/')).length }, { hint: true, buttons: ['Open Settings'], sent: 0 });
	});
});
