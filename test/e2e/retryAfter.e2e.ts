import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { openChat, openWorkbench, type E2eSession } from '../harness/e2eSession';
import { setApiKey } from '../harness/workbench';
import { startFluxSimulator, type FluxSimulator } from '../sim/fluxSimulator';

/** A server that asks for a long wait ends the turn at once: the user is told how long, not kept waiting. */
describe('A long Retry-After in the workbench', function () {
	this.timeout(120_000);
	let sim: FluxSimulator;
	let session: E2eSession;
	let chat: Frame;

	before(async () => {
		sim = await startFluxSimulator();
		session = await openWorkbench({ settings: { 'flux.baseUrl': sim.baseUrl } });
		await setApiKey(session.page, 'sk-retry-e2e');
		chat = await openChat(session.page);
	});

	after(async () => {
		await session?.close();
		await sim?.close();
	});

	it('a 429 with Retry-After: 3600 ends the turn within 2 s, saying how long to wait, with Retry', async () => {
		const composer = chat.getByRole('textbox', { name: 'Message Flux' });
		// A first answered turn, so the time measured below is the failure's, not the first turn's
		// start-up (the tokenizer loading, the conversation file created).
		sim.script.push({ content: 'Warmed up.' });
		await composer.fill('hello');
		await composer.press('Enter');
		await chat.getByText('Warmed up.').first().waitFor({ timeout: 30_000 });
		sim.reset();
		sim.script.push({ fault: { kind: 'rateLimited', retryAfter: 3600 } });
		await composer.fill('hello there');
		const sent = Date.now();
		await composer.press('Enter');
		const message = chat.getByText(/FluxRouter asks to wait 1 h 0 min before the next request \(rate limited\)/).first();
		await message.waitFor({ timeout: 10_000 });
		const elapsedMs = Date.now() - sent;
		await sim.idle();
		assert.deepEqual({
			fast: elapsedMs < 2000,
			retry: await chat.getByRole('button', { name: 'Retry', exact: true }).count() > 0,
			requests: sim.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.status),
		}, { fast: true, retry: true, requests: [429] }, `ended after ${elapsedMs} ms`);
	});
});
