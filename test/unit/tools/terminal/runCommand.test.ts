import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { silentLogger } from '../../../../src/flux/logger';
import type { CommandRunner, CommandRunRequest, TerminalAccess } from '../../../../src/tools/terminal/types';
import { executeTool, type ToolResult } from '../../../../src/tools/toolExecutor';
import type { Workspace } from '../../../../src/tools/workspace';
import { createWorkspaceTree, workspaceOf, type WorkspaceTree } from '../workspaceTree';

/** A runner that records what it was asked to run and answers with exit code 0. */
function fakeRunner(): CommandRunner & { readonly runs: Omit<CommandRunRequest, 'signal'>[] } {
	const runs: Omit<CommandRunRequest, 'signal'>[] = [];
	return {
		runs,
		run: async ({ signal: _, ...request }) => {
			runs.push(request);
			return { via: 'terminal', ended: 'exited', exitCode: request.command.includes('fail') ? 2 : 0, output: 'MARKER', durationMs: 1234 };
		},
	};
}

describe('run_command', () => {
	let tree: WorkspaceTree;
	let workspace: Workspace;
	before(async () => {
		tree = await createWorkspaceTree();
		workspace = workspaceOf(tree);
	});
	after(() => tree.remove());

	/** Calls run_command answering its card with `answer`; returns the result, what was asked and what ran. */
	async function run(args: unknown, answer: string | undefined, more: Partial<TerminalAccess> = {}) {
		const runner = fakeRunner();
		const asked: unknown[] = [];
		const terminal: TerminalAccess = { runner, autoRun: [], ask: async (approval) => { asked.push(approval); return answer; }, ...more };
		const result: ToolResult = await executeTool('run_command', JSON.stringify(args), { workspace, signal: new AbortController().signal, logger: silentLogger, terminal });
		return { result, asked, ran: runner.runs };
	}

	const card = { prompt: 'Run this command in "ws"?', detail: 'npm test', choices: [{ id: 'run', label: 'Run', allows: true }, { id: 'skip', label: 'Skip', allows: false }] };

	it('asks with the exact command and folder, and runs it in the workspace root only after Run', async () => {
		assert.deepEqual(await run({ command: ' npm test ' }, 'run'), {
			asked: [card],
			ran: [{ command: 'npm test', cwd: tree.root, timeoutMs: 120_000, maxOutputChars: 30_000 }],
			result: {
				ok: true, summary: 'exit code 0 (terminal)',
				content: 'Exit code: 0 (1.2 s).\nCommand: npm test\nFolder: .. It ran in the user\'s "Flux" terminal.\nOutput:\nMARKER',
				terminal: { command: 'npm test', folder: 'ws', via: 'terminal', ended: 'exited', exitCode: 0, output: 'MARKER' },
			},
		});
	});

	it('runs nothing on Skip (or when nobody answers) and tells the model the user declined', async () => {
		const skipped = await run({ command: 'npm test' }, 'skip');
		const unanswered = await run({ command: 'npm test' }, undefined);
		const declined = {
			ok: false, declined: true, summary: 'skipped by the user',
			content: 'The user declined to run `npm test` (they clicked Skip), so nothing ran. Do not try to run it, or something with the same effect, another way; go on without it, or ask the user.',
		};
		assert.deepEqual([skipped, unanswered], [{ result: declined, asked: [card], ran: [] }, { result: declined, asked: [card], ran: [] }]);
	});

	it('runs an allow-listed command without asking and says so on its card; anything else still asks', async () => {
		const listed = await run({ command: 'npm test && git status', cwd: 'src' }, undefined, { autoRun: ['npm test', 'git status'] });
		const unlisted = await run({ command: 'npm test && rm -rf src' }, 'skip', { autoRun: ['npm test', 'git status'] });
		assert.deepEqual({
			listed: [listed.asked, listed.ran.map((r) => r.cwd), listed.result.terminal],
			unlisted: [unlisted.asked.length, unlisted.ran.length],
		}, {
			listed: [[], [join(tree.root, 'src')], { command: 'npm test && git status', folder: 'ws/src', via: 'terminal', ended: 'exited', exitCode: 0, output: 'MARKER', autoRun: true }],
			unlisted: [1, 0],
		});
	});

	it('reports a failing command\'s exit code as an error the model reads', async () => {
		const { result } = await run({ command: 'npm run fail', timeout_seconds: 5 }, 'run');
		assert.deepEqual([result.ok, result.content.split('\n')[0], result.summary], [false, 'Error: the command failed with exit code 2 (1.2 s).', 'exit code 2 (terminal)']);
	});

	it('refuses a folder outside the workspace, a file, an empty command and a timeout out of range, before asking', async () => {
		const outcomes = await Promise.all([
			run({ command: 'ls', cwd: '../outside' }, 'run'),
			run({ command: 'ls', cwd: tree.outside }, 'run'),
			run({ command: 'ls', cwd: 'link-outside' }, 'run'),
			run({ command: 'ls', cwd: 'src/math.ts' }, 'run'),
			run({ command: '  ' }, 'run'),
			run({ command: 'ls', timeout_seconds: 1801 }, 'run'),
			run({ command: 'ls', timeout_seconds: 0 }, 'run'),
		]);
		assert.deepEqual(outcomes.map(({ result, asked, ran }) => ({ ok: result.ok, error: result.content.startsWith('Error:'), asked: asked.length, ran: ran.length, summary: result.summary })), [
			{ ok: false, error: true, asked: 0, ran: 0, summary: outcomes[0].result.summary },
			{ ok: false, error: true, asked: 0, ran: 0, summary: outcomes[1].result.summary },
			{ ok: false, error: true, asked: 0, ran: 0, summary: outcomes[2].result.summary },
			{ ok: false, error: true, asked: 0, ran: 0, summary: 'refused: src/math.ts is a file' },
			{ ok: false, error: true, asked: 0, ran: 0, summary: 'empty command' },
			{ ok: false, error: true, asked: 0, ran: 0, summary: 'timeout out of range' },
			{ ok: false, error: true, asked: 0, ran: 0, summary: 'timeout_seconds: below 1' },
		]);
		assert.deepEqual(outcomes.slice(0, 3).map(({ result }) => /outside|symbolic link/.test(result.content)), [true, true, true]);
	});

	it('refuses a command with text-direction or zero-width characters before asking: the card would show another command', async () => {
		// U+202E shows what follows it reversed: the card would read as a harmless echo.
		const outcomes = await Promise.all(['echo safe # \u202Erm -rf /all.txt', 'npm\u200B test'].map((command) => run({ command }, 'run')));
		assert.deepEqual(outcomes.map(({ result, asked, ran }) => ({ ok: result.ok, invisible: result.content.includes('invisible formatting characters'), asked: asked.length, ran: ran.length })), [
			{ ok: false, invisible: true, asked: 0, ran: 0 },
			{ ok: false, invisible: true, asked: 0, ran: 0 },
		]);
	});

	it('is not there without terminal access (flux.tools.terminal.mode off), and says how the user can run it', async () => {
		const result = await executeTool('run_command', '{"command": "ls"}', { workspace, signal: new AbortController().signal, logger: silentLogger });
		assert.deepEqual(result, {
			ok: false, summary: 'unknown tool run_command',
			content: 'Error: there is no tool named "run_command". Running commands is turned off ("flux.tools.terminal.mode" is "off"): tell the user the command to run instead. The available tools are: read_file, list_files, search_text, get_selection, get_open_editors, get_diagnostics.',
		});
	});
});
