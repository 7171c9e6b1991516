import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { openChat, openWorkbench, screenshotDir, sendMessage, waitForChatText, type E2eSession } from '../harness/e2eSession';
import { setApiKey } from '../harness/workbench';
import { startFluxSimulator, type FluxSimulator } from '../sim/fluxSimulator';

/** The model asks to run a command; the user sees it, clicks Run, and watches it in the "Flux" terminal. */
describe('Flux run_command in the workbench', function () {
	this.timeout(120_000);
	let sim: FluxSimulator;
	let session: E2eSession;
	let page: Page;
	let chat: Frame;

	before(async () => {
		sim = await startFluxSimulator();
		// The DOM renderer, so the terminal's text can be read from the page.
		session = await openWorkbench({ settings: { 'flux.baseUrl': sim.baseUrl, 'terminal.integrated.gpuAcceleration': 'off' } });
		page = session.page;
		await setApiKey(page, 'sk-terminal-e2e');
		chat = await openChat(page);
	});

	after(async () => {
		await session?.close();
		await sim?.close();
	});

	it('shows the command with Run and Skip; Run runs it in the "Flux" terminal and its output shows in the card', async () => {
		// The shell works the sum out: the output proves it ran, not that it was echoed.
		const command = 'echo "E2E-MARKER-$((6*7))" > e2e-ran.txt; cat e2e-ran.txt';
		sim.script.push({ toolCalls: [{ name: 'run_command', arguments: { command } }] }, { content: 'The command printed the marker.' });
		await sendMessage(chat, 'Run the marker command');
		const card = chat.locator('.tool-card').last();
		const run = card.locator('[data-choice="run"]');
		await run.waitFor({ timeout: 30_000 });
		const asking = {
			command: await card.locator('.tool-command').innerText(),
			prompt: await card.locator('.tool-approval-prompt').innerText(),
			buttons: await card.locator('.tool-approval-choices [data-choice]').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label'))),
			ranBeforeClick: existsSync(join(session.workspace, 'e2e-ran.txt')),
		};
		await page.screenshot({ path: join(screenshotDir, 'terminal-card-asks.png') });
		await run.click();
		await waitForChatText(chat, 'The command printed the marker.');

		// The "Flux" terminal is open in the panel and shows the command and what it printed.
		const terminalText = page.locator('.terminal-wrapper.active .xterm-rows, .terminal .xterm-rows').first();
		await page.locator('.terminal-tabs-entry, .single-terminal-tab, .panel .composite-title', { hasText: 'Flux' }).first().waitFor({ timeout: 30_000 });
		const deadline = Date.now() + 20_000;
		while (!(await terminalText.innerText().catch(() => '')).includes('E2E-MARKER-42') && Date.now() < deadline) await page.waitForTimeout(200);
		const shown = await terminalText.innerText();

		await card.locator('summary').click();
		await card.locator('.tool-output').waitFor();
		const ran = {
			outcome: await card.locator('.tool-outcome').innerText(),
			output: await card.locator('.tool-output').innerText(),
			facts: await card.locator('.tool-run-facts').innerText(),
			chosen: await card.locator('.tool-approval-chosen').innerText(),
		};
		await page.screenshot({ path: join(screenshotDir, 'terminal-ran.png') });
		assert.deepEqual({
			asking,
			terminal: { command: shown.includes('E2E-MARKER-$((6*7))'), output: shown.includes('E2E-MARKER-42') },
			ran: { ...ran, outcome: ran.outcome.replace(/ · .*/, ''), facts: /^Ran (in the "Flux" terminal|as a child process of your shell), in /.test(ran.facts) },
		}, {
			asking: { command, prompt: `Run this command in "${session.workspace.split('/').pop()}"?`, buttons: ['Run', 'Skip'], ranBeforeClick: false },
			terminal: { command: true, output: true },
			ran: { outcome: 'exit code 0', output: 'E2E-MARKER-42', facts: true, chosen: 'You chose: Run' },
		});
	});
});
