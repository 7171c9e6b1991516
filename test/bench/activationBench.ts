import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { launchChromium } from '../harness/browser';
import { copySampleWorkspace, startVsCodeServer, vscodeVersions, type VsCodeVersion } from '../harness/vscodeServer';
import type { ActivationSample } from './activation/probe';
import type { Row } from './verdict';
import { judge } from './verdict';

/**
 * How long Flux's activate() takes in the real extension host of each VS Code version, over
 * several fresh extension hosts (one workbench page each; the median is reported). Baseline in
 * the same hosts: VS Code activating an extension whose activate() is empty, timed from outside as
 * `await getExtension(id).activate()`. Flux is timed both inside activate() (performance.now() at
 * its first and last line: the target) and from outside the same way as the baseline (adds loading
 * dist/extension.js). Target (verdict.ts): the inside median at most 20 ms over the empty
 * extension's, so a loaded machine, which slows both, does not fail it. The inside figure is taken where a
 * user's activate() returns; under tests activate() then also opens the saved conversation for the
 * test API, which the outside figure includes.
 * Run: `npm run bench activation` (after scripts/setup-vscode.sh); FLUX_BENCH_RUNS sets the number of
 * extension hosts (5), FLUX_BENCH_VERSIONS a comma-separated list of versions (both).
 */

const root = resolve(__dirname, '..', '..', '..');
const runs = Number(process.env.FLUX_BENCH_RUNS ?? 5);
/** Flux's activate() body may take this much more than VS Code activating an empty extension. */
const maxExcessMs = 20;
const perRunTimeoutMs = 90_000;

function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function samplesOn(version: VsCodeVersion): Promise<ActivationSample[]> {
	const dir = mkdtempSync(join(tmpdir(), 'flux-activation-'));
	const resultsFile = join(dir, 'samples.jsonl');
	const extensionsDir = join(dir, 'extensions');
	cpSync(join(__dirname, '..', '..', '..', 'test', 'bench', 'activation', 'emptyExtension'), join(extensionsDir, 'fluxchat-test.empty-0.0.1'), { recursive: true });
	const workspace = copySampleWorkspace(root);
	const live = await startVsCodeServer({ version, extensionsDir, env: { FLUX_BENCH_RESULTS: resultsFile } });
	const browser = await launchChromium();
	const count = () => existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8').trim().split('\n').length : 0;
	try {
		// Each page is a new window, and so a new extension host that loads and activates everything afresh.
		for (let i = 0; i < runs; i++) {
			const page = await browser.newPage();
			await page.goto(live.url(workspace, [
				['extensionDevelopmentPath', live.remoteUri(root)],
				['extensionTestsPath', live.remoteUri(join(root, 'out', 'test', 'bench', 'activation', 'probe.js'))],
			]));
			const deadline = Date.now() + perRunTimeoutMs;
			while (count() <= i) {
				if (Date.now() > deadline) throw new Error(`no activation figure from VS Code ${version} (run ${i + 1}) within ${perRunTimeoutMs / 1000} s`);
				await new Promise((r) => setTimeout(r, 200));
			}
			await page.close();
		}
		return readFileSync(resultsFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as ActivationSample);
	} finally {
		await browser.close();
		await live.stop();
		rmSync(dir, { recursive: true, force: true });
		rmSync(dirname(workspace), { recursive: true, force: true });
	}
}

async function main(): Promise<void> {
	const rows: Row[] = [];
	for (const version of (process.env.FLUX_BENCH_VERSIONS?.split(',') as VsCodeVersion[] | undefined) ?? vscodeVersions) {
		const samples = await samplesOn(version);
		const inside = median(samples.map((s) => s.insideMs));
		const outside = median(samples.map((s) => s.outsideMs));
		const empty = median(samples.map((s) => s.emptyMs));
		const early = samples.filter((s) => s.alreadyActive).length;
		console.log(`VS Code ${version}, median of ${samples.length} extension hosts; activate() body runs: ${samples.map((s) => s.insideMs.toFixed(1)).join(', ')}`);
		rows.push({ name: `VS Code ${version}: Flux activate() body`, figure: inside, baseline: empty, baselineName: 'an empty extension activated, timed from outside', maxExcess: maxExcessMs });
		// No target: this one adds loading dist/extension.js and, under tests, opening the saved conversation.
		rows.push({ name: `VS Code ${version}: Flux getExtension().activate()${early ? ` (${early} run(s) already active, so not meaningful there)` : ''}`, figure: outside, baseline: empty, baselineName: 'the same for an empty extension' });
	}
	judge('activationBench', rows);
}

main().catch((error: Error) => {
	console.error(error.message);
	process.exitCode = 1;
});
