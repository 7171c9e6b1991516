import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { openChat, openWorkbench, screenshotDir, sendMessage, waitForChatText, type E2eSession } from '../harness/e2eSession';
import { runCommand, setApiKey } from '../harness/workbench';
import { startFluxSimulator, type FluxSimulator } from '../sim/fluxSimulator';

/**
 * A user's MCP server in Flux Chat, in the real workbench: the workspace's .vscode/mcp.json
 * configures the test server (test/integration/mcpServer); the user starts it with VS Code's
 * "MCP: List Servers", ticks its tool in Flux's Tools picker, and allows the call on its card.
 */
describe('Flux tool belt: an MCP server round trip in the workbench', function () {
	this.timeout(180_000);
	let sim: FluxSimulator;
	let session: E2eSession;
	let page: Page;
	let chat: Frame;
	const mcpCalls = join(mkdtempSync(join(tmpdir(), 'flux-mcp-e2e-')), 'calls.jsonl');
	const calls = () => existsSync(mcpCalls) ? readFileSync(mcpCalls, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as unknown) : [];

	before(async () => {
		sim = await startFluxSimulator();
		// VS Code lists MCP servers and tools only with its AI features on (the harness turns them off).
		session = await openWorkbench({ settings: { 'flux.baseUrl': sim.baseUrl, 'chat.disableAIFeatures': false }, mcpCalls });
		page = session.page;
		await setApiKey(page, 'sk-mcp-e2e');
		chat = await openChat(page);
	});

	after(async () => {
		await session?.close();
		await sim?.close();
		rmSync(dirname(mcpCalls), { recursive: true, force: true });
	});

	it('starts the server, ticks its tool in the Tools picker, and only Allow runs it with the model\'s arguments', async () => {
		await startMcpServer(page, 'tickets');
		const tool = await tickInToolsPicker(page, chat, 'lookup_ticket');

		sim.script.push({ toolCalls: [{ id: 'call_1', name: tool, arguments: { id: 'T-77' } }] }, { content: 'Ticket T-77 is waiting on QA.' });
		await sendMessage(chat, 'What about ticket T-77?');
		const card = chat.locator('.tool-card').last();
		const allow = card.locator('[data-choice="allow"]');
		await allow.waitFor({ timeout: 30_000 });
		// Give a wrongly started call time to reach the server before looking.
		await page.waitForTimeout(500);
		const asking = {
			prompt: await card.locator('.tool-approval-prompt').innerText(),
			buttons: await card.locator('.tool-approval-choices [data-choice]').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label'))),
			ranBeforeClick: calls().length,
		};
		await page.screenshot({ path: join(screenshotDir, 'mcp-card-asks.png') });
		await allow.click();
		// VS Code asks too before it runs an MCP tool for an extension: still nothing has run.
		const vsCodeAsks = page.locator('.monaco-dialog-box', { hasText: 'Run lookup_ticket' });
		await vsCodeAsks.waitFor({ timeout: 30_000 });
		await page.screenshot({ path: join(screenshotDir, 'mcp-vscode-asks.png') });
		const ranBeforeVsCodeYes = calls().length;
		await vsCodeAsks.locator('.monaco-button', { hasText: 'Yes' }).click();
		await waitForChatText(chat, 'Ticket T-77 is waiting on QA.');
		await page.screenshot({ path: join(screenshotDir, 'mcp-ran.png') });
		const second = sim.requests.filter((r) => r.path === '/v1/chat/completions')[1]?.body as { messages: { role: string; content: unknown }[] } | undefined;
		assert.deepEqual({
			asking,
			ranBeforeVsCodeYes,
			calls: calls(),
			result: second?.messages.find((m) => m.role === 'tool')?.content,
		}, {
			asking: { prompt: `Allow "${tool}" from MCP server tickets to run with these arguments?`, buttons: ['Allow', 'Always Allow', 'Deny'], ranBeforeClick: 0 },
			ranBeforeVsCodeYes: 0,
			calls: [{ name: 'lookup_ticket', arguments: { id: 'T-77' } }],
			result: 'TICKET-4412: T-77 is open, waiting on QA',
		});
	});
});

/**
 * "MCP: List Servers", the server, "Start Server". (With workspace trust off, as the harness runs,
 * VS Code asks nothing more; the picker below waits for the tool to be listed.)
 */
async function startMcpServer(page: Page, server: string): Promise<void> {
	await runCommand(page, 'MCP: List Servers');
	const row = (text: string | RegExp) => page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
	await row(server).click();
	await row(/Start Server/).click();
}

/** Opens Flux's Tools picker from the button beside the message box and ticks `name`; returns the tool's full name. */
async function tickInToolsPicker(page: Page, chat: Frame, name: string): Promise<string> {
	const row = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
	// The server lists its tool a second or two after it starts: the picker, opened before that,
	// shows it once VS Code has it (it follows the list while open).
	await chat.locator('vscode-button[data-action="tools/choose"]').click();
	// The list is long: filter it down to the tool, as a user would type.
	await page.locator('.quick-input-widget input').fill(name);
	await row.waitFor({ timeout: 30_000 });
	const full = (await row.locator('.label-name').first().innerText()).trim();
	await page.screenshot({ path: join(screenshotDir, 'mcp-picker.png') });
	// A click on a row of a multi-select pick ticks it; Enter in the box is OK.
	await row.click();
	await page.locator('.quick-input-widget input').press('Enter');
	await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
	return full;
}
