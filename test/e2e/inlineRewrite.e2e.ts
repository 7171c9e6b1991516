import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openFile, openWorkbench, screenshotDir, type E2eSession } from '../harness/e2eSession';
import { setApiKey } from '../harness/workbench';
import { startFluxSimulator, type FluxSimulator } from '../sim/fluxSimulator';

/**
 * The inline rewrite (`flux.rewrite.preview`: inline, the default) as a user sees it in the
 * workbench: the proposal grows in the editor itself, and the CodeLens or a key keeps or drops it.
 */
describe('Flux inline rewrite in the workbench', function () {
	this.timeout(120_000);
	let sim: FluxSimulator;
	let session: E2eSession;
	let page: Page;

	const original = 'export function greet(name: string): string {\n\treturn `Hello, ${name}!`;\n}';
	const proposal = 'export function greet(name: string): string {\n\tconst trimmed = name.trim();\n\tconst shown = trimmed || \'stranger\';\n\tconst greeting = `Welcome, ${shown}!`;\n\treturn greeting;\n}';

	/**
	 * The active editor's lines as drawn: Monaco places its line elements by `top`, not in DOM
	 * order, and draws spaces as no-break spaces. All of greet.ts fits on the screen.
	 */
	async function editorLines(): Promise<string[]> {
		return page.evaluate(() => {
			const lines = [...document.querySelectorAll<HTMLElement>('.editor-group-container.active .monaco-editor .view-lines .view-line')];
			return lines.sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top)).map((l) => (l.textContent ?? '').replace(/\u00a0/g, ' '));
		});
	}

	/** The CodeLens entries shown in the active editor. */
	function codeLens(title: string) {
		return page.locator('.editor-group-container.active .monaco-editor .codelens-decoration a', { hasText: title }).first();
	}

	/** Selects all of greet.ts and asks for a rewrite with Ctrl+Alt+W, as a user does. */
	async function askRewrite(instruction: string): Promise<void> {
		await page.locator('.monaco-editor .view-lines').first().click();
		await page.keyboard.press('Control+A');
		await page.keyboard.press('Control+Alt+W');
		const input = page.locator('.quick-input-widget input');
		await input.waitFor();
		await input.fill(instruction);
		await input.press('Enter');
	}

	/** The proposal as the model sends it: the replace_selection arguments in pieces. */
	function scriptProposal(tokenDelayMs: number): void {
		const argumentChunks = JSON.stringify({ code: proposal }).match(/[\s\S]{1,8}/g)!;
		sim.script.push({ toolCalls: [{ name: 'replace_selection', argumentChunks }], tokenDelayMs });
	}

	/** A text as the editor draws it: a tab at a line's start as four spaces (tab size 4). */
	const drawn = (text: string) => text.replace(/\t/g, '    ');

	/** The lines as one text, without the empty line after the file's last line end. */
	const shownText = (lines: string[]) => lines.join('\n').replace(/\n+$/, '');

	before(async () => {
		sim = await startFluxSimulator();
		// Auto-save off, as on the desktop: VS Code for the Web saves after a second by default, and
		// a file that auto-saves gets the diff editor instead (a save would end an inline proposal).
		session = await openWorkbench({ settings: { 'flux.baseUrl': sim.baseUrl, 'files.autoSave': 'off' } });
		page = session.page;
		await setApiKey(page, 'sk-inline-e2e');
		await openFile(session, 'src/greet.ts');
		await page.locator('.monaco-editor .view-lines').first().waitFor();
	});

	after(async () => {
		await session?.close();
		await sim?.close();
	});

	it('the proposal grows in the editor below the original lines; the CodeLens Accept keeps it', async () => {
		// Pieces of eight characters, 250 ms apart: about six seconds of streaming.
		scriptProposal(250);
		await askRewrite('greet strangers too');
		const accept = codeLens('Accept');
		// Every distinct picture of the editor until the proposal is whole (Accept shows then).
		const seen: string[] = [];
		let shotTaken = false;
		const deadline = Date.now() + 60_000;
		while (!await accept.isVisible()) {
			if (Date.now() > deadline) throw new Error(`no Accept CodeLens within 60 s; the editor showed: ${JSON.stringify(seen)}`);
			const text = shownText(await editorLines());
			if (seen.at(-1) !== text) seen.push(text);
			if (!shotTaken && text.includes('const greeting')) {
				await page.screenshot({ path: join(screenshotDir, 'inline-rewrite-streaming.png') });
				shotTaken = true;
			}
			await page.waitForTimeout(40);
		}
		// Part of the proposal under the whole original, the rest of it still to come.
		const intermediate = seen.filter((text) => text.startsWith(drawn(original)) && text.includes('    const trimmed') && !text.includes('return greeting;'));
		const whole = shownText(await editorLines());
		const titles = await page.locator('.editor-group-container.active .monaco-editor .codelens-decoration a').allInnerTexts();
		await page.screenshot({ path: join(screenshotDir, 'inline-rewrite-proposal.png') });
		await accept.click();
		await codeLens('Discard').waitFor({ state: 'detached' });
		const accepted = shownText(await editorLines());
		await page.screenshot({ path: join(screenshotDir, 'inline-rewrite-accepted.png') });
		assert.deepEqual({
			intermediate: intermediate.length >= 3 || seen,
			whole, titles, accepted,
		}, {
			intermediate: true,
			// The removed line stays above the added ones until a decision; the lines both share once.
			whole: drawn('export function greet(name: string): string {\n\treturn `Hello, ${name}!`;\n\tconst trimmed = name.trim();\n\tconst shown = trimmed || \'stranger\';\n\tconst greeting = `Welcome, ${shown}!`;\n\treturn greeting;\n}'),
			titles: ['Accept (Ctrl+Enter)', 'Discard (Escape)', 'Review in Diff'],
			accepted: drawn(proposal),
		});
	});

	it('Ctrl+Enter accepts a proposal; Escape discards the next one', async () => {
		const before = shownText(await editorLines());
		const first = 'export function greet(name: string): string {\n\treturn `Good day, ${name}!`;\n}';
		sim.script.push({ toolCalls: [{ name: 'replace_selection', arguments: { code: first } }] });
		await askRewrite('say good day');
		await codeLens('Accept').waitFor({ timeout: 30_000 });
		const proposed = shownText(await editorLines());
		await page.keyboard.press('Control+Enter');
		await codeLens('Discard').waitFor({ state: 'detached' });
		const accepted = shownText(await editorLines());

		sim.script.push({ toolCalls: [{ name: 'replace_selection', arguments: { code: first.replace('Good day', 'Goodbye') } }] });
		await askRewrite('say goodbye');
		await codeLens('Accept').waitFor({ timeout: 30_000 });
		const shown = shownText(await editorLines());
		await page.screenshot({ path: join(screenshotDir, 'inline-rewrite-escape.png') });
		await page.keyboard.press('Escape');
		await codeLens('Discard').waitFor({ state: 'detached' });
		assert.deepEqual({
			proposed: proposed.includes('Good day') && proposed.includes(before.split('\n')[1]),
			accepted,
			shown: shown.includes('Goodbye') && shown.includes('Good day'),
			discarded: shownText(await editorLines()),
		}, { proposed: true, accepted: drawn(first), shown: true, discarded: drawn(first) });
	});
});
