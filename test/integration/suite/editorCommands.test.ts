import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FluxTestApi } from '../../../src/extension';
import { startFluxSimulator, type FluxSimulator } from '../../sim/fluxSimulator';

/** Explain and Rewrite from the editor, in a real VS Code, against the simulator. */
describe('Flux editor commands in a real VS Code', () => {
	let sim: FluxSimulator;
	let api: FluxTestApi;
	let editor: vscode.TextEditor;
	const original = 'export function greet(name: string): string {\n\treturn `Hello, ${name}!`;\n}\n';

	async function openScratch(): Promise<vscode.TextEditor> {
		const folder = vscode.workspace.workspaceFolders![0].uri;
		const uri = vscode.Uri.joinPath(folder, 'scratch.ts');
		await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(original));
		const document = await vscode.workspace.openTextDocument(uri);
		return vscode.window.showTextDocument(document);
	}

	before(async () => {
		sim = await startFluxSimulator();
		api = (await vscode.extensions.getExtension<FluxTestApi>('fluxchat.flux-chat')!.activate())!;
		await vscode.workspace.getConfiguration('flux').update('baseUrl', sim.baseUrl, vscode.ConfigurationTarget.Global);
		await api.apiKeys.set('sk-editor-tests');
	});

	after(async () => {
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		await vscode.workspace.fs.delete(vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'scratch.ts'));
		await vscode.workspace.getConfiguration('flux').update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
		await api.apiKeys.clear();
		await sim.close();
	});

	afterEach(async () => {
		await usePreview('inline');
		await vscode.workspace.getConfiguration('flux').update('apiFormat', undefined, vscode.ConfigurationTarget.Global);
	});

	beforeEach(async () => {
		sim.reset();
		await api.runner.newChat();
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		editor = await openScratch();
		await editor.edit((e) => e.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), original));
	});

	it('Explain Selection sends at once: "Explain this code." with the selection, its path and lines, as the chip', async () => {
		editor.selection = new vscode.Selection(1, 1, 1, 10);
		sim.script.push({ content: 'It greets.' });
		await vscode.commands.executeCommand('flux.explainSelection');
		await api.runner.idle();
		const turn = api.runner.snapshot().turns.at(-1)!;
		const sent = (sim.requests.filter((r) => r.path === '/v1/chat/completions')[0].body as { messages: { role: string; content: string }[] }).messages.at(-1)!.content;
		assert.deepEqual({
			question: turn.question,
			attachments: turn.attachments?.map((a) => [a.kind, a.path, a.startLine, a.endLine]),
			reply: turn.reply.text,
			sent: sent.includes('`scratch.ts` (typescript), lines 2-2') && sent.includes('return `Hello, ${name}!`;'),
		}, {
			question: 'Explain this code.',
			attachments: [['selection', 'scratch.ts', 2, 2]],
			reply: 'It greets.',
			sent: true,
		});
	});

	/** `flux.rewrite.preview` for one test; the default (inline) comes back after it. */
	async function usePreview(preview: 'diff' | 'inline'): Promise<void> {
		await vscode.workspace.getConfiguration('flux').update('rewrite.preview', preview === 'inline' ? undefined : preview, vscode.ConfigurationTarget.Global);
	}

	it('Rewrite opens a diff with the proposal (flux.rewrite.preview: diff); Accept applies it, one undo restores the file', async () => {
		await usePreview('diff');
		editor.selection = new vscode.Selection(0, 0, 2, 1);
		sim.script.push({ content: 'Sure:\n```ts\nexport function greet(name: string): string {\n\treturn `Hi, ${name}.`;\n}\n```' });
		await vscode.commands.executeCommand('flux.rewriteSelection', { instruction: 'make it terse' });
		const diff = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
		assert.ok(diff instanceof vscode.TabInputTextDiff, 'a diff is open');
		const proposal = await vscode.workspace.openTextDocument(diff.modified);
		const expected = 'export function greet(name: string): string {\n\treturn `Hi, ${name}.`;\n}\n';
		// replace_selection was forced; this model answered in text anyway, and its fenced code was taken.
		const asked = sim.requests.at(-1)?.body as { tool_choice?: unknown; tools?: { function: { name: string } }[] };
		assert.deepEqual({ scheme: diff.modified.scheme, left: diff.original.toString(), proposal: proposal.getText(), forced: asked.tool_choice, tools: asked.tools?.map((t) => t.function.name) },
			{ scheme: 'flux-proposal', left: editor.document.uri.toString(), proposal: expected, forced: { type: 'function', function: { name: 'replace_selection' } }, tools: ['replace_selection'] });
		await vscode.commands.executeCommand('flux.acceptRewrite', diff.modified);
		const after = editor.document.getText();
		await vscode.window.showTextDocument(editor.document);
		await vscode.commands.executeCommand('undo');
		assert.deepEqual({ after, undone: editor.document.getText() }, { after: expected, undone: original });
	});

	it('refuses to apply a proposal when the file changed meanwhile (flux.rewrite.preview: diff)', async () => {
		await usePreview('diff');
		editor.selection = new vscode.Selection(0, 0, 2, 1);
		// This model calls the forced tool.
		sim.script.push({ toolCalls: [{ name: 'replace_selection', arguments: { code: 'const replaced = true;' } }] });
		await vscode.commands.executeCommand('flux.rewriteSelection', { instruction: 'replace it' });
		const diff = vscode.window.tabGroups.activeTabGroup.activeTab?.input as vscode.TabInputTextDiff;
		assert.match((await vscode.workspace.openTextDocument(diff.modified)).getText(), /^const replaced = true;\n/);
		const edit = new vscode.WorkspaceEdit();
		edit.insert(editor.document.uri, new vscode.Position(0, 0), '// edited meanwhile\n');
		await vscode.workspace.applyEdit(edit);
		await vscode.commands.executeCommand('flux.acceptRewrite', diff.modified);
		assert.equal(editor.document.getText(), `// edited meanwhile\n${original}`);
	});

	it('offers Explain with Flux and Fix with Flux on diagnostics', async () => {
		const diagnostics = vscode.languages.createDiagnosticCollection('flux-test');
		const range = new vscode.Range(1, 1, 1, 7);
		diagnostics.set(editor.document.uri, [new vscode.Diagnostic(range, 'Something is off', vscode.DiagnosticSeverity.Error)]);
		const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, range);
		diagnostics.dispose();
		const ours = actions.filter((a) => a.title.includes('Flux'));
		assert.deepEqual(ours.map((a) => [a.title, a.command?.command]), [
			['Explain with Flux', 'flux.explainSelection'],
			['Fix with Flux', 'flux.rewriteSelection'],
		]);
	});

	it('binds keys that no default VS Code command uses', async () => {
		await vscode.commands.executeCommand('workbench.action.openDefaultKeybindingsFile');
		const defaults = vscode.window.activeTextEditor!.document.getText();
		await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
		const contributed = vscode.extensions.getExtension('fluxchat.flux-chat')!.packageJSON.contributes.keybindings as { key: string; when?: string }[];
		// Ctrl+Enter and Escape act on an inline rewrite proposal, and only while one is shown in
		// the focused editor: there they are meant to win over VS Code's own.
		const whileProposal = contributed.filter((k) => k.when?.includes('flux.rewrite.proposalShown')).map((k) => k.key);
		const ours = contributed.filter((k) => !k.when?.includes('flux.rewrite.proposalShown')).map((k) => k.key);
		// The file lists every default binding, ours included: look for other commands on our keys.
		const bindings = [...defaults.matchAll(/"key":\s*"([^"]+)",\s*"command":\s*"([^"]+)"/g)].map((m) => [m[1], m[2]]);
		const clashes = bindings.filter(([key, command]) => ours.includes(key) && !command.startsWith('flux.'));
		assert.ok(bindings.length > 500, `the default keybindings were read (${bindings.length})`);
		assert.deepEqual({ clashes, whileProposal }, { clashes: [], whileProposal: ['ctrl+enter', 'escape'] });
	});
});
