import * as vscode from 'vscode';
import type { Logger } from '../../flux/logger';
import { ChildProcessRunner, commandEnvironment } from '../../tools/terminal/childProcessRunner';
import { ShellFirstRunner, type ShellExecution, type ShellTerminal, type ShellTerminals } from '../../tools/terminal/shellRunner';
import type { CommandRunner, CommandRunOutcome, CommandRunRequest } from '../../tools/terminal/types';

/** How long a new terminal's shell integration has to come up before commands run as child processes. */
const integrationWaitMs = 5_000;
const terminalName = 'Flux';

/**
 * The terminals `run_command` uses, all named "Flux": the user's shell with shell integration
 * where it comes up; otherwise a terminal that shows the command and its output while it runs as
 * a child process of the user's shell. The Flux key is never in either one's environment.
 */
export class FluxTerminals implements ShellTerminals, vscode.Disposable {
	/** The command runner over these terminals. */
	readonly runner: CommandRunner;
	private shell: { readonly terminal: vscode.Terminal; readonly cwd: string } | undefined;
	private processView: ProcessView | undefined;
	private readonly subscriptions: vscode.Disposable[] = [];

	constructor(private readonly log: Logger) {
		this.runner = new ShellFirstRunner(this, { run: (request) => this.runAsProcess(request) });
		this.subscriptions.push(vscode.window.onDidCloseTerminal((closed) => {
			if (closed === this.shell?.terminal) this.shell = undefined;
			if (closed === this.processView?.terminal) this.processView = undefined;
		}));
	}

	async open(cwd: string, signal: AbortSignal): Promise<ShellTerminal | undefined> {
		// Once integration failed to come up, commands run as processes while that terminal is open.
		if (this.processView) return undefined;
		const terminal = this.shellIn(cwd);
		terminal.show(true);
		const integration = terminal.shellIntegration ?? await integrationOf(terminal, signal);
		if (!integration) {
			if (!signal.aborted) {
				this.log.info(`run_command: shell integration did not start in the "Flux" terminal within ${integrationWaitMs / 1000} s; running commands as child processes`);
				this.shell = undefined;
				terminal.dispose();
			}
			return undefined;
		}
		return shellTerminal(terminal, integration);
	}

	dispose(): void {
		for (const s of this.subscriptions) s.dispose();
		this.shell?.terminal.dispose();
		this.processView?.terminal.dispose();
	}

	/** The "Flux" shell terminal in `cwd`: the open one when it is there, else a new one (the old one closed). */
	private shellIn(cwd: string): vscode.Terminal {
		const current = this.shell;
		const at = current?.terminal.shellIntegration?.cwd?.fsPath ?? current?.cwd;
		if (current && current.terminal.exitStatus === undefined && at === cwd) return current.terminal;
		current?.terminal.dispose();
		const terminal = vscode.window.createTerminal({
			name: terminalName, cwd, iconPath: new vscode.ThemeIcon('terminal'),
			// null removes a variable: the key must not reach a command the model proposed.
			env: { FLUX_API_KEY: null, PAGER: 'cat', GIT_PAGER: 'cat', GIT_TERMINAL_PROMPT: '0' },
		});
		this.shell = { terminal, cwd };
		return terminal;
	}

	private async runAsProcess(request: CommandRunRequest): Promise<CommandRunOutcome> {
		const child = new ChildProcessRunner(userShell(), commandEnvironment(process.env));
		this.processView ??= new ProcessView();
		const view = this.processView;
		view.terminal.show(true);
		view.write(`\x1b[1m> ${request.command}\x1b[0m\r\n`);
		const outcome = await child.run({ ...request, onOutput: (chunk) => view.write(chunk.replace(/\r?\n/g, '\r\n')) });
		const ended = outcome.ended === 'timeout' ? vscode.l10n.t('timed out') : outcome.ended === 'stopped' ? vscode.l10n.t('stopped')
			: outcome.exitCode === undefined ? vscode.l10n.t('no exit code') : vscode.l10n.t('exit code {0}', outcome.exitCode);
		view.write(`\r\n\x1b[2m[${ended}]\x1b[0m\r\n\r\n`);
		return outcome;
	}
}

/** A "Flux" terminal that only shows what the child processes print (nothing typed there runs). */
class ProcessView {
	readonly terminal: vscode.Terminal;
	private readonly writes = new vscode.EventEmitter<string>();
	private readonly pending: string[] = [];
	private opened = false;

	constructor() {
		this.terminal = vscode.window.createTerminal({
			name: terminalName, iconPath: new vscode.ThemeIcon('terminal'),
			pty: {
				onDidWrite: this.writes.event,
				open: () => {
					this.opened = true;
					for (const text of this.pending.splice(0)) this.writes.fire(text);
				},
				close: () => this.writes.dispose(),
			},
		});
	}

	write(text: string): void {
		if (this.opened) this.writes.fire(text);
		else this.pending.push(text);
	}
}

/** Waits for `terminal`'s shell integration, at most `integrationWaitMs`. */
function integrationOf(terminal: vscode.Terminal, signal: AbortSignal): Promise<vscode.TerminalShellIntegration | undefined> {
	return new Promise((resolve) => {
		const done = (integration: vscode.TerminalShellIntegration | undefined) => {
			clearTimeout(timer);
			listener.dispose();
			signal.removeEventListener('abort', onAbort);
			resolve(integration);
		};
		const onAbort = () => done(undefined);
		const timer = setTimeout(() => done(terminal.shellIntegration), integrationWaitMs);
		const listener = vscode.window.onDidChangeTerminalShellIntegration((e) => {
			if (e.terminal === terminal) done(e.shellIntegration);
		});
		signal.addEventListener('abort', onAbort, { once: true });
	});
}

function shellTerminal(terminal: vscode.Terminal, integration: vscode.TerminalShellIntegration): ShellTerminal {
	return {
		execute(command: string): ShellExecution {
			const execution = integration.executeCommand(command);
			// read() must be called at once, or the first output is missed.
			const output = execution.read();
			const ended = new Promise<number | undefined>((resolve) => {
				const subscriptions = [
					vscode.window.onDidEndTerminalShellExecution((e) => {
						if (e.execution !== execution) return;
						for (const s of subscriptions) s.dispose();
						resolve(e.exitCode);
					}),
					vscode.window.onDidCloseTerminal((closed) => {
						if (closed !== terminal) return;
						for (const s of subscriptions) s.dispose();
						resolve(undefined);
					}),
				];
			});
			return { output, ended };
		},
		interrupt: () => terminal.sendText('\x03', false),
		close: () => terminal.dispose(),
	};
}

/** The user's shell: VS Code's default terminal shell, else the login shell. */
function userShell(): string {
	if (vscode.env.shell) return vscode.env.shell;
	return process.platform === 'win32' ? process.env.ComSpec ?? 'cmd.exe' : process.env.SHELL ?? '/bin/sh';
}
