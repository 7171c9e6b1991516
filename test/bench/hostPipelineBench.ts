import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Anthropic from '@anthropic-ai/sdk';
import { OpenAI } from 'openai';
import { ConversationLibrary } from '../../src/chat/history/conversationLibrary';
import { ConversationRunner } from '../../src/chat/turns/conversationRunner';
import { HistoryStore } from '../../src/chat/history/historyStore';
import { UsageMeter } from '../../src/chat/usage/usageMeter';
import { anthropicBaseUrl, FluxClient, type FluxApiFormat } from '../../src/flux/fluxClient';
import { silentLogger } from '../../src/flux/logger';
import type { HostMessage } from '../../src/protocol/messages';
import { FakeSessionState, FakeSpendLedger } from '../fakes/fakeSessionState';

/**
 * The extension host's own cost of streaming a long reply (issue 13.9). A 20,000-token reply
 * from the simulator, unthrottled, goes through the real FluxClient, runTurn and
 * ConversationRunner (with the history written to a temporary folder) into a webview stand-in
 * whose `emit` serialises each message as `postMessage` would and notes when it came.
 * Baseline in the same run: the bare SDK loop of the same wire format over the same scripted
 * stream (`for await (const chunk of stream)` concatenating the text), for each of the two
 * formats: `openai` beside the openai client, `anthropic` beside the @anthropic-ai/sdk client.
 *
 * The simulator runs in a child process, so `process.cpuUsage()` of this process is the client
 * side alone: its own CPU does not pollute either figure. Runs alternate in ABBA order after one
 * warm-up of each; the figures are medians. Targets: our CPU at most 1.5x the bare loop, and at
 * most 60 messages posted to the view in any one second (and between consecutive `turn/delta`s
 * on average).
 * Run: `npm run bench hostPipeline`.
 */
const tokenCount = 20_000;
const runs = 10;
const cpuRatioTarget = 1.5;
const messagesPerSecondTarget = 60;
const model = 'flux-pinned-claude-sonnet';
/** Room for the whole reply: the Anthropic format always sends a cap, and 8,192 would cut it. */
const maxOutputTokens = 32_000;

/** Word-sized tokens with paragraph breaks now and then, as a long markdown answer streams. */
const chunks = Array.from({ length: tokenCount }, (_, i) => `${i % 40 === 39 ? '\n\n' : ' '}${['the', 'parser', 'reads', 'each', 'token', 'and', '`emit()`', 'keeps', 'state'][i % 9]}`);
const fullText = chunks.join('');

interface RunFigures {
	readonly cpuMs: number;
	readonly wallMs: number;
}

interface OurFigures extends RunFigures {
	readonly messages: number;
	readonly deltas: number;
	/** The most messages posted within any one second. */
	readonly peakPerSecond: number;
	/** turn/deltas per second from the first to the one before the last (the end of the reply). */
	readonly deltaRate: number;
}

function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
	const used = process.cpuUsage(start);
	return (used.user + used.system) / 1000;
}

/** Starts `out/test/sim/main.js` on a free port in a child process; resolves with its base URL. */
function startSimulatorProcess(): Promise<{ child: ChildProcess; baseUrl: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [join(__dirname, '..', 'sim', 'main.js'), '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
		let out = '';
		child.stdout!.setEncoding('utf8');
		child.stdout!.on('data', (text: string) => {
			out += text;
			const match = /listening on (http:\/\/\S+)/.exec(out);
			if (match) resolve({ child, baseUrl: match[1] });
		});
		child.once('exit', (code) => reject(new Error(`the simulator exited (${code}) before it listened:\n${out}`)));
		child.once('error', reject);
	});
}

async function script(baseUrl: string): Promise<void> {
	const res = await fetch(`${baseUrl.replace(/\/v1$/, '')}/_sim/script`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ chunks, model: 'claude-sonnet' }),
	});
	if (!res.ok) throw new Error(`scripting the simulator failed: ${res.status}`);
}

async function bareLoop(baseUrl: string, format: FluxApiFormat): Promise<RunFigures> {
	const messages = [{ role: 'user' as const, content: 'Write a long answer.' }];
	await script(baseUrl);
	global.gc?.();
	const wall = performance.now();
	const cpu = process.cpuUsage();
	let text = '';
	if (format === 'openai') {
		const client = new OpenAI({ baseURL: baseUrl, apiKey: 'sk-bench', maxRetries: 0 });
		const stream = await client.chat.completions.create({ model, stream: true, messages });
		for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
	} else {
		const client = new Anthropic({ baseURL: anthropicBaseUrl(baseUrl), apiKey: 'sk-bench', maxRetries: 0 });
		const stream = await client.messages.create({ model, stream: true, max_tokens: maxOutputTokens, messages });
		for await (const event of stream) if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
	}
	const figures = { cpuMs: cpuMsSince(cpu), wallMs: performance.now() - wall };
	if (text !== fullText) throw new Error(`the bare loop read ${text.length} characters, not ${fullText.length}`);
	return figures;
}

