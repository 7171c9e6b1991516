// The README's test command (`npm test`): installs what is missing, then runs every tier
// (type-check, lint, unit, integration in VS Code 1.100.3 and 1.139.1, durability (the extension host
// killed mid-stream 10 times), e2e in Chromium) and ends
// with one line `N passed, N failed` covering them all. Works from a fresh clone with no other step.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDependencies, root } from './deps.mjs';

const totals = { passed: 0, failed: 0 };
const lines = [];

function run(cmd, args, env = {}) {
	console.log(`\n$ ${[cmd, ...args].join(' ')}`);
	const result = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
	return result.status === 0;
}

/** A step that counts as one check. */
function check(name, cmd, args) {
	const ok = run(cmd, args);
	totals[ok ? 'passed' : 'failed'] += 1;
	lines.push(`${name}: ${ok ? 'passed' : 'FAILED'}`);
	return ok;
}

/** A tier whose runner writes its own counts to FLUX_TIER_RESULTS. */
function tier(name, cmd, args) {
	const dir = mkdtempSync(join(tmpdir(), 'flux-tier-'));
	const file = join(dir, 'results.json');
	run(cmd, args, { FLUX_TIER_RESULTS: file });
	let counts = { passed: 0, failed: 1 };
	if (existsSync(file)) counts = JSON.parse(readFileSync(file, 'utf8'));
	rmSync(dir, { recursive: true, force: true });
	totals.passed += counts.passed;
	totals.failed += counts.failed;
	lines.push(`${name}: ${counts.passed} passed, ${counts.failed} failed`);
}

function skipped(name, why) {
	totals.failed += 1;
	lines.push(`${name}: not run (${why})`);
}

const npm = 'npm';
if (!ensureDependencies()) {
	console.log('\nnpm ci failed: the npm packages could not be installed.');
	console.log('0 passed, 1 failed');
	process.exit(1);
}

const typed = check('type-check', 'npx', ['tsc', '-b']);
check('lint', 'npx', ['eslint', '.']);
const built = check('build', 'node', ['esbuild.mjs']);
if (typed) tier('unit', 'node', ['scripts/runMocha.mjs', 'unit', '10000', 'out/test/unit']);
else skipped('unit', 'type-check failed');

const vscodeReady = check('install VS Code builds', 'bash', ['scripts/setup-vscode.sh']);
if (typed && built && vscodeReady) tier('integration', 'node', ['out/test/integration/runCodeServer.js']);
else skipped('integration', 'build or VS Code install failed');
if (typed && built && vscodeReady) tier('durability', 'node', ['out/test/integration/runDurability.js', '10']);
else skipped('durability', 'build or VS Code install failed');

const packaged = typed && check('package .vsix', npm, ['run', '--silent', 'package']);
if (packaged && vscodeReady) tier('e2e', 'node', ['scripts/runMocha.mjs', 'e2e', '120000', 'out/test/e2e']);
else skipped('e2e', 'packaging or VS Code install failed');

console.log('\nSummary');
for (const line of lines) console.log(`  ${line}`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exitCode = totals.failed > 0 ? 1 : 0;
