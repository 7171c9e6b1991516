import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';

/**
 * The entry VS Code calls inside the extension host (`extensionTestsPath`), from
 * @vscode/test-electron or from the code-server runner. It runs every `*.test.js` beside it in
 * suite/ (or restricted/) and, when FLUX_TEST_RESULTS names a file, writes the counts there for the launcher
 * (and, as it goes, each finished test's title to `<file>.progress`, so the launcher can tell a slow
 * suite from a stuck one).
 */
export async function run(): Promise<void> {
	// FLUX_TEST_GREP runs only the tests whose full title matches (while working on one suite).
	const mocha = new Mocha({ ui: 'bdd', timeout: 20_000, color: false, reporter: 'spec', ...(process.env.FLUX_TEST_GREP ? { grep: process.env.FLUX_TEST_GREP } : {}) });
	// FLUX_TEST_SUITE picks another folder beside suite/ (restricted/: the tests of an untrusted workspace).
	const suiteDir = join(__dirname, process.env.FLUX_TEST_SUITE === 'restricted' ? 'restricted' : 'suite');
	for (const file of readdirSync(suiteDir).filter((f) => f.endsWith('.test.js')).sort()) {
		mocha.addFile(join(suiteDir, file));
	}
	const failures: { title: string; error: string }[] = [];
	const stats = await new Promise<{ passed: number; failed: number }>((resolve) => {
		const runner = mocha.run(() => resolve({ passed: runner.stats?.passes ?? 0, failed: runner.stats?.failures ?? 0 }));
		const progress = (title: string) => process.env.FLUX_TEST_RESULTS && appendFileSync(`${process.env.FLUX_TEST_RESULTS}.progress`, `${title}\n`);
		runner.on('fail', (test, error: Error) => {
			failures.push({ title: test.fullTitle(), error: String(error?.stack ?? error) });
			// A failed hook is progress too: its tests are skipped and will not end.
			progress(test.fullTitle());
		});
		runner.on('test end', (test) => progress(test.fullTitle()));
	});
	const resultsFile = process.env.FLUX_TEST_RESULTS;
	if (resultsFile) writeFileSync(resultsFile, JSON.stringify({ ...stats, failures }, null, '\t'));
	if (stats.failed > 0) throw new Error(`${stats.failed} integration test(s) failed`);
}
