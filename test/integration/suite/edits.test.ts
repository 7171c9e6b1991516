import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { FluxTestApi } from '../../../src/extension';
import { startFluxSimulator, type FluxSimulator } from '../../sim/fluxSimulator';
import type { ScriptedToolCall } from '../../sim/simScript';

type Request = { messages: { role: string; content: string | null }[]; tools?: { function: { name: string } }[] };

/** Edits proposed from the chat, reviewed and applied in a real VS Code on the fixture workspace. */
describe('Flux edits from the chat in a real VS Code', () => {
	let sim: FluxSimulator;
	let api: FluxTestApi;
	const root = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
	const disk = (relative: string) => readFileSync(join(root(), relative), 'utf8');
	/**
	 * The file's text once it matches (at most 3 s): under the web workbench's default auto-save
	 * a save can still be finishing an auto-save of the same document when it returns.
	 */
	async function saved(relative: string, pattern: RegExp): Promise<string> {
		const deadline = Date.now() + 3000;
		while (!pattern.test(disk(relative)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
		return disk(relative);
	}
	const config = () => vscode.workspace.getConfiguration('flux');
	let originals: Record<string, string>;
	/** Sets a file's text through its document, as the user would; saved unless `unsaved`. */
	async function setText(relative: string, text: string, unsaved = false): Promise<void> {
		const document = await vscode.workspace.openTextDocument(vscode.Uri.file(join(root(), relative)));
		if (document.getText() === text && !document.isDirty) return;
		const edit = new vscode.WorkspaceEdit();
		edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), text);
		await vscode.workspace.applyEdit(edit);
		if (!unsaved) await document.save();
	}

	const addEdit: ScriptedToolCall = { name: 'edit_file', arguments: { path: 'src/math.ts', old_text: '\treturn a + b;', new_text: '\treturn b + a; // commutative' } };
	const greetEdit: ScriptedToolCall = { name: 'edit_file', arguments: { path: 'src/greet.ts', old_text: 'Hello', new_text: 'Hi', replace_all: true } };
	const newFile: ScriptedToolCall = { name: 'create_file', arguments: { path: 'src/util/clamp.ts', content: 'export const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));\n' } };

	/** One turn in which the model proposes `calls` in one round, then answers. */
	async function proposeTurn(...calls: ScriptedToolCall[]) {
		sim.script.push({ toolCalls: calls.map((call, i) => ({ id: `call_${i}`, ...call })) }, { content: 'I proposed the changes.' });
		api.runner.send('change it');
		await api.runner.idle();
		const turn = api.runner.snapshot().turns.at(-1)!;
		return { turnId: turn.id, reply: turn.reply };
	}
	const card = (turnId: string) => api.runner.snapshot().turns.find((t) => t.id === turnId)!.reply.changes;
	const statuses = (turnId: string) => card(turnId)?.files.map((f) => `${f.path}:${f.status}`);

	before(async () => {
		sim = await startFluxSimulator();
		api = (await vscode.extensions.getExtension<FluxTestApi>('fluxchat.flux-chat')!.activate())!;
		await config().update('baseUrl', sim.baseUrl, vscode.ConfigurationTarget.Global);
		await api.apiKeys.set('sk-edits-tests');
		originals = { 'src/math.ts': disk('src/math.ts'), 'src/greet.ts': disk('src/greet.ts') };
	});

	after(async () => {
		await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
		await config().update('tools.edits', undefined, vscode.ConfigurationTarget.Global);
		await api.apiKeys.clear();
		await sim.close();
	});

	beforeEach(async () => {
		sim.reset();
		await api.runner.newChat();
	});

	afterEach(async () => {
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		for (const [path, text] of Object.entries(originals)) await setText(path, text);
		rmSync(join(root(), 'src', 'util'), { recursive: true, force: true });
	});

	it('proposes without writing; Accept writes two files as one edit and saves them; Undo puts both back', async () => {
		const { turnId, reply } = await proposeTurn(addEdit, newFile);
		assert.deepEqual(reply.tools?.map((t) => [t.name, t.status]), [['edit_file', 'done'], ['create_file', 'done']]);
		assert.deepEqual(card(turnId), {
			files: [
				{ path: 'src/math.ts', created: false, added: 1, removed: 1, status: 'pending' },
				{ path: 'src/util/clamp.ts', created: true, added: 1, removed: 0, status: 'pending' },
			],
		});
		assert.equal(disk('src/math.ts'), originals['src/math.ts']);
		assert.equal(existsSync(join(root(), 'src/util/clamp.ts')), false);
		// The tool result told the model that nothing is written until the user accepts.
		const second = sim.requests.filter((r) => r.path === '/v1/chat/completions')[1].body as Request;
		assert.match(second.messages.filter((m) => m.role === 'tool').map((m) => m.content).join('\n'), /Nothing is written yet: the user reviews/);

		await api.changes.accept(turnId, card(turnId)!.id);
		assert.deepEqual(statuses(turnId), ['src/math.ts:accepted', 'src/util/clamp.ts:accepted']);
		assert.equal(card(turnId)?.undoable, true);
		assert.match(await saved('src/math.ts', /commutative/), /return b \+ a; \/\/ commutative/);
		assert.match(disk('src/util/clamp.ts'), /export const clamp/);
		const math = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === join(root(), 'src/math.ts'));
		assert.equal(math?.isDirty ?? false, false, 'accepted files are saved');

		await api.changes.undo(turnId, card(turnId)!.id);
		assert.deepEqual(statuses(turnId), ['src/math.ts:undone', 'src/util/clamp.ts:undone']);
		assert.equal(await saved('src/math.ts', /^(?![^]*commutative)/), originals['src/math.ts']);
		assert.equal(existsSync(join(root(), 'src/util/clamp.ts')), false);
		assert.equal(existsSync(join(root(), 'src/util')), false, 'the folder Accept made for the new file goes with it');
	});

	it('refuses a file edited after the proposal and writes the other; Retry makes the change again on the new text', async () => {
		const { turnId } = await proposeTurn(addEdit, greetEdit);
		const edited = originals['src/greet.ts'].replace(/^/, '// edited by the user meanwhile\n');
		// The user types in the file (unsaved) after the proposal and before Accept.
		await setText('src/greet.ts', edited, true);
		await api.changes.accept(turnId, card(turnId)!.id);
		assert.deepEqual(statuses(turnId), ['src/math.ts:accepted', 'src/greet.ts:stale']);
		assert.match(card(turnId)!.files[1].note ?? '', /src\/greet\.ts changed after the change was proposed, so it was not written/);
		// The user's own edit may be auto-saved; the refused change is not written.
		assert.doesNotMatch(disk('src/greet.ts'), /Hi,/);
		assert.match(await saved('src/math.ts', /return b \+ a;/), /return b \+ a;/);

		await api.changes.retry(turnId, card(turnId)!.id, 'src/greet.ts');
		assert.deepEqual(statuses(turnId), ['src/math.ts:accepted', 'src/greet.ts:pending']);
		await api.changes.accept(turnId, card(turnId)!.id, 'src/greet.ts');
		assert.deepEqual(statuses(turnId), ['src/math.ts:accepted', 'src/greet.ts:accepted']);
		assert.equal(await saved('src/greet.ts', /Hi,/), edited.replaceAll('Hello', 'Hi'));
	});

	it('Discard writes nothing, and the next request tells the model what was accepted and discarded', async () => {
		const { turnId } = await proposeTurn(addEdit, greetEdit);
		await api.changes.accept(turnId, card(turnId)!.id, 'src/math.ts');
		await api.changes.discard(turnId, card(turnId)!.id);
		assert.deepEqual(statuses(turnId), ['src/math.ts:accepted', 'src/greet.ts:discarded']);
		assert.equal(disk('src/greet.ts'), originals['src/greet.ts']);

		sim.reset();
		sim.script.push({ content: 'Noted.' });
		api.runner.send('what did I keep?');
		await api.runner.idle();
		const body = sim.requests.find((r) => r.path === '/v1/chat/completions')!.body as Request;
		const answer = body.messages.find((m) => m.role === 'assistant')?.content ?? '';
		assert.match(answer, /accepted and written: src\/math\.ts/);
		assert.match(answer, /discarded \(not written\): src\/greet\.ts/);
	});

	it('keeps a pending card with the conversation: reopened, it can still be accepted', async () => {
		const { turnId } = await proposeTurn(greetEdit);
		const conversationId = api.runner.conversationId;
		await api.runner.newChat();
		await api.library.flush();
		assert.equal(await api.runner.openConversation(conversationId), true);
		assert.deepEqual(statuses(turnId), ['src/greet.ts:pending']);
		await api.changes.accept(turnId, card(turnId)!.id);
		assert.deepEqual(statuses(turnId), ['src/greet.ts:accepted']);
		assert.match(await saved('src/greet.ts', /Hi,/), /return `Hi, \$\{name\}!`;/);
	});

	it('offers the edit tools only while flux.tools.edits is "propose"', async () => {
		sim.script.push({ content: 'ok' });
		api.runner.send('hi');
		await api.runner.idle();
		await config().update('tools.edits', 'off', vscode.ConfigurationTarget.Global);
		sim.script.push({ content: 'ok' });
		api.runner.send('hi again');
		await api.runner.idle();
		const offered = sim.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => ((r.body as Request).tools ?? []).map((t) => t.function.name).filter((n) => n.endsWith('_file') && n !== 'read_file'));
		assert.deepEqual(offered, [['edit_file', 'create_file'], []]);
	});
});
