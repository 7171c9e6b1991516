// The README's start command (`npm start`): builds Flux Chat and serves a real VS Code workbench
// on 127.0.0.1 with the extension loaded on the sample workspace. Open the printed URL in a browser.
// With FLUX_API_KEY set it talks to FluxRouter; otherwise to the local Flux simulator, paced like a
// real service. FLUX_PORT picks the port (default 3000); FLUX_VSCODE=1.100.3 picks the older VS Code.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureDependencies, root } from './deps.mjs';

function step(cmd, args) {
	console.log(`$ ${[cmd, ...args].join(' ')}`);
	if (spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] }).status !== 0) {
		console.error(`start: '${[cmd, ...args].join(' ')}' failed`);
		process.exit(1);
	}
}

if (!ensureDependencies()) process.exit(1);
step('npx', ['tsc', '-b']);
step('node', ['esbuild.mjs']);
step('bash', ['scripts/setup-vscode.sh']);

const { cacheDir, linkExtension, startVsCodeServer } = await import('../out/test/harness/vscodeServer.js');
const version = process.env.FLUX_VSCODE ?? '1.139.1';
const port = Number(process.env.FLUX_PORT ?? 3000);

// The extension loads from this clone, so a rebuild (`npm run watch`) shows after a window reload.
const extensionsDir = join(cacheDir(), 'start-extensions');
linkExtension(root, extensionsDir);

// Without a key, the local simulator stands in for FluxRouter (see test/sim/README.md).
let sim;
const settings = {};
const env = {};
if (!process.env.FLUX_API_KEY) {
	const { startFluxSimulator } = await import('../out/test/sim/fluxSimulator.js');
	sim = await startFluxSimulator({ ttftMs: 350, tokenDelayMs: 12 });
	settings['flux.baseUrl'] = sim.baseUrl;
	env.FLUX_API_KEY = 'sk-flux-simulator';
}

const server = await startVsCodeServer({ version, port, extensionsDir, settings, env });
const workspace = join(root, 'test', 'fixtures', 'workspace');
const backend = sim ? `the local Flux simulator at ${sim.baseUrl} (set FLUX_API_KEY to use FluxRouter)` : 'FluxRouter (FLUX_API_KEY)';
console.log(`\nFlux Chat is running in VS Code ${version}, talking to ${backend}. Open:\n\n  ${server.url(workspace)}\n\nPress Ctrl+C to stop.`);

async function stop() {
	await server.stop();
	await sim?.close();
	process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.process.on('exit', (code) => {
	console.error(`VS Code server exited (${code}); its log is in ${server.dataDir}`);
	process.exit(1);
});
