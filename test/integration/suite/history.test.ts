import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { FluxTestApi } from '../../../src/extension';
import { startFluxSimulator, type FluxSimulator } from '../../sim/fluxSimulator';

const apiKey = 'sk-history-secret-4f1c9e';

/** History, export and what is written to disk, in a real extension host. */
describe('Conversation history in a real VS Code', () => {
	let sim: FluxSimulator;
	let api: FluxTestApi;
	const config = () => vscode.workspace.getConfiguration('flux');

	before(async () => {
		sim = await startFluxSimulator({ apiKeys: [apiKey] });
		api = (await vscode.extensions.getExtension<FluxTestApi>('fluxchat.flux-chat')!.activate())!;
		await config().update('baseUrl', sim.baseUrl, vscode.ConfigurationTarget.Global);
		await api.apiKeys.set(apiKey);
	});

	after(async () => {
		await api.apiKeys.clear();
		await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
		await sim.close();
	});

	async function ask(question: string): Promise<void> {
		api.runner.send(question);
		await api.runner.idle();
	}

	it('writes each turn to this workspace\'s history as it happens, one line per change', async () => {
		await api.runner.newChat();
		await ask('How do I reverse a list in Python?');
		await ask('thanks');
		const file = join(api.historyDir, `${api.runner.conversationId}.jsonl`);
		type Stored = { v: number; type: string; turn?: { question: string; replies: { status: string }[]; current: number; attempt?: { status: string } } };
		const records = readFileSync(file, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as Stored);
		// Format 1: the reply in flight is the turn's `attempt`; finished ones are its `replies`.
		const status = (turn: NonNullable<Stored['turn']>) => turn.attempt?.status ?? turn.replies[turn.current].status;
		assert.ok(records.every((r) => r.v === 1));
		assert.deepEqual(records.map((r) => r.turn ? [r.type, r.turn.question, status(r.turn)] : [r.type]), [
			['created'],
			['turn', 'How do I reverse a list in Python?', 'waiting'],
			['turn', 'How do I reverse a list in Python?', 'done'],
			['turn', 'thanks', 'waiting'],
			['turn', 'thanks', 'done'],
		]);
		const found = await api.library.list('reverse python');
		assert.deepEqual(found.items.map((i) => [i.id, i.turnCount]), [[api.runner.conversationId, 2]]);
	});

	it('exports the conversation to Markdown and JSON with model, tokens, cost and time per turn', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'flux-export-'));
		const md = vscode.Uri.file(join(dir, 'chat.md'));
		const json = vscode.Uri.file(join(dir, 'chat.json'));
		await vscode.commands.executeCommand('flux.exportConversation', { format: 'markdown', uri: md });
		await vscode.commands.executeCommand('flux.exportConversation', { format: 'json', uri: json });
		const markdown = readFileSync(md.fsPath, 'utf8');
		assert.match(markdown, /^# How do I reverse a list in Python\?\n/);
		assert.match(markdown, /\n> \S+ \(routed by flux-auto\) · \d+ in \/ \d+ out tokens · \$[\d.]+ · [\d.]+ s\n/);
		const exported = JSON.parse(readFileSync(json.fsPath, 'utf8')) as { turns: { question: string; servedModel: string; promptTokens: number; costUsd: number; durationMs: number }[] };
		assert.deepEqual(exported.turns.map((t) => [t.question, typeof t.servedModel, t.promptTokens > 0, t.costUsd > 0, t.durationMs >= 0]), [
			['How do I reverse a list in Python?', 'string', true, true, true],
			['thanks', 'string', true, true, true],
		]);
		assertNoKey([dir]);
	});

	it('never writes the API key to the history or the log', async () => {
		await vscode.commands.executeCommand('flux.showLog');
		const logFiles = filesUnder(api.logDir);
		assert.ok(logFiles.some((f) => readFileSync(f, 'utf8').includes('POST /chat/completions') || readFileSync(f, 'utf8').includes('activated')), `the Flux log was not found under ${api.logDir}: ${logFiles.join(', ')}`);
		assertNoKey([api.historyDir, api.logDir]);
	});
});

function filesUnder(dir: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? filesUnder(path) : [path];
	});
}

function assertNoKey(dirs: readonly string[]): void {
	const files = dirs.flatMap(filesUnder);
	assert.ok(files.length > 0, 'nothing to check');
	assert.deepEqual(files.filter((f) => readFileSync(f, 'utf8').includes(apiKey)), []);
}
