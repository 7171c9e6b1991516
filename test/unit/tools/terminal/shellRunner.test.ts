import * as assert from 'node:assert/strict';
import { runInShell, ShellFirstRunner, type ShellExecution, type ShellTerminal } from '../../../../src/tools/terminal/shellRunner';
import type { CommandRunOutcome, CommandRunRequest } from '../../../../src/tools/terminal/types';

/**
 * A terminal with shell integration, scripted: each command prints `output` and ends with `exitCode`
 * after `ms`, or never (`exitCode: 'never'`) until interrupted (when `interruptible`) or closed.
 */
class FakeShellTerminal implements ShellTerminal {
	readonly log: string[] = [];
	private finish: ((code: number | undefined) => void) | undefined;

	constructor(private readonly script: { readonly output: readonly string[]; readonly exitCode: number | 'never'; readonly ms?: number; readonly interruptible?: boolean }) {}

	execute(command: string): ShellExecution {
		this.log.push(`execute ${command}`);
		const { output, exitCode, ms = 10 } = this.script;
		const ended = new Promise<number | undefined>((resolve) => {
			this.finish = resolve;
			if (exitCode !== 'never') setTimeout(() => resolve(exitCode), ms);
		});
		async function* stream() {
			for (const chunk of output) yield chunk;
			await ended;
		}
		return { output: stream(), ended };
	}

	interrupt(): void {
		this.log.push('interrupt');
		if (this.script.interruptible) this.finish?.(130);
	}

	close(): void {
		this.log.push('close');
		this.finish?.(undefined);
	}
}

const request = (more: Partial<CommandRunRequest> = {}): CommandRunRequest => ({
	command: 'npm test', cwd: '/ws', timeoutMs: 10_000, maxOutputChars: 30_000, signal: new AbortController().signal, ...more,
});

/** The outcome without its timing. */
const timeless = ({ durationMs: _, ...rest }: CommandRunOutcome) => rest;

describe('run_command in a terminal with shell integration', function () {
	this.timeout(10_000);

	it('gives the exit code from the end event and the output read from the execution, escapes removed', async () => {
		const terminal = new FakeShellTerminal({ output: ['\x1b]633;C\x07\x1b[32m3 passing\x1b[0m\r\n', '1 failing\r\n'], exitCode: 1 });
		const seen: string[] = [];
		const outcome = await runInShell(terminal, request({ onOutput: (chunk) => seen.push(chunk) }));
		assert.deepEqual({ outcome: timeless(outcome), log: terminal.log, seen: seen.length }, {
			outcome: { via: 'terminal', ended: 'exited', exitCode: 1, output: '3 passing\n1 failing' },
			log: ['execute npm test'],
			seen: 2,
		});
	});

	it('interrupts a command at its timeout (Ctrl+C), and reports no exit code', async () => {
		const terminal = new FakeShellTerminal({ output: ['working\n'], exitCode: 'never', interruptible: true });
		const outcome = await runInShell(terminal, request({ timeoutMs: 100 }));
		assert.deepEqual({ outcome: timeless(outcome), log: terminal.log }, {
			outcome: { via: 'terminal', ended: 'timeout', output: 'working' },
			log: ['execute npm test', 'interrupt'],
		});
	});

	it('closes the terminal (ending everything it started) when Ctrl+C does not end the command', async () => {
		const terminal = new FakeShellTerminal({ output: [], exitCode: 'never' });
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 50);
		const started = Date.now();
		const outcome = await runInShell(terminal, request({ signal: controller.signal }));
		assert.deepEqual({ outcome: timeless(outcome), log: terminal.log, afterGrace: Date.now() - started >= 2_000 }, {
			outcome: { via: 'terminal', ended: 'stopped', output: '' },
			log: ['execute npm test', 'interrupt', 'close'],
			afterGrace: true,
		});
	});

	it('runs through the child process where shell integration does not come up, one command at a time, and nothing once stopped', async () => {
		const order: string[] = [];
		const terminal = new FakeShellTerminal({ output: ['ok\n'], exitCode: 0, ms: 100 });
		let integration = true;
		const runner = new ShellFirstRunner(
			{ open: async (cwd) => { order.push(`open ${cwd}`); return integration ? terminal : undefined; } },
			{ run: async (r) => { order.push(`process ${r.command}`); return { via: 'process', ended: 'exited', exitCode: 0, output: 'from process', durationMs: 1 }; } },
		);
		const first = runner.run(request({ command: 'first' }));
		const second = runner.run(request({ command: 'second' }));
		const outcomes = await Promise.all([first, second]);
		integration = false;
		const third = await runner.run(request({ command: 'third' }));
		const stopped = new AbortController();
		stopped.abort();
		const fourth = await runner.run(request({ command: 'fourth', signal: stopped.signal }));
		// Stopped while the terminal was coming up (integration never came): the fallback must not start.
		const stopping = new AbortController();
		const late = new ShellFirstRunner(
			{ open: async () => { stopping.abort(); return undefined; } },
			{ run: async (r) => { order.push(`process ${r.command}`); return { via: 'process', ended: 'stopped', output: '', durationMs: 1 }; } },
		);
		const fifth = await late.run(request({ command: 'fifth', signal: stopping.signal }));
		assert.deepEqual({ outcomes: [...outcomes, third, fourth, fifth].map(timeless), order, log: terminal.log }, {
			outcomes: [
				{ via: 'terminal', ended: 'exited', exitCode: 0, output: 'ok' },
				{ via: 'terminal', ended: 'exited', exitCode: 0, output: 'ok' },
				{ via: 'process', ended: 'exited', exitCode: 0, output: 'from process' },
				{ via: 'terminal', ended: 'stopped', output: '' },
				{ via: 'terminal', ended: 'stopped', output: '' },
			],
			order: ['open /ws', 'open /ws', 'open /ws', 'process third'],
			log: ['execute first', 'execute second'],
		});
	});
});
