import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { fakeToolEnvironment } from '../fakes/fakeToolEnvironment';
import { copySampleWorkspace, vscodeVersions } from '../harness/vscodeServer';

/**
 * The same integration suite through @vscode/test-electron, for machines that can download
 * VS Code (this one cannot: use runCodeServer.js there). On a headless Linux box run it under
 * `xvfb-run -a`.
 */
const root = resolve(__dirname, '..', '..', '..');

async function main(): Promise<void> {
	let failed = 0;
	let passed = 0;
	for (const version of vscodeVersions) {
		const resultsFile = join(mkdtempSync(join(tmpdir(), 'flux-results-')), 'results.json');
		try {
			await runTests({
				version,
				// Flux Chat and the test extension that uses its models through vscode.lm.
				extensionDevelopmentPath: [root, join(root, 'test', 'integration', 'lmClient'), join(root, 'test', 'integration', 'lmTool')],
				extensionTestsPath: join(root, 'out', 'test', 'integration', 'index.js'),
				// As runCodeServer.ts: every test under other tools' variables for the SDKs.
				extensionTestsEnv: { ...fakeToolEnvironment, FLUX_TEST_RESULTS: resultsFile },
				launchArgs: [copySampleWorkspace(root), '--disable-extensions', '--disable-workspace-trust'],
			});
		} catch (error) {
			console.log(`integration (electron) on VS Code ${version}: ${(error as Error).message}`);
		}
		try {
			const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as { passed: number; failed: number };
			passed += results.passed;
			failed += results.failed;
		} catch {
			failed += 1;
		}
	}
	console.log(`integration (electron): ${passed} passed, ${failed} failed`);
	process.exitCode = failed > 0 ? 1 : 0;
}

void main();
