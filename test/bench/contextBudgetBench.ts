import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ContextBudget, historyMessages, type ContextSummary } from '../../src/chat/context/contextBudget';
import { LazyTokenCounter } from '../../src/chat/context/tokenCounter';
import { runTurn } from '../../src/chat/turns/turnRunner';
import { FluxClient } from '../../src/flux/fluxClient';
import { silentLogger } from '../../src/flux/logger';
import type { Turn } from '../../src/chat/model';
import type { CodeContextView } from '../../src/protocol/messages';
import { BACKING_MODELS } from '../sim/catalogue';
import { startFluxSimulator, type FluxSimulator } from '../sim/fluxSimulator';
import { countPromptTokens, servedPromptTokens } from '../sim/tokens';

/**
 * The context budget over a scripted 300-turn conversation (varied questions, pasted code of a few
 * thousand tokens, replies of realistic length), built the way the runner builds it: `prepare`,
 * then `runTurn` with the budget, the question and reply appended to the history. The simulator
 * counts every request with the served model's tokenizer ratio: that is the ground truth.
 *
 * Checks (exit 1 on any miss): no request over the served model's window or over
 * `maxInputTokens`, no `context_length_exceeded`, every turn answered. Reports the requests,
 * the largest prompt against the budget, the summaries and what they cost, the input tokens sent
 * against sending the full history every turn (the baseline, counted by the simulator for the
 * model that served each turn), and the time `prepare` takes against just building the messages.
 * Run: `npx tsc -b && node out/test/bench/contextBudgetBench.js`.
 */

const root = resolve(__dirname, '..', '..', '..');
const turnCount = 300;
const systemPrompt = 'You are Flux, a helpful assistant inside VS Code. Answer concisely; use Markdown and fenced code blocks with a language.';

interface Run {
	readonly name: string;
	readonly model: string;
	readonly maxInputTokens?: number;
}

const runs: readonly Run[] = [
	{ name: 'flux-auto, maxInputTokens 24,000', model: 'flux-auto', maxInputTokens: 24_000 },
	{ name: 'flux-auto, served windows', model: 'flux-auto' },
	{ name: 'pinned claude-sonnet (tokenizer ×1.15)', model: 'flux-pinned-claude-sonnet' },
];

/** A small deterministic generator, so every run sees the same conversation. */
function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
		return state / 2 ** 32;
	};
}

const vocabulary = ('the a to of and in that is for it with as on this be are by from or an at config value request model window token budget function ' +
	'summary history turn reply stream error retry handler parse result array string number promise async await cache index file path test build ' +
	'router client server header usage cost context message system user assistant tool call schema option setting extension webview view panel').split(' ');

function sentence(next: () => number, words: number): string {
	const picked = Array.from({ length: words }, () => vocabulary[Math.floor(next() * vocabulary.length)]);
	return `${picked[0][0].toUpperCase()}${picked.join(' ').slice(1)}.`;
}

function prose(next: () => number, words: number): string {
	const sentences: string[] = [];
	for (let left = words; left > 0;) {
		const n = Math.min(left, 6 + Math.floor(next() * 14));
		sentences.push(sentence(next, n));
		left -= n;
	}
	return sentences.join(' ');
}

/** The repository's own TypeScript, for pasted code. */
function sourceFiles(): { path: string; lines: string[] }[] {
	const files: { path: string; lines: string[] }[] = [];
	for (const folder of ['src/chat', 'src/flux', 'src/tools', 'src/views', 'test/sim']) {
		for (const name of readdirSync(join(root, folder)).filter((f) => f.endsWith('.ts'))) {
			files.push({ path: `${folder}/${name}`, lines: readFileSync(join(root, folder, name), 'utf8').split('\n') });
		}
	}
	return files.filter((f) => f.lines.length > 60);
}

interface ScriptedTurn {
	readonly question: string;
	readonly context?: CodeContextView;
	readonly reply: string;
}

/** 300 turns: mostly short questions, some long ones, one in eight with pasted code; replies of 100–900 words. */
function conversation(): ScriptedTurn[] {
	const next = random(42);
	const files = sourceFiles();
	return Array.from({ length: turnCount }, (_, i): ScriptedTurn => {
		const kind = next();
		const question = kind < 0.6 ? prose(next, 8 + Math.floor(next() * 30)) : prose(next, 60 + Math.floor(next() * 160));
		let context: CodeContextView | undefined;
		if (i % 8 === 3) {
			const file = files[Math.floor(next() * files.length)];
			const length = Math.min(file.lines.length, 120 + Math.floor(next() * 280));
			const start = Math.floor(next() * (file.lines.length - length + 1));
			context = { path: file.path, language: 'typescript', startLine: start + 1, endLine: start + length, text: file.lines.slice(start, start + length).join('\n') };
		}
		const replyWords = 100 + Math.floor(next() * 800);
		const code = next() < 0.3 ? `\n\n\`\`\`typescript\nexport function step${i}(value: number): number {\n\treturn value * ${i} + 1;\n}\n\`\`\`\n\n` : '\n\n';
		const reply = `${prose(next, Math.floor(replyWords / 2))}${code}${prose(next, Math.ceil(replyWords / 2))}`;
		return { question, ...(context ? { context } : {}), reply };
	});
}

