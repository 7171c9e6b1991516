import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { openChat, openWorkbench, screenshotDir, sendMessage, waitForChatText, type E2eSession } from '../harness/e2eSession';
import { setApiKey } from '../harness/workbench';
import { startFluxSimulator, type FluxSimulator } from '../sim/fluxSimulator';

type Block = { type: string; id?: string; tool_use_id?: string; content?: unknown; thinking?: string; signature?: string };
type AnthropicBody = { messages: { role: string; content: Block[] }[] };

/** The packaged extension with `flux.apiFormat: anthropic`, driven in the workbench. */
describe('The Anthropic-compatible base in the workbench', function () {
	this.timeout(120_000);
	let sim: FluxSimulator;
	let session: E2eSession;
	let page: Page;
	let chat: Frame;

	const replies = () => chat.getByRole('article', { name: /^Flux/ });
	const messagesRequests = () => sim.requests.filter((r) => r.path === '/anthropic/v1/messages');

	const send = (text: string) => sendMessage(chat, text);
	const waitForText = (pattern: RegExp | string, timeout?: number) => waitForChatText(chat, pattern, timeout);

	before(async () => {
		sim = await startFluxSimulator();
		session = await openWorkbench({ settings: { 'flux.baseUrl': sim.baseUrl, 'flux.apiFormat': 'anthropic' } });
		page = session.page;
		await setApiKey(page, 'sk-anthropic-e2e');
		chat = await openChat(page);
	});

	beforeEach(() => sim?.script.clear());

	after(async () => {
		await session?.close();
		await sim?.close();
	});

	it('streams a reply that grows on screen and names the served model', async () => {
		const chunks = Array.from({ length: 24 }, (_, i) => `word${i} `);
		sim.script.push({ chunks, model: 'claude-sonnet', tokenDelayMs: 80, ttftMs: 100 });
		await send('explain this stack trace');
		const seen = new Set<string>();
		const deadline = Date.now() + 20_000;
		while (Date.now() < deadline) {
			const text = (await replies().last().innerText()).trim();
			seen.add(text);
			if (text.includes('word23')) break;
			await page.waitForTimeout(25);
		}
		const partial = [...seen].filter((t) => t.includes('word0') && !t.includes('word23'));
		assert.ok(partial.length >= 3, `saw ${partial.length} intermediate states`);
		await waitForText(/claude-sonnet/);
		assert.deepEqual(messagesRequests().map((r) => [r.status, r.stream]), [[200, true]]);
		await page.screenshot({ path: join(screenshotDir, 'anthropic-streamed.png') });
	});

	it('runs a read_file round trip: the tool_result carries the file, thinking goes back signed and shows collapsed', async () => {
		const before = messagesRequests().length;
		// claude-haiku reasons: its thinking block comes before the tool_use, and must go back with it.
		sim.script.push({ model: 'claude-haiku', reasoning: 'The user names a file; read it first.', toolCalls: [{ name: 'read_file', arguments: { path: 'src/math.ts' } }] });
		await send('What is in src/math.ts?');
		await waitForText(/Based on this result/);
		const reply = replies().last();
		const [first, second] = messagesRequests().slice(before);
		const body = second.body as AnthropicBody;
		const assistant = body.messages.at(-2)!.content;
		const result = body.messages.at(-1)!.content.find((b) => b.type === 'tool_result');
		const thinking = reply.locator('.reply-thinking');
		assert.deepEqual({
			statuses: [first.status, second.status],
			sentBack: assistant.map((b) => b.type),
			thought: assistant[0].thinking,
			signed: typeof assistant[0].signature === 'string' && assistant[0].signature.length > 0,
			answers: result?.tool_use_id === assistant.find((b) => b.type === 'tool_use')?.id,
			card: (await reply.innerText()).includes('read_file'),
			collapsed: await thinking.evaluate((el) => !(el as HTMLDetailsElement).open),
		}, {
			statuses: [200, 200],
			sentBack: ['thinking', 'tool_use'],
			thought: 'The user names a file; read it first.',
			signed: true,
			answers: true,
			card: true,
			collapsed: true,
		});
		assert.match(JSON.stringify(result?.content), /export function multiply/);
		await thinking.locator('summary').click();
		assert.equal((await thinking.locator('.thinking-text').innerText()).trim(), 'The user names a file; read it first.');
		await page.screenshot({ path: join(screenshotDir, 'anthropic-tool-round.png') });
	});

	it('rides out a 429 in Anthropic\'s shape with a visible countdown, then answers', async () => {
		const before = messagesRequests().length;
		sim.script.push({ fault: { kind: 'rateLimited', retryAfter: 2 } }, { content: 'Answered after the wait.' });
		await send('hello again');
		await waitForText(/Retrying in \d+ s/);
		await waitForText('Answered after the wait.');
		assert.deepEqual(messagesRequests().slice(before).map((r) => r.status), [429, 200]);
	});
});
