import { OutputBuffer } from './commandOutput';
import type { CommandEnd, CommandRunner, CommandRunOutcome, CommandRunRequest } from './types';

/** How long a command has to end after Ctrl+C before its terminal is closed (which ends what it started). */
const interruptGraceMs = 2_000;
/** How long output may still arrive after the end event. */
const drainMs = 500;

/** One command running in a terminal through its shell integration. */
export interface ShellExecution {
	/** The output as it comes, escapes and all; ends when the command does. */
	readonly output: AsyncIterable<string>;
	/** The exit code from the end event; undefined when the shell did not report one or the terminal closed. */
	readonly ended: Promise<number | undefined>;
}

/** A terminal whose shell integration is up: the vscode side wraps `Terminal.shellIntegration`. */
export interface ShellTerminal {
	execute(command: string): ShellExecution;
	/** Sends Ctrl+C: the shell interrupts the command and the processes in its foreground group. */
	interrupt(): void;
	/** Closes the terminal, ending its shell and everything it started. */
	close(): void;
}

/** Where the terminals come from. */
export interface ShellTerminals {
	/**
	 * The "Flux" terminal in `cwd`, shown to the user, once its shell integration is up; undefined
	 * when it did not come up within a few seconds (or `signal` fired first).
	 */
	open(cwd: string, signal: AbortSignal): Promise<ShellTerminal | undefined>;
}

/**
 * Runs each command in the user's "Flux" terminal through shell integration, and through
 * `fallback` (a child process) where integration does not come up. One command at a time: they
 * share the terminal, and the calls of one round would otherwise type over each other.
 */
export class ShellFirstRunner implements CommandRunner {
	private queue: Promise<unknown> = Promise.resolve();

	constructor(private readonly terminals: ShellTerminals, private readonly fallback: CommandRunner) {}

	run(request: CommandRunRequest): Promise<CommandRunOutcome> {
		const stopped = { via: 'terminal', ended: 'stopped', output: '', durationMs: 0 } satisfies CommandRunOutcome;
		const next = this.queue.then(async () => {
			if (request.signal.aborted) return stopped;
			const terminal = await this.terminals.open(request.cwd, request.signal);
			// Stopped while the terminal came up: nothing has started, and nothing may.
			if (request.signal.aborted) return stopped;
			return terminal ? runInShell(terminal, request) : this.fallback.run(request);
		});
		this.queue = next.catch(() => undefined);
		return next;
	}
}

/**
 * Runs one command in a terminal and waits for its end event. A timeout or Stop interrupts it
 * (Ctrl+C); when it has not ended a moment later, the terminal is closed, which ends the shell
 * and every process it started.
 */
export async function runInShell(terminal: ShellTerminal, request: CommandRunRequest): Promise<CommandRunOutcome> {
	const started = Date.now();
	const output = new OutputBuffer();
	let ended: CommandEnd = 'exited';
	let finished = false;
	const execution = terminal.execute(request.command);
	const reading = (async () => {
		for await (const chunk of execution.output) {
			output.append(chunk);
			request.onOutput?.(chunk);
		}
	})().catch(() => undefined);
	let closeTimer: ReturnType<typeof setTimeout> | undefined;
	const end = (why: CommandEnd) => {
		if (finished || ended !== 'exited') return;
		ended = why;
		terminal.interrupt();
		closeTimer = setTimeout(() => {
			if (!finished) terminal.close();
		}, interruptGraceMs);
	};
	const onAbort = () => end('stopped');
	const timer = setTimeout(() => end('timeout'), request.timeoutMs);
	request.signal.addEventListener('abort', onAbort, { once: true });
	if (request.signal.aborted) onAbort();
	try {
		const exitCode = await execution.ended;
		await Promise.race([reading, new Promise((resolve) => setTimeout(resolve, drainMs))]);
		return { via: 'terminal', ended, ...(ended === 'exited' && exitCode !== undefined ? { exitCode } : {}), output: output.text(request.maxOutputChars), durationMs: Date.now() - started };
	} finally {
		finished = true;
		clearTimeout(timer);
		clearTimeout(closeTimer);
		request.signal.removeEventListener('abort', onAbort);
	}
}
