import type { AskUser } from '../approval';

/** How a command ran: in the user's "Flux" terminal through its shell integration, or as a child process of the user's shell. */
export type CommandVia = 'terminal' | 'process';

/** How a run ended: the command exited, or it was ended at its timeout or by Stop (with the processes it started). */
export type CommandEnd = 'exited' | 'timeout' | 'stopped';

/** One command to run, approved or allow-listed already. */
export interface CommandRunRequest {
	readonly command: string;
	/** Absolute folder, inside the workspace (the path guard resolved it). */
	readonly cwd: string;
	readonly timeoutMs: number;
	/** Characters of output to keep (see `OutputBuffer`). */
	readonly maxOutputChars: number;
	/** Stop: ends the command and the processes it started. */
	readonly signal: AbortSignal;
	/** Each piece of output as it comes (raw, escapes and all), e.g. for a terminal that shows it. */
	readonly onOutput?: (chunk: string) => void;
}

/** What a run gave. */
export interface CommandRunOutcome {
	readonly via: CommandVia;
	readonly ended: CommandEnd;
	/** Undefined when the command was ended, or the shell did not report one. */
	readonly exitCode?: number;
	/** Plain text (escapes removed), capped: the start and the end with a line saying what was cut. */
	readonly output: string;
	readonly durationMs: number;
}

/** Runs commands; the vscode-backed one lives in `platform/tools/`, the child-process one beside this file. */
export interface CommandRunner {
	run(request: CommandRunRequest): Promise<CommandRunOutcome>;
}

/** A run of `run_command` as its card keeps it (with the conversation, so it shows after reopening). */
export interface CommandRunRecord {
	readonly command: string;
	/** The folder as the model sees paths: `.`, `src`, or `api/src` with several folders. */
	readonly folder: string;
	readonly via: CommandVia;
	readonly ended: CommandEnd;
	readonly exitCode?: number;
	readonly output: string;
	/** It ran without asking: every part matched `flux.tools.terminal.autoRun`. */
	readonly autoRun?: true;
}

/** What `run_command` needs beyond the other tools' environment; without it the tool is not offered. */
export interface TerminalAccess {
	readonly runner: CommandRunner;
	/** `flux.tools.terminal.autoRun`: commands that run without asking (see `isAllowListed`). */
	readonly autoRun: readonly string[];
	readonly ask: AskUser;
}
