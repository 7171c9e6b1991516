import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { openChat, openWorkbench, screenshotDir, sendMessage, type E2eSession } from '../harness/e2eSession';
import { setApiKey } from '../harness/workbench';
import { startFluxSimulator, type FluxSimulator } from '../sim/fluxSimulator';

/** The model reads the workspace through tools, visibly, in the real workbench. */
describe('Flux workspace tools in the workbench', function () {
	this.timeout(120_000);
	let sim: FluxSimulator;
	let session: E2eSession;
	let page: Page;
	let chat: Frame;

	const send = (text: string) => sendMessage(chat, text);

	before(async () => {
		sim = await startFluxSimulator();
		session = await openWorkbench({ settings: { 'flux.baseUrl': sim.baseUrl, 'flux.tools.maxRounds': 2 } });
		page = session.page;
		await setApiKey(page, 'sk-tools-e2e');
		chat = await openChat(page);
	});

	after(async () => {
		await session?.close();
		await sim?.close();
	});

	it('shows the read_file call as a card and quotes the file in the answer', async () => {
		sim.script.push({ toolCalls: [{ name: 'read_file', arguments: { path: 'src/math.ts' } }] });
		await send('What does src/math.ts export?');
		await chat.getByText(/Based on this result/).first().waitFor({ timeout: 30_000 });
		const reply = chat.getByRole('article', { name: /^Flux/ }).last();
		const text = await reply.innerText();
		assert.deepEqual({ card: text.includes('read_file'), summary: text.includes('read src/math.ts'), quoted: text.includes('export function multiply') },
			{ card: true, summary: true, quoted: true });
		await page.screenshot({ path: join(screenshotDir, 'tool-card.png') });
	});

	it('cuts a loop that never stops at the round limit, with a visible note', async () => {
		// The model would go on calling tools; after two rounds it is told to answer (tool_choice "none").
		for (let i = 0; i < 2; i++) sim.script.push({ toolCalls: [{ name: 'list_files', arguments: {} }] });
		sim.script.push({ content: 'Here is what I found.' });
		await send('keep listing files forever');
		await chat.getByText(/limit of 2 tool rounds/).first().waitFor({ timeout: 30_000 });
		// The note shows before the last request goes out: wait for its answer before reading the requests.
		await chat.getByText('Here is what I found.').first().waitFor({ timeout: 30_000 });
		const choices = sim.requests.filter((r) => r.path === '/v1/chat/completions').slice(-3).map((r) => (r.body as { tool_choice?: string }).tool_choice);
		assert.deepEqual(choices, ['auto', 'auto', 'none']);
	});
});