async function ours(baseUrl: string, format: FluxApiFormat): Promise<OurFigures> {
	const dir = mkdtempSync(join(tmpdir(), 'flux-bench-pipeline-'));
	const posted: { readonly type: string; readonly at: number }[] = [];
	let bytes = 0;
	try {
		const library = new ConversationLibrary(new HistoryStore(dir, silentLogger), silentLogger);
		const runner = await ConversationRunner.open({
			createClient: async () => new FluxClient({ baseUrl, apiKey: 'sk-bench', logger: silentLogger, format, maxOutputTokens }),
			settings: () => ({ model, systemPrompt: 'Be thorough.' }),
			library,
			state: new FakeSessionState(),
			meter: new UsageMeter(new FakeSpendLedger()),
			logger: silentLogger,
			// The webview stand-in: postMessage serialises every message, so the stand-in does too.
			emit: (message: HostMessage) => {
				bytes += JSON.stringify(message).length;
				posted.push({ type: message.type, at: performance.now() });
			},
		});
		await script(baseUrl);
		global.gc?.();
		const wall = performance.now();
		const cpu = process.cpuUsage();
		runner.send('Write a long answer.');
		await runner.idle();
		const figures = { cpuMs: cpuMsSince(cpu), wallMs: performance.now() - wall };
		const text = runner.conversation.turns[0]?.reply.text;
		runner.dispose();
		if (text !== fullText || bytes < fullText.length) throw new Error(`our pipeline kept ${text?.length} characters, not ${fullText.length}`);
		const deltaTimes = posted.filter((m) => m.type === 'turn/delta').map((m) => m.at);
		const times = posted.map((m) => m.at);
		let peakPerSecond = 0;
		for (let i = 0, j = 0; i < times.length; i++) {
			while (times[i] - times[j] >= 1000) j++;
			peakPerSecond = Math.max(peakPerSecond, i - j + 1);
		}
		// The last delta is the end of the reply, posted at once by design: the rate is of the frames before it.
		const framed = deltaTimes.slice(0, -1);
		const deltaSpan = framed.length > 1 ? framed.at(-1)! - framed[0] : 0;
		return {
			...figures,
			messages: posted.length,
			deltas: deltaTimes.length,
			peakPerSecond,
			deltaRate: deltaSpan > 0 ? ((framed.length - 1) / deltaSpan) * 1000 : 0,
		};
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/** One format: warm-up, then ABBA runs; prints its figures and says whether it met the targets. */
async function measure(baseUrl: string, format: FluxApiFormat): Promise<boolean> {
	// Warm-up: JIT, the SDK's lazy modules, the first connection.
	await bareLoop(baseUrl, format);
	await ours(baseUrl, format);
	const bare: RunFigures[] = [];
	const our: OurFigures[] = [];
	// ABBA order, so neither side always runs on the heap and caches the other left behind.
	for (let i = 0; i < runs; i++) {
		if (i % 2) {
			our.push(await ours(baseUrl, format));
			bare.push(await bareLoop(baseUrl, format));
		} else {
			bare.push(await bareLoop(baseUrl, format));
			our.push(await ours(baseUrl, format));
		}
	}
	const cpuOurs = median(our.map((r) => r.cpuMs));
	const cpuBare = median(bare.map((r) => r.cpuMs));
	const ratio = median(our.map((r, i) => r.cpuMs / bare[i].cpuMs));
	const peak = Math.max(...our.map((r) => r.peakPerSecond));
	const deltaRate = median(our.map((r) => r.deltaRate));
	const sdk = format === 'openai' ? 'openai' : '@anthropic-ai/sdk';
	console.log(`${format} format: ${tokenCount} tokens (${fullText.length} characters), simulator in a child process, ${runs} runs each, medians:`);
	console.log(`  CPU   ours ${cpuOurs.toFixed(1)} ms   bare ${sdk} loop ${cpuBare.toFixed(1)} ms   ratio ${ratio.toFixed(2)}x (median of per-run ratios)`);
	console.log(`  wall  ours ${median(our.map((r) => r.wallMs)).toFixed(1)} ms   bare ${sdk} loop ${median(bare.map((r) => r.wallMs)).toFixed(1)} ms`);
	console.log(`  view  ${median(our.map((r) => r.messages))} messages (${median(our.map((r) => r.deltas))} turn/delta) for ${tokenCount} streamed deltas; peak ${peak} in any 1 s (worst run); ${deltaRate.toFixed(1)} turn/delta per s from the first to the one before the last`);
	const cpuOk = ratio <= cpuRatioTarget;
	const rateOk = peak <= messagesPerSecondTarget && deltaRate <= messagesPerSecondTarget;
	console.log(`${cpuOk ? 'PASS' : 'MISS'} ${format} CPU ratio ${ratio.toFixed(2)}x ≤ ${cpuRatioTarget}x`);
	console.log(`${rateOk ? 'PASS' : 'MISS'} ${format} messages to the view ≤ ${messagesPerSecondTarget}/s (peak ${peak} in any 1 s, ${deltaRate.toFixed(1)} deltas/s)`);
	return cpuOk && rateOk;
}

async function main(): Promise<void> {
	const { child, baseUrl } = await startSimulatorProcess();
	try {
		const met = [await measure(baseUrl, 'openai'), await measure(baseUrl, 'anthropic')];
		process.exitCode = met.every(Boolean) ? 0 : 1;
	} finally {
		child.kill();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
