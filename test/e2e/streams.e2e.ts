import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { openChat, openWorkbench, screenshotDir, sendMessage, waitForChatText, type E2eSession } from '../harness/e2eSession';
import { setApiKey } from '../harness/workbench';
import { startFluxSimulator, type FluxSimulator } from '../sim/fluxSimulator';

/**
 * Real provider stream shapes (the corpus in test/fixtures/streams/, replayed byte for byte by
 * the simulator) through the packaged extension in the workbench.
 */
describe('Real provider streams in the workbench', function () {
	this.timeout(120_000);
	let sim: FluxSimulator;
	let session: E2eSession;
	let page: Page;
	let chat: Frame;

	const replies = () => chat.getByRole('article', { name: /^Flux/ });

	const send = (text: string) => sendMessage(chat, text);
	const waitForText = (pattern: RegExp | string, timeout?: number) => waitForChatText(chat, pattern, timeout);

	before(async () => {
		sim = await startFluxSimulator();
		session = await openWorkbench({ settings: { 'flux.baseUrl': sim.baseUrl } });
		page = session.page;
		await setApiKey(page, 'sk-streams-e2e');
		chat = await openChat(page);
	});

	// A test that failed early must not leave its scripted replies to the next one.
	beforeEach(() => sim?.script.clear());

	after(async () => {
		await session?.close();
		await sim?.close();
	});

	it('runs two interleaved calls with repeated names over CRLF: both cards, then the answer', async () => {
		sim.script.push({ fixture: 'parallelRepeatedCrlf' });
		await send('What is in src/math.ts and the src folder?');
		await waitForText(/Based on these results|Based on this result/);
		const reply = replies().last();
		const text = await reply.innerText();
		const second = sim.requests.filter((r) => r.path === '/v1/chat/completions').at(-1)?.body as { messages: { role: string; tool_call_id?: string }[] };
		assert.deepEqual({
			cards: ['read_file', 'list_files'].map((name) => text.includes(name)),
			quoted: text.includes('export function multiply'),
			toolResults: second.messages.filter((m) => m.role === 'tool').map((m) => m.tool_call_id),
		}, { cards: [true, true], quoted: true, toolResults: ['call_c0', 'call_c1'] });
		await page.screenshot({ path: join(screenshotDir, 'streams-parallel-crlf.png') });
	});

	it('keeps `reasoning` out of the answer: it shows under Thinking only', async () => {
		sim.script.push({ fixture: 'reasoningField' });
		await send('What is two plus two?');
		await waitForText('Two plus two is four.');
		const reply = replies().last();
		const thinking = reply.locator('.reply-thinking');
		await thinking.locator('summary').click();
		assert.deepEqual({
			answer: (await reply.locator('.reply-body').innerText()).trim(),
			thinking: (await thinking.locator('.thinking-text').innerText()).trim(),
		}, { answer: 'Two plus two is four.', thinking: 'Think about the sum.' });
	});

	it('says a reply was cut at the length limit, keeps its text, and Continue asks for the rest', async () => {
		sim.script.push({ fixture: 'finishLength' }, { content: 'The rest of the answer.' });
		await send('Write a long answer.');
		await waitForText('Cut off at the model\'s length limit.');
		const cut = replies().last();
		assert.deepEqual({
			text: (await cut.locator('.reply-body').innerText()).trim(),
			buttons: await cut.locator('.reply-error-actions [data-error-action]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label'))),
		}, { text: 'The first part of a long answer that', buttons: ['Continue', 'Retry'] });
		await page.screenshot({ path: join(screenshotDir, 'streams-length.png') });
		await cut.getByRole('button', { name: 'Continue' }).click();
		await waitForText('The rest of the answer.');
		const last = sim.requests.filter((r) => r.path === '/v1/chat/completions').at(-1)?.body as { messages: { role: string; content: string }[] };
		assert.deepEqual(last.messages.slice(-2), [
			{ role: 'assistant', content: 'The first part of a long answer that' },
			{ role: 'user', content: 'Continue exactly where you stopped.' },
		]);
	});

	it('keeps the text that arrived before an error frame and shows the error', async () => {
		sim.script.push({ fixture: 'errorFrameAfterText' });
		await send('Tell me something.');
		await waitForText(/Upstream provider error: overloaded/);
		const reply = replies().last();
		assert.deepEqual({
			text: (await reply.locator('.reply-body').innerText()).trim(),
			buttons: await reply.locator('.reply-error-actions [data-error-action]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label'))),
		}, { text: 'The answer begins and then', buttons: ['Retry'] });
		await page.screenshot({ path: join(screenshotDir, 'streams-error-frame.png') });
	});
});
