import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { FluxTestApi } from '../../../src/extension';
import type { ToolCallView } from '../../../src/protocol/messages';
import { startFluxSimulator, type FluxSimulator } from '../../sim/fluxSimulator';
import { until } from '../until';

type Message = { role: string; content: string | null; tool_call_id?: string };

/**
 * run_command in a real VS Code: the card asks, Run runs in the "Flux" terminal (or as a child
 * process where shell integration does not come up here; the card says which, and the test
 * accepts either), and the output reaches the model.
 */
describe('Flux run_command in a real VS Code', function () {
	// Shell integration gets a few seconds to come up before the child process takes over.
	this.timeout(60_000);
	let sim: FluxSimulator;
	let api: FluxTestApi;
	const root = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
	const config = () => vscode.workspace.getConfiguration('flux');
	const key = 'sk-terminal-tests-9d41';
	const envKey = 'sk-terminal-env-key-5c2e';


	/**
	 * One turn in which the model asks to run `args`; `answer` is clicked on the card once it waits
	 * (after `beforeClick` has looked around). Returns the card and what went back to the model.
	 */
	async function commandTurn(args: Readonly<Record<string, unknown>>, answer?: 'run' | 'skip', beforeClick?: () => void) {
		sim.script.push({ toolCalls: [{ id: 'call_1', name: 'run_command', arguments: args }] }, { content: 'Done.' });
		api.runner.send('run it');
		let asked: ToolCallView | undefined;
		if (answer) {
			asked = await until('the card to ask', () => api.runner.snapshot().turns.at(-1)?.reply.tools?.find((c) => c.status === 'awaiting'));
			beforeClick?.();
			api.runner.decideTool(api.runner.snapshot().turns.at(-1)!.id, 'call_1', answer);
		}
		await api.runner.idle();
		const card = api.runner.snapshot().turns.at(-1)!.reply.tools?.[0];
		const second = sim.requests.filter((r) => r.path === '/v1/chat/completions')[1]?.body as { messages: Message[]; tools?: { function: { name: string } }[] } | undefined;
		return { asked, card, result: second?.messages.find((m) => m.role === 'tool')?.content ?? '' };
	}

	before(async () => {
		sim = await startFluxSimulator();
		api = (await vscode.extensions.getExtension<FluxTestApi>('fluxchat.flux-chat')!.activate())!;
		await config().update('baseUrl', sim.baseUrl, vscode.ConfigurationTarget.Global);
		await api.apiKeys.set(key);
	});

	after(async () => {
		delete process.env.FLUX_API_KEY;
		await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
		await config().update('tools.terminal.mode', undefined, vscode.ConfigurationTarget.Global);
		await api.apiKeys.clear();
		for (const file of ['ran.txt', 'stop-started.txt']) rmSync(join(root(), file), { force: true });
		await sim.close();
	});

	beforeEach(async () => {
		sim.reset();
		await api.runner.newChat();
	});

	it('runs nothing before Run; after Run the file exists and the model reads the marker and exit code 0', async () => {
		const file = join(root(), 'ran.txt');
		rmSync(file, { force: true });
		let existedBeforeRun: boolean | undefined;
		const { asked, card, result } = await commandTurn({ command: 'echo written > ran.txt && echo MARKER-4711' }, 'run', () => { existedBeforeRun = existsSync(file); });
		assert.deepEqual({
			existedBeforeRun,
			asked: asked && [asked.approval?.prompt, asked.approval?.detail, asked.approval?.choices.map((c) => c.label)],
			file: readFileSync(file, 'utf8').trim(),
			card: [card?.status, card?.approval?.chosen, card?.terminal?.exitCode, card?.terminal?.output.includes('MARKER-4711'), ['terminal', 'process'].includes(card?.terminal?.via ?? '')],
			result: [result.startsWith('Exit code: 0'), result.includes('MARKER-4711')],
		}, {
			existedBeforeRun: false,
			asked: [`Run this command in "${vscode.workspace.workspaceFolders![0].name}"?`, 'echo written > ran.txt && echo MARKER-4711', ['Run', 'Skip']],
			file: 'written',
			card: ['done', 'run', 0, true, true],
			result: [true, true],
		});
	});

	it('Skip runs nothing and the model reads that the user declined', async () => {
		const file = join(root(), 'skipped.txt');
		const { card, result } = await commandTurn({ command: 'echo no > skipped.txt' }, 'skip');
		assert.deepEqual({ exists: existsSync(file), card: [card?.status, card?.approval?.chosen, card?.terminal], declined: result.startsWith('The user declined to run') }, {
			exists: false, card: ['declined', 'skip', undefined], declined: true,
		});
	});

	it('reports a failing command\'s exit code', async () => {
		// Through sh: a bare `exit` would end the terminal's own shell.
		const { card, result } = await commandTurn({ command: 'sh -c "echo failing; exit 7"' }, 'run');
		assert.deepEqual({ card: [card?.status, card?.terminal?.exitCode], result: result.split('\n')[0].replace(/\(\d+\.\d s\)/, '(N s)') }, {
			card: ['error', 7], result: 'Error: the command failed with exit code 7 (N s).',
		});
	});

	it('ends a command at its timeout, with what it started, and says so', async () => {
		const started = Date.now();
		const { card, result } = await commandTurn({ command: 'echo waiting; sleep 60', timeout_seconds: 2 }, 'run');
		assert.deepEqual({
			card: [card?.status, card?.terminal?.ended, card?.terminal?.exitCode, card?.terminal?.output.includes('waiting')],
			said: result.startsWith('Error: the command did not finish within 2 s'), quick: Date.now() - started < 20_000,
		}, { card: ['error', 'timeout', undefined, true], said: true, quick: true });
	});

	it('Stop ends a running command, and its card keeps what it printed', async () => {
		const started = join(root(), 'stop-started.txt');
		rmSync(started, { force: true });
		sim.script.push({ toolCalls: [{ id: 'call_1', name: 'run_command', arguments: { command: 'echo STOP-ME; touch stop-started.txt; sleep 60' } }] }, { content: 'never sent' });
		api.runner.send('run it');
		const turnId = await until('the card to ask', () => api.runner.snapshot().turns.at(-1)?.reply.tools?.some((c) => c.status === 'awaiting') ? api.runner.snapshot().turns.at(-1)!.id : undefined);
		api.runner.decideTool(turnId, 'call_1', 'run');
		await until('the command to start', () => existsSync(started) || undefined);
		const stopAt = Date.now();
		api.runner.stop();
		await api.runner.idle();
		const reply = api.runner.snapshot().turns.at(-1)!.reply;
		const card = reply.tools?.[0];
		assert.deepEqual({
			reply: reply.status, card: [card?.status, card?.terminal?.ended, card?.terminal?.output.includes('STOP-ME')],
			quick: Date.now() - stopAt < 10_000, requests: sim.requests.filter((r) => r.path === '/v1/chat/completions').length,
		}, { reply: 'stopped', card: ['cancelled', 'stopped', true], quick: true, requests: 1 });
	});

	it('refuses a cwd outside the workspace without asking', async () => {
		const up = await commandTurn({ command: 'ls', cwd: '../..' });
		sim.reset();
		const absolute = await commandTurn({ command: 'ls', cwd: join(root(), '..') });
		assert.deepEqual([up, absolute].map(({ asked, card, result }) => ({ asked, status: card?.status, refused: /^Error: .*(leave the workspace|outside the workspace)/.test(result) })), [
			{ asked: undefined, status: 'error', refused: true },
			{ asked: undefined, status: 'error', refused: true },
		]);
	});

	it('keeps the Flux key (secret storage and FLUX_API_KEY) out of the environment of a command in the terminal', async () => {
		process.env.FLUX_API_KEY = envKey;
		const { card, result } = await commandTurn({ command: 'env; echo ENV-DONE' }, 'run');
		delete process.env.FLUX_API_KEY;
		assert.deepEqual({ ran: card?.terminal?.output.includes('ENV-DONE'), key: result.includes(key), envKey: result.includes(envKey), name: /FLUX_API_KEY=/.test(result) }, {
			ran: true, key: false, envKey: false, name: false,
		});
	});

	it('runs as a child process of the user\'s shell where shell integration does not come up, says so, and keeps the key out there too', async () => {
		const terminal = vscode.workspace.getConfiguration('terminal.integrated');
		await terminal.update('shellIntegration.enabled', false, vscode.ConfigurationTarget.Global);
		for (const open of vscode.window.terminals.filter((t) => t.name === 'Flux')) open.dispose();
		process.env.FLUX_API_KEY = envKey;
		try {
			const { card, result } = await commandTurn({ command: 'env; echo PROCESS-DONE' }, 'run');
			assert.deepEqual({
				card: [card?.status, card?.terminal?.via, card?.terminal?.exitCode, card?.terminal?.output.includes('PROCESS-DONE')],
				said: result.includes('ran as a child process of the user\'s shell'),
				key: result.includes(key), envKey: result.includes(envKey), name: /FLUX_API_KEY=/.test(result),
				shown: vscode.window.terminals.filter((t) => t.name === 'Flux').length,
			}, { card: ['done', 'process', 0, true], said: true, key: false, envKey: false, name: false, shown: 1 });
		} finally {
			delete process.env.FLUX_API_KEY;
			await terminal.update('shellIntegration.enabled', undefined, vscode.ConfigurationTarget.Global);
			for (const open of vscode.window.terminals.filter((t) => t.name === 'Flux')) open.dispose();
		}
	});

	it('ignores a workspace\'s flux.tools.terminal.autoRun: the command still asks', async () => {
		mkdirSync(join(root(), '.vscode'), { recursive: true });
		writeFileSync(join(root(), '.vscode', 'settings.json'), JSON.stringify({ 'flux.tools.terminal.autoRun': ['echo'], 'flux.tools.terminal.mode': 'ask', 'flux.rewriteModel': 'flux-terminal-probe' }));
		try {
			await until('VS Code to read the workspace settings', () => config().get('rewriteModel') === 'flux-terminal-probe' || undefined);
			const { asked, card } = await commandTurn({ command: 'echo from-the-allow-list' }, 'skip');
			const ignored = (await api.notices()).find((n) => n.id === 'ignoredSettings')?.text;
			assert.deepEqual({ asked: asked?.status, card: card?.status, named: ['flux.tools.terminal.mode', 'flux.tools.terminal.autoRun'].map((name) => ignored?.split(', ').some((part) => part.endsWith(name))) }, {
				asked: 'awaiting', card: 'declined', named: [true, true],
			});
		} finally {
			rmSync(join(root(), '.vscode'), { recursive: true, force: true });
		}
	});

	it('runs a command the user allow-listed without asking, with the mode also set in the user\'s settings', async () => {
		// Both keys in one settings file: VS Code keeps settings as a tree, and would drop one of two
		// keys where one names the other's section (as flux.tools.terminal and its .autoRun did).
		await config().update('tools.terminal.mode', 'ask', vscode.ConfigurationTarget.Global);
		await config().update('tools.terminal.autoRun', ['echo'], vscode.ConfigurationTarget.Global);
		try {
			const { asked, card, result } = await commandTurn({ command: 'echo ALLOWED-7' });
			assert.deepEqual({ asked, card: [card?.status, card?.terminal?.exitCode], result: result.includes('ALLOWED-7') }, {
				asked: undefined, card: ['done', 0], result: true,
			});
		} finally {
			await config().update('tools.terminal.autoRun', undefined, vscode.ConfigurationTarget.Global);
			await config().update('tools.terminal.mode', undefined, vscode.ConfigurationTarget.Global);
		}
	});

	it('offers no run_command when flux.tools.terminal.mode is off', async () => {
		await config().update('tools.terminal.mode', 'off', vscode.ConfigurationTarget.Global);
		try {
			api.runner.send('run the tests');
			await api.runner.idle();
			const tools = (sim.requests.filter((r) => r.path === '/v1/chat/completions')[0].body as { tools: { function: { name: string } }[] }).tools;
			assert.deepEqual(tools.some((t) => t.function.name === 'run_command'), false);
		} finally {
			await config().update('tools.terminal.mode', undefined, vscode.ConfigurationTarget.Global);
		}
	});
});
