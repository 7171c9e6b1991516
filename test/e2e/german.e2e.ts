import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { openChat, openWorkbench, repoRoot, screenshotDir, type E2eSession } from '../harness/e2eSession';
import { findWebviewFrame, resizeSidebar, runCommand } from '../harness/workbench';
import { startFluxSimulator, type FluxSimulator } from '../sim/fluxSimulator';

/**
 * Flux Chat in a German VS Code (1.139.1, the version the other e2e tests use). The marketplace's
 * German language pack cannot be downloaded here, so a fake pack (fixtures/german-language-pack)
 * translates a few workbench strings; it is what makes VS Code run in German
 * (`vscode.env.language` is `de` only when a pack for `de` is installed). Everything of Flux's
 * checked below comes from its own package.nls.de.json and l10n/bundle.l10n.de.json.
 */

const readJson = (path: string): Record<string, string> => JSON.parse(readFileSync(join(repoRoot, path), 'utf8')) as Record<string, string>;
const nls = readJson('package.nls.json');
const nlsDe = readJson('package.nls.de.json');
const bundleDe = readJson('l10n/bundle.l10n.de.json');

/** The German for an English template, which must differ from it so the test can tell them apart. */
function german(english: string): string {
	const text = bundleDe[english];
	assert.ok(text && text !== english, `no German for "${english}"`);
	return text;
}

/** A contributed string in both languages, by its package.nls key. */
function contributed(key: string): { en: string; de: string } {
	const [en, de] = [nls[key], nlsDe[key]];
	assert.ok(en && de && de !== en, `no German for ${key}`);
	return { en, de };
}

/** "Flux: API-Schlüssel festlegen": the palette's title of Flux's Set API Key command (its category is "Flux" in both). */
const setApiKeyTitle = { en: `${nls['command.category']}: ${contributed('command.setApiKey.title').en}`, de: `${nlsDe['command.category']}: ${contributed('command.setApiKey.title').de}` };

const sidebarWidth = 300;

/** Every text and label a user (or a screen reader) meets in the webview. */
function shownTexts(chat: Frame): Promise<string[]> {
	return chat.locator('body').evaluate((body) => {
		const texts: string[] = [];
		const walker = body.ownerDocument.createTreeWalker(body, NodeFilter.SHOW_TEXT);
		for (let node = walker.nextNode(); node; node = walker.nextNode()) {
			const parent = node.parentElement;
			if (parent?.closest('script, [hidden]')) continue;
			texts.push(node.textContent ?? '');
		}
		for (const el of Array.from(body.querySelectorAll('[title], [aria-label], [placeholder]'))) {
			for (const name of ['title', 'aria-label', 'placeholder']) {
				const value = el.getAttribute(name);
				if (value) texts.push(value);
			}
		}
		return texts.map((t) => t.trim()).filter(Boolean);
	});
}

