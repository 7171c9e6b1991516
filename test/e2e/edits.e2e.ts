import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { openChat, openWorkbench, screenshotDir, sendMessage, waitForChatText, type E2eSession } from '../harness/e2eSession';
import { runCommand, setApiKey } from '../harness/workbench';
import { startFluxSimulator, type FluxSimulator } from '../sim/fluxSimulator';

/** The model proposes edits from the chat; the user reviews them and decides, in the real workbench. */
describe('Flux edits from the chat in the workbench', function () {
	this.timeout(120_000);
	let sim: FluxSimulator;
	let session: E2eSession;
	let page: Page;
	let chat: Frame;
	let originals: Record<string, string>;
	const disk = (relative: string) => readFileSync(join(session.workspace, relative), 'utf8');
	const card = () => chat.getByRole('region', { name: 'Proposed changes' }).last();

	before(async () => {
		sim = await startFluxSimulator();
		session = await openWorkbench({ settings: { 'flux.baseUrl': sim.baseUrl } });
		page = session.page;
		await setApiKey(page, 'sk-edits-e2e');
		chat = await openChat(page);
		originals = { math: disk('src/math.ts'), greet: disk('src/greet.ts') };
	});

	after(async () => {
		await session?.close();
		await sim?.close();
	});

	it('proposes edits to two files in one turn; nothing is written until Accept; Review opens the diff; Accept writes both', async () => {
		sim.script.push({
			toolCalls: [
				{ name: 'edit_file', arguments: { path: 'src/math.ts', old_text: 'return a * b;', new_text: 'return b * a;' } },
				{ name: 'edit_file', arguments: { path: 'src/greet.ts', old_text: 'Hello', new_text: 'Welcome' } },
			],
		}, { content: 'I proposed two small edits.' });
		await sendMessage(chat, 'Swap the product and say welcome');
		await waitForChatText(chat, 'I proposed two small edits.');
		await card().getByText('src/greet.ts').waitFor({ timeout: 30_000 });
		const text = await card().innerText();
		assert.match(text, /2 files, not written yet/);
		assert.match(text, /src\/math\.ts[^]*\+1[^]*−1/);
		assert.deepEqual({ math: disk('src/math.ts'), greet: disk('src/greet.ts') }, originals, 'nothing is written before Accept');

		await card().getByRole('button', { name: 'Review', exact: true }).click();
		// The multi-file diff editor on VS Code versions that have it, else one diff per file.
		const review = page.locator('.tabs-container .tab', { hasText: /Proposed Changes|Proposed by Flux/i }).first();
		await review.waitFor({ timeout: 30_000 });
		await page.locator('.monaco-diff-editor').first().waitFor({ timeout: 30_000 });
		await page.screenshot({ path: join(screenshotDir, 'edits-review.png') });
		assert.deepEqual({ math: disk('src/math.ts'), greet: disk('src/greet.ts') }, originals, 'nor while reviewing');

		await card().getByRole('button', { name: 'Accept', exact: true }).click();
		await card().getByText(/Accepted/).first().waitFor({ timeout: 30_000 });
		const deadline = Date.now() + 10_000;
		while ((!disk('src/math.ts').includes('return b * a;') || !disk('src/greet.ts').includes('Welcome')) && Date.now() < deadline) await page.waitForTimeout(100);
		assert.match(disk('src/math.ts'), /return b \* a;/);
		assert.match(disk('src/greet.ts'), /Welcome, \$\{name\}/);
		await card().getByRole('button', { name: 'Undo' }).waitFor();
		await page.screenshot({ path: join(screenshotDir, 'edits-accepted.png') });
	});

	it('a second proposal discarded writes nothing', async () => {
		const before = { math: disk('src/math.ts'), exists: existsSync(join(session.workspace, 'src/clamp.ts')) };
		sim.script.push({
			toolCalls: [
				{ name: 'create_file', arguments: { path: 'src/clamp.ts', content: 'export const clamp = (x: number) => Math.max(0, x);\n' } },
				{ name: 'edit_file', arguments: { path: 'src/math.ts', old_text: 'return a + b;', new_text: 'return b + a;' } },
			],
		}, { content: 'Two more proposals.' });
		await sendMessage(chat, 'Add clamp');
		await waitForChatText(chat, 'Two more proposals.');
		await card().getByText('src/clamp.ts').waitFor({ timeout: 30_000 });
		await card().getByRole('button', { name: 'Discard', exact: true }).click();
		await card().getByText('Discarded').first().waitFor({ timeout: 30_000 });
		assert.equal(await card().getByRole('button', { name: 'Accept', exact: true }).isVisible(), false);
		await page.waitForTimeout(500);
		assert.deepEqual({ math: disk('src/math.ts'), exists: existsSync(join(session.workspace, 'src/clamp.ts')) }, before);
	});

	it('Review of one file has Accept in the diff\'s title bar: that file is written, the other stays pending', async () => {
		sim.script.push({
			toolCalls: [
				{ name: 'edit_file', arguments: { path: 'src/math.ts', old_text: 'return a + b;', new_text: 'return a + b; // sum' } },
				{ name: 'create_file', arguments: { path: 'src/later.ts', content: 'export {};\n' } },
			],
		}, { content: 'One edit and one new file.' });
		await sendMessage(chat, 'Comment the sum');
		await waitForChatText(chat, 'One edit and one new file.');
		await card().getByText('src/later.ts').waitFor({ timeout: 30_000 });
		await card().getByRole('button', { name: 'Review src/math.ts' }).click();
		await page.locator('.tabs-container .tab', { hasText: 'Proposed by Flux' }).first().waitFor({ timeout: 30_000 });
		await page.locator('.editor-actions .action-label[aria-label^="Accept This File\'s Change"]').first().click();
		await card().getByText('Accepted').first().waitFor({ timeout: 30_000 });
		const deadline = Date.now() + 10_000;
		while (!disk('src/math.ts').includes('// sum') && Date.now() < deadline) await page.waitForTimeout(100);
		assert.match(disk('src/math.ts'), /return a \+ b; \/\/ sum/);
		assert.equal(existsSync(join(session.workspace, 'src/later.ts')), false);
		assert.equal(await card().getByRole('button', { name: 'Accept', exact: true }).isVisible(), true, 'the new file is still pending');
	});

	it('Review, then Retry the turn: the old diff is closed with a word why, nothing is written, and the new card writes what it shows (issue 27)', async () => {
		const before = disk('src/greet.ts');
		sim.script.push({ toolCalls: [{ name: 'edit_file', arguments: { path: 'src/greet.ts', old_text: 'Welcome', new_text: 'Hi there' } }] }, { content: 'First take on the greeting.' });
		await sendMessage(chat, 'Shorten the greeting');
		await waitForChatText(chat, 'First take on the greeting.');
		await card().getByRole('button', { name: 'Review src/greet.ts' }).click();
		const oldDiff = page.locator('.tabs-container .tab', { hasText: /proposed by Flux/i }).first();
		await oldDiff.waitFor({ timeout: 30_000 });

		sim.script.push({ toolCalls: [{ name: 'edit_file', arguments: { path: 'src/greet.ts', old_text: 'Welcome', new_text: 'Hey' } }] }, { content: 'Second take on the greeting.' });
		await chat.getByRole('button', { name: 'Regenerate' }).last().click();
		await waitForChatText(chat, 'Second take on the greeting.');
		await oldDiff.waitFor({ state: 'detached', timeout: 30_000 });
		const item = page.locator('.notifications-center .notification-list-item', { hasText: /closed the diff of src\/greet\.ts/ }).first();
		const deadline = Date.now() + 30_000;
		while (!await item.isVisible() && Date.now() < deadline) {
			await runCommand(page, 'Notifications: Show Notifications');
			await item.waitFor({ timeout: 3_000 }).catch(() => undefined);
		}
		const message = (await item.locator('.notification-list-item-message').textContent()) ?? '';
		await runCommand(page, 'Notifications: Clear All Notifications');
		assert.match(message, /the reply was retried or another version is shown, so that proposal is no longer the one to accept/);
		assert.equal(disk('src/greet.ts'), before, 'nothing the user did not see is written');

		// The diff of the version shown now shows its text, and its title-bar Accept writes exactly that.
		await card().getByRole('button', { name: 'Review src/greet.ts' }).click();
		await page.locator('.tabs-container .tab', { hasText: /proposed by Flux/i }).first().waitFor({ timeout: 30_000 });
		await page.locator('.monaco-diff-editor .modified-in-monaco-diff-editor').getByText('Hey').first().waitFor({ timeout: 30_000 });
		await page.screenshot({ path: join(screenshotDir, 'edits-retried-review.png') });
		await page.locator('.editor-actions .action-label[aria-label^="Accept This File\'s Change"]').first().click();
		await card().getByText('Accepted').first().waitFor({ timeout: 30_000 });
		const written = Date.now() + 10_000;
		while (!disk('src/greet.ts').includes('Hey') && Date.now() < written) await page.waitForTimeout(100);
		assert.match(disk('src/greet.ts'), /Hey, \$\{name\}/);
		assert.doesNotMatch(disk('src/greet.ts'), /Hi there/);
	});
});
