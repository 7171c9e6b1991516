import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchChromium } from '../harness/browser';
import { linkExtension, startVsCodeServer } from '../harness/vscodeServer';
import { findWebviewFrame, openContainer, waitForWorkbench } from '../harness/workbench';
import type { Frame, Page } from 'playwright-core';
import type { FluxSimulator } from '../sim/fluxSimulator';
import { startFluxSimulator } from '../sim/fluxSimulator';
import { judge } from './verdict';

/**
 * In the real workbench: how long from a chunk leaving the simulator to its text appearing in the
 * chat webview (p50, p95). Baseline in the same run and the same workbench: a bare extension
 * (chatLatency/bareExtension) whose webview only appends each chunk's text, fed the same chunks by
 * the same simulator. Target: Flux Chat's p95 within one frame (16.7 ms) of the bare view's (its
 * view renders markdown and draws deltas that come faster than frames once per frame; the bare
 * one does neither).
 * The same chunks read by a plain HTTP client in this process are printed too: the network floor.
 * Run: `npm run bench chatLatency`.
 */

const root = resolve(__dirname, '..', '..', '..');
const bareExtension = join(root, 'test', 'bench', 'chatLatency', 'bareExtension');
const chunkCount = 200;
const tokenDelayMs = 40; // slower than frames, as tokens from a real model
const maxExcessMs = 16.7;

