import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { pageSize } from '../../src/chat/turns/conversationRunner';
import type { ChatSnapshot, TurnView } from '../../src/protocol/messages';
import { launchChromium } from '../harness/browser';
import { generateReply } from './render/replyGenerator';
import { startWebviewServer, type WebviewServer } from './render/webviewPage';
import type { Row } from './verdict';
import { judge } from './verdict';

/**
 * A 1,000-turn conversation in the real webview bundle (dist/webview.js, media/chat.css, the
 * extension's HTML and CSP) in headless Chromium, with a stand-in host that answers
 * `chat/loadEarlier` the way ConversationRunner does, a page of `pageSize` turns at a time.
 *
 * - First screen: from posting the snapshot to the frame after it painted (two animation
 *   frames), median of 5 fresh pages. Baseline: the same for a conversation without turns, in
 *   the same kind of fresh page (what any snapshot costs, the machine's load included). Target:
 *   at most 80 ms over it (about 100 ms in all on an idle machine). Printed beside it: the time
 *   until all 1,000 turns are drawn, which a view that draws everything first would need.
 * - Scrolling: up from the bottom through the newest 200 turns at a brisk 100 px per frame
 *   (6,000 px/s), older turns drawn as the top comes near. Target: p95 frame interval at most
 *   one frame (16.7 ms) over the baseline: the same scroll again once every turn is drawn.
 * - Memory: JS heap and DOM nodes after the first screen and with all turns drawn.
 */
const root = resolve(__dirname, '..', '..', '..');
const turnCount = 1000;
const scrollStepPx = 100;
const scrollTurns = 200;
const firstScreenExcessMs = 80;
const frameMs = 1000 / 60;

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

/** A page whose fake host holds `all` and answers `chat/loadEarlier` like ConversationRunner.earlier. */
async function openPage(browser: Browser, server: WebviewServer, all: readonly TurnView[]): Promise<Page> {
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
	}, { turns: all as TurnView[], size: pageSize });
	await page.goto(server.origin);
	await page.waitForSelector('.composer');
	return page;
}

/** Milliseconds from posting the snapshot to the second animation frame after it (painted). */
async function firstScreen(page: Page, message: ChatSnapshot): Promise<number> {
	return page.evaluate((data) => new Promise<number>((done) => {
		const start = performance.now();
		window.dispatchEvent(new MessageEvent('message', { data }));
		requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - start)));
	}), message as unknown as Record<string, unknown>);
}

interface ScrollResult { readonly frames: number[]; readonly ms: number }

/** Scrolls up from the bottom until `turns` turns are above the fold, recording each frame's interval. */
async function scrollUp(page: Page, turns: number): Promise<ScrollResult> {
	return page.evaluate(({ step, turns }) => new Promise<ScrollResult>((done) => {
		const scroller = document.querySelector('.transcript') as HTMLElement;
		scroller.scrollTop = scroller.scrollHeight;
		const pairs = () => document.querySelectorAll('.turn-pair');
		const frames: number[] = [];
		const start = performance.now();
		let last = start;
		const tick = (now: number) => {
			frames.push(now - last);
			last = now;
			scroller.scrollTop -= step;
			const all = pairs();
			const target = all[Math.max(0, all.length - turns)] as HTMLElement | undefined;
			const reached = all.length >= turns && !!target && target.getBoundingClientRect().top >= scroller.getBoundingClientRect().top;
			if (reached || now - start > 60_000) done({ frames: frames.slice(1), ms: now - start });
			else requestAnimationFrame(tick);
		};
		requestAnimationFrame(tick);
	}), { step: scrollStepPx, turns });
}

/** Jumps to the top until every turn has arrived: how many are drawn, and how long it took. */
async function reachFirstTurn(page: Page): Promise<{ count: number; ms: number }> {
	return page.evaluate(() => new Promise<{ count: number; ms: number }>((done) => {
		const scroller = document.querySelector('.transcript') as HTMLElement;
		const started = performance.now();
		const tick = () => {
			scroller.scrollTop = 0;
			const count = document.querySelectorAll('.turn-pair').length;
			if (count >= 1000 || performance.now() - started > 90_000) done({ count, ms: performance.now() - started });
			else requestAnimationFrame(tick);
		};
		tick();
	}));
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

async function measure(browser: Browser, server: WebviewServer, all: readonly TurnView[]) {
	const message = snapshot(all.slice(-pageSize), all.length - pageSize);
	const times: number[] = [];
	const emptyTimes: number[] = [];
	// Turns and no turns alternately, so both see the same load.
	for (let run = 0; run < 5; run++) {
		let page = await openPage(browser, server, all);
		times.push(await firstScreen(page, message));
		await page.close();
		page = await openPage(browser, server, []);
		emptyTimes.push(await firstScreen(page, snapshot([], 0)));
		await page.close();
	}
	const page = await openPage(browser, server, all);
	const start = Date.now();
	await firstScreen(page, message);
	const atFirst = await memory(page);
	const lazy = await scrollUp(page, scrollTurns);
	const reached = await reachFirstTurn(page);
	const allDrawnMs = Date.now() - start;
	const atTop = await memory(page);
	const drawn = await scrollUp(page, scrollTurns);
	await page.close();
	return { firstMs: median(times), firstRuns: times, emptyMs: median(emptyTimes), atFirst, lazy, drawn, reached, allDrawnMs, atTop };
}

async function main(): Promise<void> {
	const all = conversation();
	const server = await startWebviewServer(root);
	const browser = await launchChromium();
	try {
		const r = await measure(browser, server, all);
		const p = (frames: number[], q: number) => percentile(frames, q);
		console.log(`A ${turnCount}-turn conversation in the real webview (snapshot and pages of ${pageSize}; scrolling ${scrollStepPx} px per frame through the newest ${scrollTurns} turns)`);
		console.log(`first-screen runs (ms): ${r.firstRuns.map((t) => t.toFixed(0)).join(', ')}; until all ${turnCount} turns were drawn by scrolling: ${r.allDrawnMs} ms`);
		console.log(`JS heap ${r.atFirst.heapMb.toFixed(1)} MB and ${r.atFirst.nodes} DOM nodes at the first screen; ${r.atTop.heapMb.toFixed(1)} MB and ${r.atTop.nodes} with all drawn`);
		const rows: Row[] = [
			{ name: 'first screen painted, median of 5', figure: r.firstMs, baseline: r.emptyMs, baselineName: 'a conversation without turns', maxExcess: firstScreenExcessMs },
			{ name: 'scroll frame interval p50', figure: p(r.lazy.frames, 0.5), baseline: p(r.drawn.frames, 0.5), baselineName: 'the same scroll, all drawn' },
			{
				name: 'scroll frame interval p95', figure: p(r.lazy.frames, 0.95), baseline: p(r.drawn.frames, 0.95), baselineName: 'the same scroll, all drawn', maxExcess: frameMs,
				also: { ok: r.reached.count === turnCount, what: `all ${turnCount} turns reached by scrolling to the top (${r.reached.count})` },
			},
			{ name: 'frames over 50 ms', figure: r.lazy.frames.filter((f) => f > 50).length, baseline: r.drawn.frames.filter((f) => f > 50).length, baselineName: 'the same scroll, all drawn', unit: '' },
		];
		judge('longConversationBench', rows);
	} finally {
		await browser.close();
		await server.close();
	}
}

void main();