describe('Flux Chat in a German VS Code', function () {
	this.timeout(120_000);
	let sim: FluxSimulator;
	let session: E2eSession;
	let page: Page;

	before(async () => {
		sim = await startFluxSimulator({ apiKeys: ['sk-german-e2e'] });
		session = await openWorkbench({
			settings: { 'flux.baseUrl': sim.baseUrl },
			languagePack: join(repoRoot, 'test', 'e2e', 'fixtures', 'german-language-pack'),
		});
		page = session.page;
		mkdirSync(screenshotDir, { recursive: true });
	});

	after(async () => {
		await session?.close();
		await sim?.close();
	});

	it('shows the empty chat, its message box and <html lang> in German, from the l10n bundle', async () => {
		const chat = await openChat(page);
		assert.equal(await chat.evaluate(() => document.documentElement.lang), 'de');
		const hint = 'Ask a question below. Enter sends, Shift+Enter starts a new line.';
		await chat.getByText(german(hint)).waitFor();
		assert.equal(await chat.getByText(hint).count(), 0);
		const box = chat.getByRole('textbox', { name: german('Message Flux') });
		assert.equal(await box.getAttribute('placeholder'), german('Ask Flux anything'));
		assert.equal(await chat.getByRole('textbox', { name: 'Message Flux' }).count(), 0);
	});

	it('runs the workbench in German (the fake pack\'s core strings)', async () => {
		await page.keyboard.press('Control+Shift+P');
		const input = page.locator('.quick-input-widget input');
		await input.waitFor();
		assert.equal(await input.getAttribute('placeholder'), 'Geben Sie den Namen eines auszuführenden Befehls ein.');
		await page.keyboard.press('Escape');
	});

	it('lists Flux\'s commands under their German titles, from package.nls.de.json', async () => {
		const input = page.locator('.quick-input-widget input');
		await page.keyboard.press('Control+Shift+P');
		await input.waitFor();
		await input.fill(`>${setApiKeyTitle.de}`);
		// A translated workbench shows each command's English title in small print under it (so
		// English searches still work); the title itself, the row's accessible name, is the German one.
		const rows = page.locator('.quick-input-list .monaco-list-row');
		await rows.and(page.locator(`[aria-label="${setApiKeyTitle.de}"]`)).first().waitFor({ timeout: 30_000 });
		const shown = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') ?? ''));
		await page.keyboard.press('Escape');
		assert.ok(!shown.some((label) => label.includes(setApiKeyTitle.en)), `English title in ${JSON.stringify(shown)}`);
	});

	it('asks for the key in a box whose prompt and checks come from vscode.l10n.t', async () => {
		await runCommand(page, setApiKeyTitle.de);
		const box = page.locator('.quick-input-widget input[type="password"]');
		await box.waitFor();
		const message = page.locator('.quick-input-widget .quick-input-message');
		const prompt = 'Your FluxRouter API key. It is kept in VS Code\'s secret storage, never in settings.';
		await message.filter({ hasText: german(prompt) }).waitFor();
		assert.equal(await page.locator('.quick-input-widget .quick-input-title').innerText(), german('Flux: Set API Key'));
		await box.fill('has a space');
		await message.filter({ hasText: german('A key has no spaces.') }).waitFor();
		assert.equal(await page.locator('.quick-input-widget', { hasText: prompt }).count(), 0);
		await box.fill('sk-german-e2e');
		await box.press('Enter');
		await box.waitFor({ state: 'hidden' });
	});

	it('answers with German small print (3.167 Tokens, 0,0032 $), fits a 300 px side bar, and shows no English', async () => {
		const chat = await openChat(page);
		const composer = chat.getByRole('textbox', { name: german('Message Flux') });
		await composer.fill('Wie funktioniert der Router?');
		await composer.press('Enter');
		const facts = chat.locator('.reply-facts').last();
		// "3.167 + 41 Tokens · erstes Token 201 ms · 0,0032 $": German words and numbers, $ after.
		await chat.waitForFunction(() => /\$/.test(document.querySelector('.reply-facts')?.textContent ?? ''), undefined, { timeout: 30_000 });
		const small = await facts.innerText();
		// Thousands grouped with dots ("3.167"; the prompt with the tool list is over 1,000 tokens).
		assert.match(small, /^\d{1,3}(\.\d{3})* \+ \d{1,3}(\.\d{3})* Tokens · erstes Token /);
		assert.match(small, /0,\d{4}\s\$$/);
		assert.doesNotMatch(small, /\$\d|\d,\d{3} \+|tokens|first token/);
		assert.match(await chat.locator('.spend').innerText(), /0,\d+\s\$/);

		const width = await resizeSidebar(page, sidebarWidth);
		assert.ok(Math.abs(width - sidebarWidth) <= 2, `side bar is ${width} px wide`);
		// German words are longer: nothing in the header may reach past its edges.
		const overflowing = await chat.locator('header.chat-header').evaluate((header) => {
			const edge = header.getBoundingClientRect();
			return Array.from(header.querySelectorAll('*'))
				.map((el) => ({ el, box: el.getBoundingClientRect() }))
				.filter(({ box }) => box.width > 0 && (box.right > edge.right + 0.5 || box.left < edge.left - 0.5))
				.map(({ el }) => `${el.tagName.toLowerCase()}.${el.className}`);
		});
		await page.screenshot({ path: join(screenshotDir, 'german-chat.png') });
		assert.deepEqual(overflowing, []);

		// No English template the bundle translates shows anywhere in the chat.
		const english = new Set(Object.keys(bundleDe).filter((k) => bundleDe[k] !== k && !/\{\d+\}/.test(k)));
		const untranslated = (await shownTexts(chat)).filter((text) => english.has(text));
		assert.deepEqual(untranslated, []);
	});

	it('opens the walkthrough with German step titles and the German page beside each (media/walkthrough/*.nls.de.md)', async () => {
		await runCommand(page, `${nlsDe['command.category']}: ${contributed('command.openWalkthrough.title').de}`);
		const walkthrough = page.locator('.gettingStartedContainer');
		await walkthrough.getByText(contributed('walkthrough.gettingStarted.setKey.title').de).first().waitFor({ timeout: 30_000 });
		// The step's page is Markdown rendered in a webview: its heading comes from setKey.nls.de.md.
		const heading = (file: string) => readFileSync(join(repoRoot, 'media', 'walkthrough', file), 'utf8').split('\n')[0].replace(/^#\s*/, '');
		const [de, en] = [heading('setKey.nls.de.md'), heading('setKey.md')];
		const pageFrame = await findWebviewFrame(page, `h1:has-text("${de}")`);
		assert.equal(await pageFrame.locator('h1', { hasText: en }).count(), 0);
		await page.screenshot({ path: join(screenshotDir, 'german-walkthrough.png') });
	});
});
