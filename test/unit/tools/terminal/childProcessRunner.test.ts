import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChildProcessRunner, commandEnvironment, shellArguments } from '../../../../src/tools/terminal/childProcessRunner';
import type { CommandRunRequest } from '../../../../src/tools/terminal/types';

/** True while a process with this pid runs (a zombie nobody reaped yet has ended). */
function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
	} catch {
		return false;
	}
	try {
		return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
	} catch {
		return true;
	}
}

describe('run_command as a child process', function () {
	this.timeout(20_000);
	if (process.platform === 'win32') return;
	let dir: string;
	const runner = new ChildProcessRunner('/bin/sh', commandEnvironment({ ...process.env, FLUX_API_KEY: 'sk-flux-from-env', flux_api_key: 'sk-lower' }));
	const request = (command: string, more: Partial<CommandRunRequest> = {}): CommandRunRequest => ({
		command, cwd: dir, timeoutMs: 10_000, maxOutputChars: 30_000, signal: new AbortController().signal, ...more,
	});
	before(async () => { dir = await realpath(await mkdtemp(join(tmpdir(), 'flux-run-'))); });
	after(() => rm(dir, { recursive: true, force: true }));

	it('runs in the folder with the user\'s shell and gives the exit code and stdout and stderr together, colours removed', async () => {
		const outcome = await runner.run(request('pwd; printf "\\033[31mred\\033[0m\\n"; echo oops >&2; exit 3'));
		assert.deepEqual({ ...outcome, durationMs: typeof outcome.durationMs }, {
			via: 'process', ended: 'exited', exitCode: 3, output: `${dir}\nred\noops`, durationMs: 'number',
		});
	});

	it('keeps the Flux key out of the command\'s environment, and turns pagers off', async () => {
		const outcome = await runner.run(request('env'));
		assert.deepEqual({
			key: /sk-flux-from-env|sk-lower/.test(outcome.output),
			name: /FLUX_API_KEY/i.test(outcome.output),
			pager: outcome.output.split('\n').filter((l) => /^(PAGER|GIT_PAGER)=/.test(l)).sort(),
			path: outcome.output.includes('PATH='),
		}, { key: false, name: false, pager: ['GIT_PAGER=cat', 'PAGER=cat'], path: true });
	});

	it('gives a command that waits for input end-of-file rather than hanging', async () => {
		const outcome = await runner.run(request('read line; echo "got: $?"'));
		assert.deepEqual([outcome.ended, outcome.exitCode, outcome.output], ['exited', 0, 'got: 1']);
	});

	it('ends a command at its timeout together with the processes it started', async () => {
		const started = Date.now();
		const outcome = await runner.run(request('sleep 30 & echo "child $!"; echo before; sleep 30; echo after', { timeoutMs: 500 }));
		const child = Number(/child (\d+)/.exec(outcome.output)?.[1]);
		await new Promise((resolve) => setTimeout(resolve, 200));
		assert.deepEqual({ ended: outcome.ended, exitCode: outcome.exitCode, output: outcome.output.replace(/\d+/, 'N'), quick: Date.now() - started < 5_000, childAlive: alive(child) }, {
			ended: 'timeout', exitCode: undefined, output: 'child N\nbefore', quick: true, childAlive: false,
		});
	});

	it('ends a command when the signal fires (Stop), and at once when it already has', async () => {
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 300);
		const stopped = await runner.run(request('echo start; sleep 30', { signal: controller.signal }));
		const already = await runner.run(request('echo never', { signal: controller.signal }));
		assert.deepEqual([stopped.ended, stopped.output, already.ended], ['stopped', 'start', 'stopped']);
	});

	it('ends a command that ignores SIGTERM with SIGKILL after a grace period', async () => {
		const outcome = await runner.run(request('trap "" TERM; echo stubborn; sleep 30', { timeoutMs: 300 }));
		assert.deepEqual([outcome.ended, outcome.output], ['timeout', 'stubborn']);
	});

	it('picks the arguments that run one command line for each kind of shell', () => {
		assert.deepEqual([
			shellArguments('/bin/bash', 'npm test'),
			shellArguments('/usr/bin/fish', 'npm test'),
			shellArguments('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'npm test'),
			shellArguments('pwsh', 'npm test'),
			shellArguments('C:\\Windows\\System32\\cmd.exe', 'npm test'),
		], [
			{ args: ['-c', 'npm test'], verbatim: false },
			{ args: ['-c', 'npm test'], verbatim: false },
			{ args: ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', 'npm test'], verbatim: false },
			{ args: ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', 'npm test'], verbatim: false },
			{ args: ['/d', '/s', '/c', '"npm test"'], verbatim: true },
		]);
	});
});
