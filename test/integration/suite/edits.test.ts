import * as assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
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
			id: card(turnId)!.id,
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

	/** The flux-change diffs open now, by the proposal (set and path) they are bound to. */
	const openDiffs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs)
		.flatMap((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.scheme === 'flux-change' ? [tab.input.modified] : []);
	async function until(done: () => boolean, what: string): Promise<void> {
		const deadline = Date.now() + 3000;
		while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
		assert.ok(done(), what);
	}
	const heyEdit: ScriptedToolCall = { name: 'edit_file', arguments: { path: 'src/greet.ts', old_text: 'Hello', new_text: 'Hey', replace_all: true } };

	it('binds a diff to its reply version: after Retry the old diff closes, and its Accept writes nothing (issue 27.1)', async () => {
		const { turnId } = await proposeTurn(greetEdit);
		const v1 = card(turnId)!.id;
		await api.changes.review(turnId, v1, 'src/greet.ts');
		await until(() => openDiffs().length === 1, 'the diff of v1 opens');
		const [oldDiff] = openDiffs();
		assert.match((await vscode.workspace.openTextDocument(oldDiff)).getText(), /Hi, \$\{name\}/);

		// Retry: v2 proposes another text for the same file and becomes the version shown.
		sim.script.push({ toolCalls: [{ id: 'call_0', ...heyEdit }] }, { content: 'Another take.' });
		api.runner.retry(turnId);
		await api.runner.idle();
		const v2 = card(turnId)!.id;
		assert.notEqual(v2, v1);
		await until(() => openDiffs().length === 0, 'the diff of the version no longer shown is closed');

		// The old diff's title-bar Accept (and a click on v1's card) write nothing: v1 is not shown.
		await vscode.commands.executeCommand('flux.acceptFileChange', oldDiff);
		await api.changes.accept(turnId, v1);
		assert.equal(disk('src/greet.ts'), originals['src/greet.ts']);
		assert.deepEqual(statuses(turnId), ['src/greet.ts:pending']);

		// A diff of v2 shows v2's text, and its Accept writes exactly that.
		await api.changes.review(turnId, v2, 'src/greet.ts');
		await until(() => openDiffs().length === 1, 'the diff of v2 opens');
		const [newDiff] = openDiffs();
		assert.match((await vscode.workspace.openTextDocument(newDiff)).getText(), /Hey, \$\{name\}/);
		await vscode.commands.executeCommand('flux.acceptFileChange', newDiff);
		assert.match(await saved('src/greet.ts', /Hey,/), /return `Hey, \$\{name\}!`;/);
		assert.deepEqual(statuses(turnId), ['src/greet.ts:accepted']);
	});

	it('keys Accept, Undo and the outcome note by reply version (issue 27.2)', async () => {
		const { turnId } = await proposeTurn(greetEdit);
		const v1 = card(turnId)!.id;
		await api.changes.accept(turnId, v1);
		assert.match(await saved('src/greet.ts', /Hi,/), /Hi,/);
		sim.script.push({ toolCalls: [{ id: 'call_0', ...addEdit }] }, { content: 'Another take.' });
		api.runner.retry(turnId);
		await api.runner.idle();
		const v2 = card(turnId)!.id;
		// v2's card is its own: pending, no Undo of v1's write; its Undo does nothing to v1's file.
		assert.deepEqual({ statuses: statuses(turnId), undoable: card(turnId)?.undoable }, { statuses: ['src/math.ts:pending'], undoable: undefined });
		await api.changes.undo(turnId, v2);
		await api.changes.undo(turnId, v1);
		assert.match(disk('src/greet.ts'), /Hi,/);
		assert.deepEqual(statuses(turnId), ['src/math.ts:pending']);

		// The next request tells the model what became of the version shown (v2), nothing else.
		sim.reset();
		sim.script.push({ content: 'Noted.' });
		api.runner.send('what now?');
		await api.runner.idle();
		const body = sim.requests.find((r) => r.path === '/v1/chat/completions')!.body as Request;
		const answer = body.messages.find((m) => m.role === 'assistant')?.content ?? '';
		assert.match(answer, /not reviewed yet \(still waiting for the user\): src\/math\.ts/);
		assert.doesNotMatch(answer, /undone/);
		assert.match(answer, /accepted and written from another version of this reply \(not the one shown\): src\/greet\.ts/);

		// Paging back to v1 shows v1's card, still undoable, and its Undo puts the file back.
		api.runner.showVersion(turnId, 0);
		assert.deepEqual({ id: card(turnId)?.id, statuses: statuses(turnId), undoable: card(turnId)?.undoable }, { id: v1, statuses: ['src/greet.ts:accepted'], undoable: true });
		await api.changes.undo(turnId, v1);
		assert.deepEqual(statuses(turnId), ['src/greet.ts:undone']);
		assert.equal(await saved('src/greet.ts', /Hello,/), originals['src/greet.ts']);
	});

	it('offers no Accept in a window that does not hold the conversation (issue 27.4)', async () => {
		const { turnId } = await proposeTurn(greetEdit);
		const id = card(turnId)!.id;
		await api.library.flush();
		// Another live window takes the conversation (its lock names another process and token).
		const lock = join(api.historyDir, `${api.runner.conversationId}.lock`);
		writeFileSync(lock, JSON.stringify({ pid: process.ppid, host: hostname(), token: 'the-other-window' }));
		try {
			await api.runner.lockedOut(api.runner.conversation);
			assert.deepEqual({ readOnly: card(turnId)?.readOnly, statuses: statuses(turnId) }, { readOnly: true, statuses: ['src/greet.ts:pending'] });
			await api.changes.accept(turnId, id);
			await api.changes.accept(turnId, id, 'src/greet.ts');
			assert.equal(disk('src/greet.ts'), originals['src/greet.ts']);
			assert.deepEqual(statuses(turnId), ['src/greet.ts:pending']);
		} finally {
			rmSync(lock, { force: true });
		}
	});

	it('names the file a symlink leads to, marks it as running code, and writes it only on its own Accept (issue 27.5, 27.6)', async () => {
		const madeVscode = !existsSync(join(root(), '.vscode'));
		mkdirSync(join(root(), '.vscode'), { recursive: true });
		writeFileSync(join(root(), '.vscode', 'tasks.json'), '{ "version": "2.0.0", "tasks": [] }\n');
		mkdirSync(join(root(), 'docs'), { recursive: true });
		symlinkSync('../.vscode/tasks.json', join(root(), 'docs', 'notes.md'));
		try {
			const content = '{ "version": "2.0.0", "tasks": [{ "label": "notes", "type": "shell", "command": "echo hi" }] }\n';
			const { turnId } = await proposeTurn({ name: 'create_file', arguments: { path: 'docs/notes.md', content, overwrite: true } }, addEdit);
			const shown = card(turnId)!;
			assert.deepEqual(shown.files.map((f) => ({ path: f.path, target: f.target, runsCode: f.runsCode, overwrite: f.overwrite })), [
				{ path: 'docs/notes.md', target: '.vscode/tasks.json', runsCode: 'editor', overwrite: true },
				{ path: 'src/math.ts', target: undefined, runsCode: undefined, overwrite: undefined },
			]);
			// Accept All leaves the file that runs code out.
			await api.changes.accept(turnId, shown.id);
			assert.deepEqual(statuses(turnId), ['docs/notes.md:pending', 'src/math.ts:accepted']);
			assert.doesNotMatch(disk('.vscode/tasks.json'), /echo hi/);
			// Its own Accept writes the real target; the link stays a link.
			await api.changes.accept(turnId, shown.id, 'docs/notes.md');
			assert.deepEqual(statuses(turnId), ['docs/notes.md:accepted', 'src/math.ts:accepted']);
			assert.equal(await saved('.vscode/tasks.json', /echo hi/), content);
			assert.equal(lstatSync(join(root(), 'docs', 'notes.md')).isSymbolicLink(), true);
		} finally {
			rmSync(join(root(), 'docs'), { recursive: true, force: true });
			rmSync(join(root(), '.vscode', 'tasks.json'), { force: true });
			if (madeVscode) rmSync(join(root(), '.vscode'), { recursive: true, force: true });
		}
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
