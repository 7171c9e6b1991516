import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fakeToolEnvironment } from '../fakes/fakeToolEnvironment';
import { launchChromium } from '../harness/browser';
import { copySampleWorkspace, serverLog, startVsCodeServer, vscodeVersions, type VsCodeVersion } from '../harness/vscodeServer';

/**
 * Runs the integration suite inside the extension host of a real VS Code server, offline: the
 * workbench is opened in Chromium with a test payload, and the suite reports through a JSON file.
 * Usage: node out/test/integration/runCodeServer.js [1.100.3|1.139.1 ...]
 */

const root = resolve(__dirname, '..', '..', '..');
/**
 * How long the suite may go without finishing a test (each test's own timeout is at most 90 s).
 * The suite as a whole has no deadline: it grows with every feature, and a fixed 180 s for all of
 * it failed on a loaded machine once the inline-rewrite tests were added.
 */
const quietMs = 180_000;

interface Results { passed: number; failed: number; failures: { title: string; error: string }[] }

/**
 * The suites and the settings they run under: suite/ in a trusted folder (workspace trust off, as
 * everywhere in these tests), restricted/ in a folder that opens untrusted, in Restricted Mode.
 */
const passes = [
	{ name: 'suite', settings: {} },
	{ name: 'restricted', settings: { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' } },
] as const;

/**
 * VS Code 1.100 checks each MCP tool's input schema with the JSON language features against the
 * draft-07 meta-schema, which it downloads by its https address; offline the download fails, the
 * check reports "Unable to load schema", and VS Code leaves every MCP tool out. Here the
 * meta-schema is given for that address in `json.schemas` (from ajv, which the MCP SDK brings), as
 * a user behind a firewall would. Later builds (1.139) no longer check this way.
 */
const offlineMetaSchema = {
	'json.schemas': [{ url: 'https://json-schema.org/draft-07/schema', schema: JSON.parse(readFileSync(require.resolve('ajv/dist/refs/json-schema-draft-07.json'), 'utf8')) as unknown }],
};

async function runOn(version: VsCodeVersion, pass: typeof passes[number]): Promise<Results> {
	const resultsDir = mkdtempSync(join(tmpdir(), 'flux-results-'));
	const resultsFile = join(resultsDir, 'results.json');
	// The extension host inherits the server's environment: that is how the path reaches the suite.
	// The workspace configures the test MCP server (.vscode/mcp.json); it records its calls here.
	const mcpCalls = join(resultsDir, 'mcp-calls.jsonl');
	const workspace = copySampleWorkspace(root, { mcpCalls });
	// A second extension that uses Flux's models through vscode.lm, as any extension would. It is
	// installed unpacked rather than passed as a second extensionDevelopmentPath: the web
	// workbench reads its test payload into a map, so only one development path survives.
	const extensionsDir = join(resultsDir, 'extensions');
	cpSync(join(root, 'test', 'integration', 'lmClient'), join(extensionsDir, 'fluxchat-test.lm-client-0.0.1'), { recursive: true });
	// A third that contributes language model tools, for Flux's tool belt.
	cpSync(join(root, 'test', 'integration', 'lmTool'), join(extensionsDir, 'fluxchat-test.lm-tool-0.0.1'), { recursive: true });
	// Every test runs under what other tools' setups leave in the environment for the SDKs, which
	// Flux Chat must not send (suite/environment.test.ts checks what it does send).
	const live = await startVsCodeServer({
		version, extensionsDir, settings: { ...pass.settings, ...offlineMetaSchema },
		env: { ...fakeToolEnvironment, FLUX_TEST_RESULTS: resultsFile, FLUX_MCP_CALLS: mcpCalls, FLUX_TEST_SUITE: pass.name, ...(process.env.FLUX_TEST_GREP ? { FLUX_TEST_GREP: process.env.FLUX_TEST_GREP } : {}) },
	});
	const browser = await launchChromium();
	try {
		const page = await browser.newPage();
		await page.goto(live.url(workspace, [
			['extensionDevelopmentPath', live.remoteUri(root)],
			['extensionTestsPath', live.remoteUri(join(root, 'out', 'test', 'integration', 'index.js'))],
		]));
		// The suite appends each finished test's title to the progress file (index.ts).
		const progressFile = `${resultsFile}.progress`;
		const finished = () => existsSync(progressFile) ? readFileSync(progressFile, 'utf8').split('\n').filter(Boolean) : [];
		let seen = 0;
		let deadline = Date.now() + quietMs;
		while (!existsSync(resultsFile)) {
			const done = finished();
			if (done.length > seen) {
				seen = done.length;
				deadline = Date.now() + quietMs;
			}
			if (Date.now() > deadline) {
				throw new Error(`VS Code ${version} finished no test for ${quietMs / 1000} s (${seen} finished, the last: ${done.at(-1) ?? 'none'}). Server log:\n${serverLog(live)}`);
			}
			await new Promise((r) => setTimeout(r, 250));
		}
		await new Promise((r) => setTimeout(r, 100));
		return JSON.parse(readFileSync(resultsFile, 'utf8')) as Results;
	} finally {
		await browser.close();
		await live.stop();
		rmSync(resultsDir, { recursive: true, force: true });
		rmSync(dirname(workspace), { recursive: true, force: true });
	}
}

async function main(): Promise<void> {
	const versions = process.argv.slice(2).length ? process.argv.slice(2) as VsCodeVersion[] : [...vscodeVersions];
	let passed = 0;
	let failed = 0;
	for (const version of versions) for (const pass of passes) {
		const name = `VS Code ${version}${pass.name === 'restricted' ? ' (Restricted Mode)' : ''}`;
		try {
			const results = await runOn(version, pass);
			console.log(`integration on ${name}: ${results.passed} passed, ${results.failed} failed`);
			for (const f of results.failures) console.log(`  ✗ ${f.title}\n    ${f.error.split('\n').slice(0, 14).join('\n    ')}`);
			passed += results.passed;
			failed += results.failed;
		} catch (error) {
			console.log(`integration on ${name}: could not run: ${(error as Error).message}`);
			failed += 1;
		}
	}
	console.log(`integration: ${passed} passed, ${failed} failed`);
	if (process.env.FLUX_TIER_RESULTS) writeFileSync(process.env.FLUX_TIER_RESULTS, JSON.stringify({ passed, failed }));
	process.exitCode = failed > 0 ? 1 : 0;
}

void main();