/** A summary of realistic length (the simulator's default reply would be shorter). */
const summaryReply = Array.from({ length: 40 }, (_, i) => `- Point ${i + 1}: ${prose(random(i), 20)}`).join('\n');

function percentile(values: readonly number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

interface RunResult {
	readonly run: Run;
	readonly requests: number;
	readonly turnRequests: number;
	readonly failures: string[];
	readonly maxPrompt: number;
	readonly maxPromptModel: string;
	readonly budgetAtMax: number;
	readonly summaries: number;
	readonly summaryCalls: number;
	readonly summaryPromptTokens: number;
	readonly summaryCompletionTokens: number;
	readonly droppedTurnsMax: number;
	readonly sentTokens: number;
	readonly fullHistoryTokens: number;
	readonly fullHistoryOverWindow: number;
	readonly prepareMs: number[];
	readonly prepareNoSummaryMs: number[];
	readonly buildMs: number[];
	readonly seconds: number;
}

async function runConversation(sim: FluxSimulator, run: Run, script: readonly ScriptedTurn[]): Promise<RunResult> {
	sim.reset();
	const started = performance.now();
	const createClient = async () => new FluxClient({ baseUrl: sim.baseUrl, apiKey: 'sk-bench', logger: silentLogger, timeoutMs: 30_000 });
	const budget = new ContextBudget({ createClient, logger: silentLogger });
	const history: Turn[] = [];
	let summary: ContextSummary | undefined;
	const failures: string[] = [];
	const prepareMs: number[] = [];
	const prepareNoSummaryMs: number[] = [];
	const buildMs: number[] = [];
	let fullHistoryTokens = 0;
	let fullHistoryOverWindow = 0;
	let summaries = 0;
	let droppedTurnsMax = 0;
	let maxPrompt = 0;
	let maxPromptModel = '';
	let budgetAtMax = 0;
	const turnRecordIds = new Set<string>();

	for (let i = 0; i < script.length; i++) {
		const scripted = script[i];
		const current = { question: scripted.question, ...(scripted.context ? { context: scripted.context } : {}) };
		const t0 = performance.now();
		const full = historyMessages(systemPrompt, history, current);
		buildMs.push(performance.now() - t0);

		sim.enqueue({ content: summaryReply });
		const before = sim.requests.length;
		const t1 = performance.now();
		const prepared = await budget.prepare({ model: run.model, systemPrompt, history, current, ...(summary ? { summary } : {}), ...(run.maxInputTokens ? { maxInputTokens: run.maxInputTokens } : {}) }, new AbortController().signal);
		const elapsed = performance.now() - t1;
		sim.script.clear();
		prepareMs.push(elapsed);
		if (sim.requests.length === before) prepareNoSummaryMs.push(elapsed);
		if (prepared.summaryIsNew) summaries++;
		if (prepared.summary) summary = prepared.summary;
		droppedTurnsMax = Math.max(droppedTurnsMax, prepared.context.droppedTurns);

		sim.enqueue({ content: scripted.reply });
		const turnId = `turn-${i + 1}`;
		const reply = await runTurn({ turnId, model: run.model, messages: prepared.messages, budget: { budget, ...(run.maxInputTokens ? { maxInputTokens: run.maxInputTokens } : {}), prepared: prepared.context } }, new AbortController().signal, {
			createClient, logger: silentLogger, onReply: () => {}, emit: () => {}, sleep: async () => {},
		});
		const record = sim.requests.at(-1)!;
		turnRecordIds.add(record.id);
		if (reply.status !== 'done') failures.push(`turn ${i + 1}: ${reply.status} ${reply.error?.message ?? ''}`);
		if (record.promptTokens !== undefined && record.promptTokens > maxPrompt) {
			maxPrompt = record.promptTokens;
			maxPromptModel = record.servedModel ?? '?';
			budgetAtMax = prepared.context.budgetTokens;
		}
		// The baseline: the whole history, counted by the simulator for the model that served this turn.
		const served = BACKING_MODELS[record.servedModel ?? ''] ?? BACKING_MODELS['claude-sonnet'];
		const fullTokens = servedPromptTokens(served, countPromptTokens(full, undefined));
		fullHistoryTokens += fullTokens;
		if (fullTokens > served.contextWindow) fullHistoryOverWindow++;
		history.push({ id: turnId, question: scripted.question, ...(scripted.context ? { context: scripted.context } : {}), reply: { status: 'done', text: reply.text, reasoning: '' } });
	}

	await sim.idle();
	const records = sim.requests.filter((r) => r.path === '/v1/chat/completions');
	let sentTokens = 0;
	let summaryPromptTokens = 0;
	let summaryCompletionTokens = 0;
	let summaryCalls = 0;
	for (const r of records) {
		const window = BACKING_MODELS[r.servedModel ?? '']?.contextWindow;
		if (r.status !== 200) failures.push(`${r.id}: status ${r.status} ${JSON.stringify((r.body as { model?: string }).model)}`);
		if (r.promptTokens !== undefined && window !== undefined && r.promptTokens > window) failures.push(`${r.id}: ${r.promptTokens} prompt tokens over ${r.servedModel}'s ${window} window`);
		if (run.maxInputTokens && (r.promptTokens ?? 0) > run.maxInputTokens) failures.push(`${r.id}: ${r.promptTokens} prompt tokens over maxInputTokens ${run.maxInputTokens}`);
		if (turnRecordIds.has(r.id)) {
			sentTokens += r.promptTokens ?? 0;
		} else {
			summaryCalls++;
			summaryPromptTokens += r.promptTokens ?? 0;
			summaryCompletionTokens += r.completionTokens ?? 0;
		}
	}
	return {
		run, requests: records.length, turnRequests: turnRecordIds.size, failures, maxPrompt, maxPromptModel, budgetAtMax,
		summaries, summaryCalls, summaryPromptTokens, summaryCompletionTokens, droppedTurnsMax,
		sentTokens, fullHistoryTokens, fullHistoryOverWindow, prepareMs, prepareNoSummaryMs, buildMs,
		seconds: (performance.now() - started) / 1000,
	};
}

const n = (v: number) => Math.round(v).toLocaleString('en-US');
const ms = (v: number) => `${v.toFixed(2)} ms`;

function table(rows: readonly (readonly string[])[]): string {
	const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
	return rows.map((r) => r.map((cell, c) => c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])).join('  ')).join('\n');
}

