import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { pageSize } from '../../src/chat/chatSession';
import type { ChatSnapshot, TurnView } from '../../src/protocol/messages';
import { launchChromium } from '../harness/browser';
import { generateReply } from './render/replyGenerator';
import { startWebviewServer, type WebviewServer } from './render/webviewPage';

/**
 * A 1,000-turn conversation in the real webview bundle (dist/webview.js, media/chat.css, the
 * extension's HTML and CSP) in headless Chromium, with a stand-in host that answers
 * `chat/loadEarlier` the way ChatSession does, a page of `pageSize` turns at a time.
 *
 * - First screen: from posting the snapshot to the frame after it painted (two animation
 *   frames), median of 5 fresh pages. Target: under 300 ms.
 * - Scrolling: from the bottom to the top of all 1,000 turns, a fixed step per animation frame,
 *   older pages loading as the top comes near. Target: p95 frame interval at most 33.4 ms (two
 *   frames at 60 Hz).
 * - Memory: JS heap and DOM nodes after the first screen and at the top.
 * Baseline, same run: the same conversation sent whole in one snapshot (no paging).
 */

const root = resolve(__dirname, '..', '..', '..');
const turnCount = 1000;
const scrollStepPx = 300;
const firstScreenTargetMs = 300;
const frameTargetMs = 33.4;

function conversation(): TurnView[] {
	return Array.from({ length: turnCount }, (_, i) => ({
		id: `turn-${i}`,
		question: `Question ${i}: how should part ${i} of the parser handle this case?`,
		askedAt: 1_790_000_000_000 + i * 60_000,
		reply: {
			status: 'done', text: generateReply(150 + (i * 37) % 250, 1000 + i).text, reasoning: '', deltaSeq: 1,
			meta: { servedModel: i % 3 ? 'claude-haiku' : 'deepseek-v4', requestedModel: 'flux-auto', routed: true, firstTokenMs: 400 },
			usage: { promptTokens: 1000 + i * 300, completionTokens: 300, costUsd: 0.0004, costSource: 'usage' },
		},
	}));
}

function snapshot(turns: readonly TurnView[], earlierTurns: number): ChatSnapshot {
	return {
		type: 'chat/snapshot', conversation: { id: 'long', title: 'Long conversation' }, turns, earlierTurns,
		model: { model: 'flux-auto', defaultModel: 'flux-auto' }, spend: { conversationUsd: 0.4, todayUsd: 0.4, estimated: false }, draft: '',
	};
}

/** A page whose fake host holds `all` and answers `chat/loadEarlier` like ChatSession.earlier. */
async function openPage(browser: Browser, server: WebviewServer, all: readonly TurnView[], size: number): Promise<Page> {
	const page = await browser.newPage({ viewport: { width: 420, height: 900 } });
	await page.addInitScript(({ turns, size }: { turns: TurnView[]; size: number }) => {
		const w = window as unknown as Record<string, unknown>;
		w.acquireVsCodeApi = () => ({
			postMessage(message: { type: string; beforeTurnId?: string }) {
				if (message.type !== 'chat/loadEarlier') return;
				const end = turns.findIndex((t) => t.id === message.beforeTurnId);
				const from = Math.max(0, end - size);
				// The host answers on a later task, as postMessage across the webview boundary does.
				setTimeout(() => window.dispatchEvent(new MessageEvent('message', { data: { type: 'chat/earlier', conversationId: 'long', turns: turns.slice(from, end), earlierTurns: from } })), 1);
			},
			getState: () => undefined,
			setState: () => undefined,
		});
	}, { turns: all as TurnView[], size });
	await page.goto(server.origin);
	await page.waitForSelector('.composer');
	return page;
}

/** Milliseconds from posting the snapshot to the second animation frame after it. */
async function firstScreen(page: Page, message: ChatSnapshot): Promise<number> {
	return page.evaluate((data) => new Promise<number>((done) => {
		const start = performance.now();
		window.dispatchEvent(new MessageEvent('message', { data }));
		requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - start)));
	}), message as unknown as Record<string, unknown>);
}

interface ScrollResult { readonly frames: number[]; readonly ms: number; readonly turnsShown: number }

/** Scrolls the transcript from the bottom to the very top, recording every frame's interval. */
async function scrollToTop(page: Page): Promise<ScrollResult> {
	return page.evaluate(({ step }) => new Promise<ScrollResult>((done) => {
		const scroller = document.querySelector('.transcript') as HTMLElement;
		const more = () => !(document.querySelector('[data-action="load-earlier"]') as HTMLElement).hidden;
		scroller.scrollTop = scroller.scrollHeight;
		const frames: number[] = [];
		const start = performance.now();
		let last = start;
		let idleAtTop = 0;
		const tick = (now: number) => {
			frames.push(now - last);
			last = now;
			scroller.scrollTop -= step;
			idleAtTop = scroller.scrollTop === 0 && !more() ? idleAtTop + 1 : 0;
			if (idleAtTop >= 3 || now - start > 90_000) done({ frames: frames.slice(1), ms: now - start, turnsShown: document.querySelectorAll('.turn-pair').length });
			else requestAnimationFrame(tick);
		};
		requestAnimationFrame(tick);
	}), { step: scrollStepPx });
}

