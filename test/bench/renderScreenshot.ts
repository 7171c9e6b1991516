// Renders a sample conversation in the real webview bundle (Chromium, dark theme variables) and
// saves screenshots to test-results/: webview-sample.png (a finished conversation) and
// webview-states.png (a stopped reply, error actions, a retry countdown, Stop while waiting).
// Run: node esbuild.mjs && npx tsc -b && node out/test/bench/renderScreenshot.js
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { HostMessage } from '../../src/protocol/messages';
import { launchChromium } from '../harness/browser';
import { openWebview, postToView, startWebviewServer } from './render/webviewPage';

const root = resolve(__dirname, '..', '..', '..');
const out = join(root, 'test-results');

const debounceReply = [
	'Wrap the function and restart a timer on every call; only the last call within the wait runs:',
	'',
	'```ts',
	'export function debounce<A extends unknown[]>(fn: (...args: A) => void, waitMs = 300) {',
	'\tlet timer: ReturnType<typeof setTimeout> | undefined;',
	'\treturn (...args: A): void => {',
	'\t\tclearTimeout(timer);',
	'\t\ttimer = setTimeout(() => fn(...args), waitMs);',
	'\t};',
	'}',
	'```',
	'',
	'A few things to keep in mind:',
	'',
	'- **Leading vs trailing**: this version fires on the *trailing* edge.',
	'- Cancel pending calls with `clearTimeout` when the view is disposed.',
	'- See the [MDN page on setTimeout](https://developer.mozilla.org/docs/Web/API/setTimeout).',
].join('\n');

const compareReply = [
	'### Debounce or throttle?',
	'',
	'| Technique | Fires | Good for |',
	'|:----------|:-----:|---------:|',
	'| Debounce | after the calls stop | search boxes, drafts |',
	'| Throttle | at most every *n* ms | scroll, resize |',
	'',
	'> Rule of thumb: debounce input, throttle motion.',
].join('\n');

const sample: HostMessage = {
	type: 'chat/snapshot',
	conversation: { id: 'sample', title: 'Sample' },
	earlierTurns: 0,
	model: { model: 'flux-auto', defaultModel: 'flux-auto' },
	spend: { conversationUsd: 0.0042, todayUsd: 0.0131, estimated: false, dividend: { baselineModel: 'one strong pinned model (Deep Thought rate)', baselineUsd: 0.0117, savedUsd: 0.0075 } },
	context: { usedTokens: 18_400, budgetTokens: 119_808, windowTokens: 128_000, summarisedTurns: 0, droppedTurns: 0 },
	draft: '',
	turns: [
		{
			id: 't1',
			question: 'How do I debounce a function in TypeScript?',
			reply: {
				status: 'done', text: debounceReply, deltaSeq: 120, reasoning: 'The user wants a generic debounce helper with types that keep the arguments.',
				meta: { servedModel: 'claude-haiku', requestedModel: 'flux-auto', routed: true, firstTokenMs: 412 },
				usage: { promptTokens: 1204, completionTokens: 187, costUsd: 0.00041, costSource: 'header' },
			},
		},
		{
			id: 't2',
			question: 'And when should I throttle instead?',
			reply: {
				status: 'done', text: compareReply, deltaSeq: 60, reasoning: '',
				meta: { servedModel: 'gpt-4o-mini', requestedModel: 'flux-auto', routed: true, firstTokenMs: 655 },
				usage: { promptTokens: 1488, completionTokens: 74, costUsd: 0.00012, costSource: 'estimate' },
			},
		},
	],
};

const states: HostMessage = {
	type: 'chat/snapshot',
	conversation: { id: 'states', title: 'States' },
	earlierTurns: 0,
	model: { model: 'flux-pinned-gpt-5', defaultModel: 'flux-auto', pin: 'flux-pinned-gpt-5' },
	spend: { conversationUsd: 0.0021, todayUsd: 0.0131, estimated: true },
	draft: '',
	turns: [
		{
			id: 's1', question: 'Summarise the README',
			reply: { status: 'stopped', text: 'The README explains how to install the extension, set an API key and', deltaSeq: 14, reasoning: '', meta: { servedModel: 'gpt-4o', requestedModel: 'flux-pinned-gpt-4o', routed: false } },
		},
		{
			id: 's2', question: 'Why is the build failing?',
			reply: { status: 'error', text: '', deltaSeq: 0, reasoning: '', error: { message: 'Flux rejected the API key (401). Set a valid key and try again.', actions: ['setApiKey', 'openSettings'] } },
		},
		{
			id: 's3', question: 'Explain the retry policy\nin two sentences.',
			reply: { status: 'waiting', text: '', deltaSeq: 0, reasoning: '' },
		},
	],
};

async function main(): Promise<void> {
	mkdirSync(out, { recursive: true });
	const server = await startWebviewServer(root);
	const browser = await launchChromium();
	try {
		const page = await openWebview(browser, server);
		await page.setViewportSize({ width: 440, height: 1080 });
		await page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
		await postToView(page, sample);
		await page.evaluate(() => document.fonts.ready);
		await page.waitForTimeout(300);
		await page.screenshot({ path: join(out, 'webview-sample.png') });

		const states_ = await openWebview(browser, server);
		await states_.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
		await postToView(states_, states);
		await postToView(states_, { type: 'turn/retrying', turnId: 's3', attempt: 1, maxAttempts: 5, retryAt: Date.now() + 3000, reason: 'rate limited (429)' });
		await states_.evaluate(() => document.fonts.ready);
		await states_.waitForTimeout(300);
		await states_.screenshot({ path: join(out, 'webview-states.png') });
		console.log(`screenshots in ${out}`);
	} finally {
		await browser.close();
		await server.close();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
