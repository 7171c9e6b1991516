import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openFile, openWorkbench, screenshotDir, type E2eSession } from '../harness/e2eSession';
import { findWebviewFrame, runCommand, setApiKey } from '../harness/workbench';
import { startFluxSimulator, type FluxSimulator } from '../sim/fluxSimulator';

/** Explain and Rewrite as a user reaches them: the editor's context menu and the command palette. */
describe('Flux editor commands in the workbench', function () {
	this.timeout(120_000);
	let sim: FluxSimulator;
	let session: E2eSession;
	let page: Page;

	/** Opens a file and puts the caret in it, as the commands act on the focused editor. */
	async function openEditor(path: string): Promise<void> {
		await openFile(session, path);
		await page.locator('.monaco-editor .view-lines').first().waitFor();
		await page.locator('.monaco-editor .view-lines').first().click();
	}


	/** Picks an item of the open context menu; the menu ignores clicks while it is still opening. */
	async function clickMenuItem(label: string): Promise<void> {
		const item = page.locator('.context-view .action-item', { hasText: label }).first();
		await item.waitFor();
		await item.hover();
		await page.waitForTimeout(200);
		await item.click();
		await item.waitFor({ state: 'detached', timeout: 5000 });
	}

	before(async () => {
		sim = await startFluxSimulator();
		// Rewrite here is the diff editor's (inlineRewrite.e2e.ts has the inline proposal).
		session = await openWorkbench({ settings: { 'flux.baseUrl': sim.baseUrl, 'flux.rewrite.preview': 'diff' } });
		page = session.page;
		// The key, as a user sets it.
		await setApiKey(page, 'sk-editor-e2e');
		await openEditor('src/greet.ts');
	});

	after(async () => {
		await session?.close();
		await sim?.close();
	});

	it('Explain Selection from the context menu answers at once, with the code as the question\'s chip', async () => {
		sim.script.push({ content: 'This function greets by name.' });
		await page.keyboard.press('Control+A');
		await page.locator('.monaco-editor .view-lines').first().click({ button: 'right' });
		await clickMenuItem('Explain Selection');
		// No Enter: the answer comes on its own, under the question with the code attached.
		const chat = await findWebviewFrame(page, 'main#app');
		await chat.getByText('This function greets by name.').waitFor({ timeout: 30_000 });
		const question = chat.locator('.turn-pair').last().locator('article.question');
		const sent = (sim.requests.at(-1)?.body as { messages: { content: string }[] }).messages.at(-1)!.content;
		assert.deepEqual({
			question: await question.locator('.question-text').innerText(),
			chip: (await question.locator('.question-chips').innerText()).includes('src/greet.ts'),
			path: sent.includes('`src/greet.ts` (typescript), lines 1-3'), code: sent.includes('return `Hello, ${name}!`;'),
			box: await chat.getByRole('textbox', { name: 'Message Flux' }).inputValue(),
		}, { question: 'Explain this code.', chip: true, path: true, code: true, box: '' });
		await page.screenshot({ path: join(screenshotDir, 'explain-selection.png') });
	});

	it('Rewrite Selection from the command palette shows a diff (flux.rewrite.preview: diff); Accept applies it', async () => {
		sim.script.push({ content: '```ts\nexport function greet(name: string): string {\n\treturn `Welcome, ${name}!`;\n}\n```' });
		await openEditor('src/greet.ts');
		await page.keyboard.press('Control+A');
		await runCommand(page, 'Flux: Rewrite Selection');
		await page.locator('.quick-input-widget input').fill('say welcome');
		await page.keyboard.press('Enter');
		const tab = page.locator('.tabs-container .tab', { hasText: 'Flux proposal' });
		await tab.waitFor({ timeout: 30_000 });
		await page.screenshot({ path: join(screenshotDir, 'rewrite-diff.png') });
		await page.locator('.editor-actions .action-label[aria-label^="Accept Rewrite"]').first().click();
		await tab.waitFor({ state: 'detached' });
		await page.locator('.monaco-editor .view-lines', { hasText: 'Welcome' }).first().waitFor();
		assert.equal(await page.locator('.tabs-container .tab', { hasText: 'Flux proposal' }).count(), 0);
	});
	it('Explain Selection from the command palette explains the unit around the cursor', async () => {
		sim.script.push({ content: 'It multiplies.' });
		await openEditor('src/math.ts');
		await page.keyboard.press('Control+Home');
		for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowDown');
		await runCommand(page, 'Flux: Explain Selection');
		const chat = await findWebviewFrame(page, 'main#app');
		await chat.getByText('It multiplies.').waitFor({ timeout: 30_000 });
		const sent = (sim.requests.at(-1)?.body as { messages: { content: string }[] }).messages.at(-1)!.content;
		assert.deepEqual({ unit: sent.includes('export function multiply'), only: !sent.includes('export function add') }, { unit: true, only: true });
	});
});