function percentile(values: readonly number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Round `round`'s chunks; the round in each marker keeps earlier rounds' text (still on screen) from counting. */
const chunksOf = (round: number) => Array.from({ length: chunkCount }, (_, i) => `r${round}m${i} `);
/** Streams per view: the first warms the workbench up (extension start, first paint) and is not judged. */
const rounds = 3;

/** Arrival times of the chunks at a raw HTTP client, against the simulator's own send times. */
async function httpFloor(baseUrl: string, sentAt: () => readonly number[]): Promise<number[]> {
	const arrivals: number[] = [];
	await new Promise<void>((done, fail) => {
		const body = JSON.stringify({ model: 'flux-auto', stream: true, messages: [{ role: 'user', content: 'bench' }] });
		const req = request(`${baseUrl}/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer sk-bench', 'content-type': 'application/json' } }, (res) => {
			res.setEncoding('utf8');
			res.on('data', (data: string) => {
				const now = Date.now();
				for (let i = data.split(/"content":"r\d+m\d+ "/).length - 1; i > 0; i--) arrivals.push(now);
			});
			res.on('end', done);
		});
		req.on('error', fail);
		req.end(body);
	});
	const sent = sentAt();
	return arrivals.map((t, i) => t - sent[i]);
}

/** Notes in the view when each marker first shows up in its DOM (same machine clock as the simulator). */
async function watchMarkers(frame: Frame): Promise<void> {
	await frame.evaluate(() => {
		const seen: Record<string, number> = {};
		(window as unknown as { fluxSeen: Record<string, number> }).fluxSeen = seen;
		new MutationObserver(() => {
			const now = Date.now();
			for (const match of (document.body.textContent ?? '').matchAll(/r(\d+)m(\d+) ?/g)) seen[`${match[1]}:${match[2]}`] ??= now;
		}).observe(document.body, { subtree: true, childList: true, characterData: true });
	});
}

/**
 * Streams round `round`'s chunks into one webview (`start` sends the request) and returns each
 * chunk's time from leaving the simulator to first showing in that view's DOM.
 */
async function chunkToScreen(page: Page, frame: Frame, sim: FluxSimulator, round: number, start: () => Promise<void>, what: string): Promise<number[]> {
	sim.script.push({ chunks: chunksOf(round), model: 'claude-sonnet' });
	const requests = sim.requests.length;
	await start();
	try {
		await frame.getByText(`r${round}m${chunkCount - 1}`).first().waitFor({ timeout: 60_000 });
	} catch (error) {
		await page.screenshot({ path: join(root, 'test-results', `chat-latency-${what}-failure.png`) });
		throw error;
	}
	await page.waitForTimeout(200);
	const seen = await frame.evaluate(() => (window as unknown as { fluxSeen: Record<string, number> }).fluxSeen);
	const sent = sim.requests[requests]!.deltaSentAt;
	return sent.map((t, i) => seen[`${round}:${i}`] - t).filter((v) => Number.isFinite(v));
}

async function main(): Promise<void> {
	const sim = await startFluxSimulator({ tokenDelayMs, ttftMs: 50 });
	const extensionsDir = mkdtempSync(join(tmpdir(), 'flux-bench-ext-'));
	linkExtension(root, extensionsDir);
	symlinkSync(bareExtension, join(extensionsDir, 'fluxchat-test.bare-latency-0.0.1'));
	const server = await startVsCodeServer({ version: '1.139.1', extensionsDir, settings: { 'flux.baseUrl': sim.baseUrl }, env: { FLUX_API_KEY: 'sk-bench' } });
	const browser = await launchChromium();
	try {
		sim.script.push({ chunks: chunksOf(0), model: 'claude-sonnet' });
		const floor = await httpFloor(sim.baseUrl, () => sim.requests.at(-1)!.deltaSentAt);

		const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
		await page.goto(server.url(join(root, 'test', 'fixtures', 'workspace')));
		await waitForWorkbench(page);
		// Both views stay open side by side: the bare one in the panel (it opens itself there at
		// start), ours in the sidebar; each round streams into one, then the other.
		const bareFrame = await findWebviewFrame(page, '.bare-ready');
		await watchMarkers(bareFrame);
		await openContainer(page, 'Flux');
		const chat = await findWebviewFrame(page, '.empty-state');
		await watchMarkers(chat);

		const bare: number[] = [];
		const ours: number[] = [];
		for (let round = 1; round <= rounds; round++) {
			const bareRound = await chunkToScreen(page, bareFrame, sim, round, () => bareFrame.evaluate(() => (window as unknown as { benchStart(): void }).benchStart()), 'bare');
			const oursRound = await chunkToScreen(page, chat, sim, round, async () => {
				const composer = chat.getByRole('textbox', { name: 'Message Flux' });
				await composer.fill('stream the markers');
				await composer.press('Enter');
			}, 'ours');
			console.log(`round ${round}${round === 1 ? ' (warm-up, not judged)' : ''}: p95 Flux Chat ${percentile(oursRound, 95)} ms, bare webview ${percentile(bareRound, 95)} ms`);
			if (round === 1) continue;
			bare.push(...bareRound);
			ours.push(...oursRound);
		}

		const line = (name: string, values: readonly number[]) => console.log(`${name}: p50 ${percentile(values, 50)} ms, p95 ${percentile(values, 95)} ms, max ${Math.max(...values)} ms over ${values.length} chunks`);
		line('chunk to screen, Flux Chat', ours);
		line('chunk to screen, bare webview', bare);
		line('chunk to a plain HTTP client (network floor, not judged)', floor);
		judge('chatLatency', [{
			name: 'chunk to screen p95', figure: percentile(ours, 95), baseline: percentile(bare, 95), baselineName: 'bare webview that only appends text',
			maxExcess: maxExcessMs, also: { ok: ours.length === chunkCount * (rounds - 1) && bare.length === chunkCount * (rounds - 1), what: 'every chunk seen in both' },
		}]);
		console.log(JSON.stringify({ bench: 'chatLatency', oursP50Ms: percentile(ours, 50), oursP95Ms: percentile(ours, 95), bareP50Ms: percentile(bare, 50), bareP95Ms: percentile(bare, 95), floorP95Ms: percentile(floor, 95) }));
	} finally {
		await browser.close();
		await server.stop();
		await sim.close();
		rmSync(extensionsDir, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
