// Runs one tier of mocha tests and prints `<tier>: N passed, N failed`; with FLUX_TIER_RESULTS set,
// also writes the counts there so scripts/test.mjs can add up every tier.
// Usage: node scripts/runMocha.mjs <tier> <timeout-ms> <file-or-dir>...
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

const [tier, timeout, ...paths] = process.argv.slice(2);

function collect(path, suffix) {
	if (!statSync(path, { throwIfNoEntry: false })) return [];
	if (statSync(path).isFile()) return [path];
	return readdirSync(path, { recursive: true })
		.filter((f) => f.endsWith(suffix))
		.sort()
		.map((f) => join(path, f));
}

const mocha = new Mocha({ timeout: Number(timeout), reporter: 'spec', color: process.stdout.isTTY });
const files = paths.flatMap((p) => collect(p, tier === 'e2e' ? '.e2e.js' : '.test.js'));
for (const file of files) mocha.addFile(file);

const runner = mocha.run(() => {
	const passed = runner.stats?.passes ?? 0;
	const failed = (runner.stats?.failures ?? 0) + (files.length === 0 ? 1 : 0);
	if (files.length === 0) console.log(`${tier}: no test files under ${paths.join(', ')}`);
	console.log(`${tier}: ${passed} passed, ${failed} failed`);
	if (process.env.FLUX_TIER_RESULTS) writeFileSync(process.env.FLUX_TIER_RESULTS, JSON.stringify({ passed, failed }));
	process.exitCode = failed > 0 ? 1 : 0;
});
