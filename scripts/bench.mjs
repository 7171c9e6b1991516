// `npm run bench`: builds, then runs every benchmark in test/bench; each prints its figures beside a
// baseline measured in the same run and exits non-zero when it misses its target.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { ensureDependencies, root } from './deps.mjs';

const only = process.argv.slice(2);
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] }).status === 0;

// The same installs as `npm test`: npm packages, then ripgrep, Chromium and the VS Code builds.
if (!ensureDependencies() || !run('bash', ['scripts/setup-vscode.sh']) || !run('npx', ['tsc', '-b']) || !run('node', ['esbuild.mjs'])) process.exit(1);
// verdict.js is the benches' shared judge, not a bench.
const benches = readdirSync(`${root}/out/test/bench`)
	.filter((f) => f.endsWith('.js') && f !== 'verdict.js' && (only.length === 0 || only.some((name) => f.includes(name))))
	.sort();
let failed = 0;
for (const file of benches) {
	console.log(`\n== ${file}`);
	// --expose-gc lets a benchmark collect its own garbage before a measured call.
	if (!run('node', ['--expose-gc', `out/test/bench/${file}`])) failed++;
}
console.log(`\nbench: ${benches.length - failed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
