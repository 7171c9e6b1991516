import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { launchChromium } from '../harness/browser';
import { copySampleWorkspace, serverLog, startVsCodeServer, type VsCodeVersion } from '../harness/vscodeServer';
import { startFluxSimulator } from '../sim/fluxSimulator';
import type { DurabilityControl, DurabilityReport } from './durability/payload';

/**
 * Kills the extension host of a real VS Code in the middle of a streamed reply, over and over,
 * and checks after each restart that no completed turn was lost and the reply in flight came
 * back marked interrupted. The simulator runs here, outside the host, so it outlives each kill
 * and tells us when the reply is streaming.
 * Usage: node out/test/integration/runDurability.js [kills] [version]
 */

const root = resolve(__dirname, '..', '..', '..');
const kills = Number(process.argv[2] ?? 10);
const version = (process.argv[3] ?? '1.139.1') as VsCodeVersion;
const apiKey = 'sk-durability-test-key';

interface Expected { readonly question: string; readonly status: string; readonly text?: string; readonly error?: RegExp }

async function main(): Promise<void> {
	const sim = await startFluxSimulator({ apiKeys: [apiKey] });
	const work = mkdtempSync(join(tmpdir(), 'flux-durability-'));
	const controlFile = join(work, 'control.json');
	const workspace = copySampleWorkspace(root);
	const server = await startVsCodeServer({
		version,
		settings: { 'flux.baseUrl': sim.baseUrl, 'flux.tools.enabled': false },
		env: { FLUX_API_KEY: apiKey, FLUX_DURABILITY_CONTROL: controlFile },
	});
	const browser = await launchChromium();
	// One browser profile for every launch, like one VS Code install restarted.
	const profile = await browser.newContext();
	const expected: Expected[] = [];
	let passed = 0;
	let failed = 0;
	try {
		for (let launch = 0; launch <= kills; launch++) {
			const last = launch === kills;
			const questions = last ? [] : [`question ${launch}a`, `question ${launch}b`];
			for (const q of questions) sim.script.push({ content: `Answer to ${q}: ${'done '.repeat(20).trim()}.` });
			// The kill lands after a different number of deltas each time.
			const killAfterDeltas = 2 + (launch % 5) * 3;
			if (!last) sim.script.push({ chunks: Array.from({ length: 400 }, (_, i) => `w${i} `), tokenDelayMs: 25 });
			const report = join(work, `report-${launch}.json`);
			const control: DurabilityControl = { report, questions, ...(last ? {} : { slowQuestion: `slow question ${launch}` }) };
			writeFileSync(controlFile, JSON.stringify(control));

			const page = await profile.newPage();
			await page.goto(server.url(workspace, [
				['extensionDevelopmentPath', server.remoteUri(root)],
				['extensionTestsPath', server.remoteUri(join(root, 'out', 'test', 'integration', 'durability', 'payload.js'))],
			]));
			const found = await waitFor(() => existsSync(report) ? JSON.parse(readFileSync(report, 'utf8')) as DurabilityReport : undefined, 120_000, `launch ${launch}: no report.\n${serverLog(server)}`);
			const problem = compare(found, expected);
			if (problem) {
				failed++;
				console.log(`  ✗ restart ${launch}: ${problem}`);
			} else if (launch > 0) {
				passed++;
				console.log(`  ✓ restart ${launch}: ${found.turns.length} turns back, the one in flight marked interrupted (killed after ${2 + ((launch - 1) % 5) * 3} deltas)`);
			}
			if (last) {
				await page.close();
				break;
			}
			const slow = `slow question ${launch}`;
			await waitFor(() => {
				const request = sim.requests.find((r) => r.path === '/v1/chat/completions' && lastUserText(r.body) === slow);
				return request && request.deltaSentAt.length >= killAfterDeltas ? true : undefined;
			}, 60_000, `launch ${launch}: the slow reply never streamed`);
			process.kill(found.pid, 'SIGKILL');
			await waitFor(() => isAlive(found.pid) ? undefined : true, 10_000, `launch ${launch}: host ${found.pid} still alive`);
			await page.close();
			for (const q of questions) expected.push({ question: q, status: 'done', text: `Answer to ${q}: ${'done '.repeat(20).trim()}.` });
			expected.push({ question: slow, status: 'incomplete', error: /^Interrupted/ });
		}
	} catch (error) {
		failed++;
		console.log(`  ✗ ${(error as Error).message}`);
	} finally {
		await browser.close();
		await server.stop();
		await sim.close();
		rmSync(work, { recursive: true, force: true });
		rmSync(dirname(workspace), { recursive: true, force: true });
	}
	console.log(`durability (extension host killed mid-stream ${kills} times, VS Code ${version}): ${passed} passed, ${failed} failed`);
	if (process.env.FLUX_TIER_RESULTS) writeFileSync(process.env.FLUX_TIER_RESULTS, JSON.stringify({ passed, failed }));
	process.exitCode = failed > 0 || passed !== kills ? 1 : 0;
}

/** Undefined when the restored turns are exactly the expected ones, else what differs. */
function compare(found: DurabilityReport, expected: readonly Expected[]): string | undefined {
	if (found.turns.length !== expected.length) return `expected ${expected.length} turns, found ${found.turns.length}: ${JSON.stringify(found.turns.map((t) => [t.question, t.status]))}`;
	for (let i = 0; i < expected.length; i++) {
		const want = expected[i];
		const got = found.turns[i];
		if (got.question !== want.question || got.status !== want.status) return `turn ${i}: expected ${want.question}/${want.status}, found ${got.question}/${got.status}`;
		if (want.text !== undefined && got.text !== want.text) return `turn ${i}: text changed: ${JSON.stringify(got.text)}`;
		if (want.error && !want.error.test(got.error ?? '')) return `turn ${i}: expected an interrupted note, found ${JSON.stringify(got.error)}`;
	}
	return undefined;
}

function lastUserText(body: unknown): string | undefined {
	const messages = (body as { messages?: { role: string; content: unknown }[] }).messages ?? [];
	const last = messages.filter((m) => m.role === 'user').at(-1);
	return typeof last?.content === 'string' ? last.content : undefined;
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs: number, message: string): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(message);
		await new Promise((r) => setTimeout(r, 50));
	}
}

void main();
