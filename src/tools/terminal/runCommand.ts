import { t } from '@vscode/l10n';
import { refuseInvisible } from '../guard/checkPathSyntax';
import { ToolCancelledError, ToolError } from '../toolError';
import type { ToolEnvironment, ToolResult } from '../toolResult';
import { isAllowListed } from './commandParts';
import type { CommandRunOutcome, CommandRunRecord, TerminalAccess } from './types';

/** `run_command`'s arguments, checked by the schema. */
export interface RunCommandArgs {
	readonly command: string;
	readonly cwd?: string;
	readonly timeoutSeconds?: number;
}

export const defaultTimeoutSeconds = 120;
export const maxTimeoutSeconds = 30 * 60;
/** Characters of output the model and the card get (about 8,000 tokens); the start and the end of more. */
export const commandOutputChars = 30_000;

/** The card's choices; only `run` lets the command run. */
export const runChoice = 'run';
export const skipChoice = 'skip';

/**
 * Runs one shell command the model asked for, once the user clicked Run on its card (or every
 * part of it is on the user's allow-list). The folder goes through the path guard like every
 * other path; nothing runs before the answer. A declined call tells the model so.
 */
export async function runCommand(args: RunCommandArgs, env: ToolEnvironment, access: TerminalAccess): Promise<ToolResult> {
	const command = args.command.trim();
	if (!command) throw new ToolError('command is empty. Pass the command line to run, e.g. {"command": "npm test"}.', 'empty command');
	// The card must show what runs: text-direction and zero-width characters could make the
	// command the user approves read as another one.
	refuseInvisible(command, 'command');
	const timeoutSeconds = args.timeoutSeconds ?? defaultTimeoutSeconds;
	if (timeoutSeconds < 1 || timeoutSeconds > maxTimeoutSeconds) {
		throw new ToolError(`timeout_seconds must be between 1 and ${maxTimeoutSeconds} (30 minutes), not ${timeoutSeconds}.`, 'timeout out of range');
	}
	env.guard.requireFolders();
	const cwd = await env.guard.resolve(args.cwd ?? (env.guard.folders.length > 1 ? env.guard.folders[0].name : '.'));
	if (!cwd.isDirectory) throw new ToolError(`cwd "${cwd.display}" is a file; pass the folder to run the command in.`, `refused: ${cwd.display} is a file`);
	// The user's name for the folder: the folder's own name, not the model's `.`.
	const folder = cwd.relative === '' ? cwd.folder.name : `${cwd.folder.name}/${cwd.relative}`;

	const autoRun = isAllowListed(command, access.autoRun);
	if (!autoRun) {
		const choice = await access.ask({
			prompt: t('Run this command in "{0}"?', folder),
			detail: command,
			choices: [
				{ id: runChoice, label: t('Run'), allows: true },
				{ id: skipChoice, label: t('Skip'), allows: false },
			],
		});
		if (env.signal.aborted) throw new ToolCancelledError();
		if (choice !== runChoice) {
			return {
				ok: false, declined: true, summary: 'skipped by the user',
				content: `The user declined to run \`${command}\` (they clicked Skip), so nothing ran. Do not try to run it, or something with the same effect, another way; go on without it, or ask the user.`,
			};
		}
	}
	const outcome = await access.runner.run({ command, cwd: cwd.realPath, timeoutMs: timeoutSeconds * 1000, maxOutputChars: commandOutputChars, signal: env.signal });
	const terminal: CommandRunRecord = {
		command, folder, via: outcome.via, ended: outcome.ended,
		...(outcome.exitCode !== undefined ? { exitCode: outcome.exitCode } : {}),
		output: outcome.output, ...(autoRun ? { autoRun: true } : {}),
	};
	const ok = outcome.ended === 'exited' && outcome.exitCode === 0;
	return { ok, content: describeRun(command, cwd.display, outcome, timeoutSeconds), summary: summaryOf(outcome), terminal };
}

/** What the model reads: how it ended first, then the output. */
function describeRun(command: string, folder: string, outcome: CommandRunOutcome, timeoutSeconds: number): string {
	const seconds = `${(outcome.durationMs / 1000).toFixed(1)} s`;
	const status = outcome.ended === 'timeout' ? `Error: the command did not finish within ${timeoutSeconds} s (timeout_seconds), so it was ended with the processes it started, after ${seconds}.`
		: outcome.ended === 'stopped' ? `Error: the user stopped the command after ${seconds}; it was ended with the processes it started.`
			: outcome.exitCode === undefined ? `Error: the command ended after ${seconds} without an exit code (it was killed, or the shell did not report one).`
				: outcome.exitCode === 0 ? `Exit code: 0 (${seconds}).`
					: `Error: the command failed with exit code ${outcome.exitCode} (${seconds}).`;
	const where = outcome.via === 'terminal'
		? 'It ran in the user\'s "Flux" terminal.'
		: 'Shell integration did not start in the user\'s terminal, so it ran as a child process of the user\'s shell, without a terminal (no input, no TTY).';
	return [
		status,
		`Command: ${command}`,
		`Folder: ${folder}. ${where}`,
		outcome.output ? `Output:\n${outcome.output}` : 'Output: (none)',
	].join('\n');
}

/** One short English line for the log and the export; the card says it in the user's language from the record. */
function summaryOf(outcome: CommandRunOutcome): string {
	const how = outcome.via === 'terminal' ? 'terminal' : 'child process';
	if (outcome.ended !== 'exited') return `${outcome.ended === 'timeout' ? 'timed out' : 'stopped'} (${how})`;
	return `${outcome.exitCode === undefined ? 'no exit code' : `exit code ${outcome.exitCode}`} (${how})`;
}
