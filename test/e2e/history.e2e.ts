import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { openChat, openWorkbench, screenshotDir, sendMessage, type E2eSession } from '../harness/e2eSession';
import { runCommand, setApiKey } from '../harness/workbench';
import { startFluxSimulator, type FluxSimulator } from '../sim/fluxSimulator';

/** History, export and per-turn escalation as a user drives them in the workbench. */
describe('Conversations in the workbench: history, export, retry with a stronger model', function () {
	this.timeout(120_000);
	let sim: FluxSimulator;
	let session: E2eSession;
	let page: Page;
	let chat: Frame;

	const replies = () => chat.getByRole('article', { name: /^Flux/ });

	async function ask(text: string, served: string): Promise<void> {
		await sendMessage(chat, text);
		await chat.getByRole('article', { name: `Flux, ${served}` }).last().waitFor({ timeout: 30_000 });
	}

	before(async () => {
		sim = await startFluxSimulator({ apiKeys: ['sk-e2e-history'] });
		session = await openWorkbench({ settings: { 'flux.baseUrl': sim.baseUrl, 'flux.tools.enabled': false } });
		page = session.page;
		chat = await openChat(page);
		await setApiKey(page, 'sk-e2e-history');
		mkdirSync(screenshotDir, { recursive: true });
	});

	after(async () => {
		await session?.close();
		await sim?.close();
	});

	it('search finds an old conversation and opens it', async () => {
		sim.script.push({ content: 'Lifetimes tell the borrow checker how long references live.', model: 'claude-sonnet' });
		await ask('How do lifetimes work in Rust?', 'claude-sonnet');
		await runCommand(page, 'Flux: New Chat');
		await chat.locator('.empty-state').waitFor();
		sim.script.push({ content: 'Use setTimeout and clearTimeout.', model: 'claude-haiku' });
		await ask('How do I debounce input?', 'claude-haiku');

		await chat.getByRole('button', { name: 'Conversation history' }).click();
		await chat.getByRole('searchbox', { name: 'Search conversations' }).fill('borrow checker');
		// The list answering the search (not the full list shown on opening) marks the match.
		const rows = chat.getByRole('listitem').filter({ hasText: 'How do lifetimes work in Rust?' });
		await rows.locator('mark', { hasText: /borrow/i }).first().waitFor();
		assert.equal(await chat.getByRole('listitem').filter({ hasText: 'debounce' }).count(), 0);
		await page.screenshot({ path: join(screenshotDir, 'history-search.png') });
		// The row's facts end with its cost, and none of them is cut off in the side bar.
		const meta = rows.first().locator('.history-meta');
		assert.match(await meta.innerText(), /· \$\d/);
		assert.equal(await meta.evaluate((el) => el.scrollWidth <= el.clientWidth), true, 'the facts fit');
		await rows.first().getByText('How do lifetimes work in Rust?').click();
		await chat.getByRole('article', { name: /^You/ }).filter({ hasText: 'How do lifetimes work in Rust?' }).waitFor();
		assert.deepEqual(await chat.getByRole('article', { name: /^You/ }).allInnerTexts().then((t) => t.map((s) => s.includes('lifetimes'))), [true]);
	});

	it('"Retry with a stronger model" answers that turn with flux-reasoning and shows its model', async () => {
		await replies().last().hover();
		await chat.getByRole('button', { name: 'Retry with a stronger model' }).last().click();
		await chat.getByRole('article', { name: /^Flux, deepseek-v4/ }).waitFor({ timeout: 30_000 });
		const request = sim.requests.filter((r) => r.path === '/v1/chat/completions').at(-1);
		assert.deepEqual([request?.requestedModel, request?.servedModel], ['flux-reasoning', 'deepseek-v4']);
		await page.screenshot({ path: join(screenshotDir, 'retry-stronger.png') });
	});

	it('"Export Conversation..." writes the Markdown file where the user says', async () => {
		const target = join(session.workspace, 'rust-lifetimes.md');
		await runCommand(page, 'Flux: Export Conversation...');
		await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Markdown' }).first().click();
		// VS Code for the Web asks for the path in its own simple file dialog.
		const input = page.locator('.quick-input-widget input');
		await page.waitForFunction(() => /\.md$/.test((document.querySelector('.quick-input-widget input') as HTMLInputElement | null)?.value ?? ''));
		await input.fill(target);
		await input.press('Enter');
		const deadline = Date.now() + 15_000;
		while (!existsSync(target) && Date.now() < deadline) await page.waitForTimeout(100);
		const markdown = readFileSync(target, 'utf8');
		assert.match(markdown, /^# How do lifetimes work in Rust\?\n/);
		assert.match(markdown, /> version 2 of 2 · deepseek-v4 \((?:routed by|asked) flux-reasoning\) · \d+ in \/ \d+ out tokens/);
	});
});