async function main(): Promise<void> {
	const loadStarted = performance.now();
	const counter = new LazyTokenCounter({ logger: silentLogger });
	await counter.ready();
	const loadMs = performance.now() - loadStarted;
	const script = conversation();
	const sim = await startFluxSimulator();
	const results: RunResult[] = [];
	try {
		for (const run of runs) results.push(await runConversation(sim, run, script));
	} finally {
		await sim.close();
	}
	console.log(`context budget over a scripted ${turnCount}-turn conversation (tokenizer cl100k_base loaded in ${ms(loadMs)}, exact: ${counter.exact})\n`);
	const rows: string[][] = [['', ...results.map((r) => r.run.name)]];
	const row = (label: string, f: (r: RunResult) => string) => rows.push([label, ...results.map(f)]);
	row('requests (turns + summary calls)', (r) => `${r.requests} (${r.turnRequests} + ${r.summaryCalls})`);
	row('max prompt tokens (served model) / budget used', (r) => `${n(r.maxPrompt)} ${r.maxPromptModel} / ${n(r.budgetAtMax)}`);
	row('summaries made', (r) => String(r.summaries));
	row('most turns left out in one request', (r) => String(r.droppedTurnsMax));
	row('input tokens sent (turns)', (r) => n(r.sentTokens));
	row('baseline: full history every turn', (r) => n(r.fullHistoryTokens));
	row('  of which turns over the served window', (r) => String(r.fullHistoryOverWindow));
	row('sent / baseline', (r) => (r.sentTokens / r.fullHistoryTokens).toFixed(3));
	row('summary calls: input + output tokens', (r) => `${n(r.summaryPromptTokens)} + ${n(r.summaryCompletionTokens)}`);
	row('(sent + summaries) / baseline', (r) => ((r.sentTokens + r.summaryPromptTokens + r.summaryCompletionTokens) / r.fullHistoryTokens).toFixed(3));
	row('prepare p50 / p95 (all turns)', (r) => `${ms(percentile(r.prepareMs, 50))} / ${ms(percentile(r.prepareMs, 95))}`);
	row('prepare p50 / p95 (no summary call)', (r) => `${ms(percentile(r.prepareNoSummaryMs, 50))} / ${ms(percentile(r.prepareNoSummaryMs, 95))}`);
	row('baseline: build messages p50 / p95', (r) => `${ms(percentile(r.buildMs, 50))} / ${ms(percentile(r.buildMs, 95))}`);
	row('run time', (r) => `${r.seconds.toFixed(1)} s`);
	row('over budget / failed requests', (r) => String(r.failures.length));
	console.log(table(rows));
	const failures = results.flatMap((r) => r.failures.map((f) => `${r.run.name}: ${f}`));
	if (failures.length) {
		console.log(`\nFAILED:\n${failures.slice(0, 20).join('\n')}`);
		process.exitCode = 1;
	} else {
		console.log('\nno request over the served window or maxInputTokens; no context_length_exceeded.');
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