async function memory(page: Page): Promise<{ heapMb: number; nodes: number }> {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('HeapProfiler.collectGarbage');
	await cdp.send('Performance.enable');
	const { metrics } = await cdp.send('Performance.getMetrics');
	const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
	return { heapMb: get('JSHeapUsedSize') / 1e6, nodes: get('Nodes') };
}

function percentile(values: readonly number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

const median = (values: readonly number[]) => percentile(values, 0.5);

async function measure(browser: Browser, server: WebviewServer, all: readonly TurnView[], paged: boolean) {
	const message = paged ? snapshot(all.slice(-pageSize), all.length - pageSize) : snapshot(all, 0);
	const times: number[] = [];
	for (let run = 0; run < 5; run++) {
		const page = await openPage(browser, server, all, pageSize);
		times.push(await firstScreen(page, message));
		await page.close();
	}
	const page = await openPage(browser, server, all, pageSize);
	await firstScreen(page, message);
	const atFirst = await memory(page);
	const scroll = await scrollToTop(page);
	const atTop = await memory(page);
	await page.close();
	return { firstMs: median(times), firstRuns: times, atFirst, scroll, atTop };
}

async function main(): Promise<void> {
	const all = conversation();
	const server = await startWebviewServer(root);
	const browser = await launchChromium();
	try {
		const paged = await measure(browser, server, all, true);
		const whole = await measure(browser, server, all, false);
		const row = (name: string, ours: string, base: string) => console.log(`${name.padEnd(40)}${ours.padStart(16)}${base.padStart(18)}`);
		console.log(`A ${turnCount}-turn conversation in the real webview (pages of ${pageSize}; scrolling ${scrollStepPx} px per frame)\n`);
		row('', 'paged (ours)', 'whole snapshot');
		row('first screen painted, median of 5 (ms)', paged.firstMs.toFixed(0), whole.firstMs.toFixed(0));
		row('scroll frame interval p50 (ms)', percentile(paged.scroll.frames, 0.5).toFixed(1), percentile(whole.scroll.frames, 0.5).toFixed(1));
		row('scroll frame interval p95 (ms)', percentile(paged.scroll.frames, 0.95).toFixed(1), percentile(whole.scroll.frames, 0.95).toFixed(1));
		row('scroll frame interval max (ms)', Math.max(...paged.scroll.frames).toFixed(0), Math.max(...whole.scroll.frames).toFixed(0));
		row('frames over 50 ms / frames', `${paged.scroll.frames.filter((f) => f > 50).length}/${paged.scroll.frames.length}`, `${whole.scroll.frames.filter((f) => f > 50).length}/${whole.scroll.frames.length}`);
		row('bottom to top (s)', (paged.scroll.ms / 1000).toFixed(1), (whole.scroll.ms / 1000).toFixed(1));
		row('turns on the page at the top', String(paged.scroll.turnsShown), String(whole.scroll.turnsShown));
		row('JS heap after first screen (MB)', paged.atFirst.heapMb.toFixed(1), whole.atFirst.heapMb.toFixed(1));
		row('DOM nodes after first screen', String(paged.atFirst.nodes), String(whole.atFirst.nodes));
		row('JS heap at the top (MB)', paged.atTop.heapMb.toFixed(1), whole.atTop.heapMb.toFixed(1));
		row('DOM nodes at the top', String(paged.atTop.nodes), String(whole.atTop.nodes));
		console.log(`\nfirst-screen runs (ms): ${paged.firstRuns.map((t) => t.toFixed(0)).join(', ')}`);
		const firstOk = paged.firstMs < firstScreenTargetMs;
		const p95 = percentile(paged.scroll.frames, 0.95);
		const smoothOk = p95 <= frameTargetMs;
		const complete = paged.scroll.turnsShown === turnCount;
		console.log(`first screen ${paged.firstMs.toFixed(0)} ms, target < ${firstScreenTargetMs} ms: ${firstOk ? 'pass' : 'FAIL'}`);
		console.log(`scrolling p95 ${p95.toFixed(1)} ms, target ≤ ${frameTargetMs} ms: ${smoothOk ? 'pass' : 'FAIL'}`);
		console.log(`all ${turnCount} turns reached by scrolling: ${complete ? 'pass' : 'FAIL'}`);
		process.exitCode = firstOk && smoothOk && complete ? 0 : 1;
	} finally {
		await browser.close();
		await server.close();
	}
}

void main();
