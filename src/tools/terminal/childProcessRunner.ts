import { spawn, type ChildProcess } from 'node:child_process';
import { OutputBuffer } from './commandOutput';
import type { CommandEnd, CommandRunner, CommandRunOutcome, CommandRunRequest } from './types';

/** How long a process tree has after SIGTERM before it gets SIGKILL. */
const killGraceMs = 2_000;
/** How long output may still arrive after the shell exited (a pipe held by a process it left behind). */
const drainMs = 500;

/**
 * The environment commands run with: the extension host's, without the Flux key (a command the
 * model proposed must never see it), and with pagers off, since nobody can press q in them.
 */
export function commandEnvironment(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [name, value] of Object.entries(base)) {
		if (name.toUpperCase() !== 'FLUX_API_KEY') env[name] = value;
	}
	return { ...env, PAGER: 'cat', GIT_PAGER: 'cat', GIT_TERMINAL_PROMPT: '0' };
}

/** The arguments that make `shell` run one command line and exit. */
export function shellArguments(shell: string, command: string): { readonly args: readonly string[]; readonly verbatim: boolean } {
	// Either separator: the shell may be a Windows path whatever platform reads it.
	const name = (shell.split(/[\\/]/).pop() ?? shell).toLowerCase().replace(/\.exe$/, '');
	if (name === 'cmd') return { args: ['/d', '/s', '/c', `"${command}"`], verbatim: true };
	if (name === 'powershell' || name === 'pwsh') return { args: ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', command], verbatim: false };
	return { args: ['-c', command], verbatim: false };
}

/**
 * Runs each command as a child process of the user's shell, with no terminal: where shell
 * integration does not come up, and in tests. Input is closed (a command that waits for input
 * reads end-of-file); on POSIX the command gets a process group of its own, so a timeout or Stop
 * ends it with everything it started.
 */
export class ChildProcessRunner implements CommandRunner {
	constructor(private readonly shell: string, private readonly env: NodeJS.ProcessEnv = commandEnvironment(process.env), private readonly platform: NodeJS.Platform = process.platform) {}

	run(request: CommandRunRequest): Promise<CommandRunOutcome> {
		const started = Date.now();
		const output = new OutputBuffer();
		const { args, verbatim } = shellArguments(this.shell, request.command);
		return new Promise((resolve) => {
			let ended: CommandEnd = 'exited';
			let settled = false;
			const child = spawn(this.shell, args, {
				cwd: request.cwd, env: this.env, stdio: ['ignore', 'pipe', 'pipe'],
				detached: this.platform !== 'win32', windowsHide: true, windowsVerbatimArguments: verbatim,
			});
			const finish = (exitCode: number | undefined) => {
				if (settled) return;
				settled = true;
				clearTimeout(timer);
				request.signal.removeEventListener('abort', onAbort);
				// What the shell left running dies with it: one call is one command that finishes.
				if (this.platform !== 'win32') killTree(child, this.platform, 'SIGKILL');
				resolve({ via: 'process', ended, ...(ended === 'exited' && exitCode !== undefined ? { exitCode } : {}), output: output.text(request.maxOutputChars), durationMs: Date.now() - started });
			};
			const end = (why: CommandEnd) => {
				if (settled || ended !== 'exited') return;
				ended = why;
				killTree(child, this.platform, 'SIGTERM');
				setTimeout(() => killTree(child, this.platform, 'SIGKILL'), killGraceMs).unref();
			};
			const onAbort = () => end('stopped');
			const timer = setTimeout(() => end('timeout'), request.timeoutMs);
			request.signal.addEventListener('abort', onAbort, { once: true });
			if (request.signal.aborted) onAbort();
			const append = (chunk: string) => {
				output.append(chunk);
				request.onOutput?.(chunk);
			};
			child.stdout!.setEncoding('utf8').on('data', append);
			child.stderr!.setEncoding('utf8').on('data', append);
			child.on('error', (error) => {
				output.append(`${error.message}\n`);
				finish(undefined);
			});
			child.on('close', (code) => finish(code ?? undefined));
			child.on('exit', (code) => setTimeout(() => finish(code ?? undefined), drainMs).unref());
		});
	}
}

/** Ends the process and its children: its process group on POSIX, `taskkill /T` on Windows. */
function killTree(child: ChildProcess, platform: NodeJS.Platform, signal: NodeJS.Signals): void {
	if (child.pid === undefined) return;
	try {
		if (platform === 'win32') {
			spawn('taskkill', ['/pid', String(child.pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true }).on('error', () => {});
		} else {
			process.kill(-child.pid, signal);
		}
	} catch {
		// Already gone.
	}
}
