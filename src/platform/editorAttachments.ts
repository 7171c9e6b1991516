import * as vscode from 'vscode';
import type { AttachmentTray, NewAttachment } from '../chat/attachments/attachmentTray';
import { activeEditorLines, documentLines, wholeDocument, type OpenDocument } from '../chat/attachments/documentLines';
import { readFileToAttach, refusalFor } from '../tools/read/attachFile';
import { silentLogger } from '../flux/logger';
import { getDiagnostics, getOpenEditors } from '../tools/read/editorTools';
import { Exclusions } from '../tools/guard/exclusions';
import { PathGuard } from '../tools/guard/pathGuard';
import { defaultToolLimits } from '../tools/toolLimits';
import type { ToolEnvironment } from '../tools/toolResult';
import { readSettings } from './config';
import { createVscodeWorkspace } from './tools/vscodeWorkspace';

/** How long the editor must be still before the active editor's chip follows it. */
const followDelayMs = 150;

/** The guard of the workspace as it is now (folders and exclusions change with the settings). */
function guardNow(): { guard: PathGuard; env: ToolEnvironment } {
	const workspace = createVscodeWorkspace();
	const exclusions = new Exclusions(workspace.exclude);
	const guard = new PathGuard(workspace.folders, exclusions);
	return { guard, env: { workspace, guard, exclusions, signal: new AbortController().signal, logger: silentLogger, limits: defaultToolLimits } };
}

function openDocument(document: vscode.TextDocument): OpenDocument {
	return { text: document.getText(), untitled: document.uri.scheme === 'untitled' };
}

/**
 * The path `document` is attached under, or why it cannot be (a file outside the workspace,
 * excluded or a secret by name); an untitled buffer goes by its name.
 */
async function attachPath(document: vscode.TextDocument, guard: PathGuard): Promise<{ path: string } | { refusal: string }> {
	if (document.uri.scheme === 'untitled') return { path: document.uri.path };
	if (document.uri.scheme !== 'file') return { refusal: vscode.l10n.t('Only files of the workspace can be attached.') };
	const located = await guard.locate(document.uri.fsPath);
	const refusal = refusalFor(located, vscode.workspace.asRelativePath(document.uri));
	if (refusal || located.status !== 'inside') return { refusal: refusal ?? vscode.l10n.t('This file cannot be attached.') };
	return { path: located.display };
}

/**
 * Lines of `document` (all of it for `'whole'`) as an attachment, or why they cannot go: the
 * refusals of `attachPath`, or a secret anywhere in the document. An untitled buffer may go: the
 * user added it.
 */
async function linesAttachment(document: vscode.TextDocument, range: vscode.Range | 'whole', kind: 'file' | 'selection', guard: PathGuard): Promise<NewAttachment | string> {
	const where = await attachPath(document, guard);
	if ('refusal' in where) return where.refusal;
	const { path } = where;
	const open = openDocument(document);
	const lines = documentLines(open, range === 'whole' ? wholeDocument(open) : range);
	if (lines === 'secret') return `"${path}" holds a private key or a service-account key, so it cannot be attached. Flux never sends secrets.`;
	return { kind, label: `${path}:${lines.startLine}-${lines.endLine}`, path, language: document.languageId, ...lines };
}

/** What the active editor attaches by default (see `activeEditorLines`), or nothing. */
async function activeAttachment(editor: vscode.TextEditor, guard: PathGuard): Promise<NewAttachment | undefined> {
	const { document, selection } = editor;
	const where = await attachPath(document, guard);
	if ('refusal' in where) return undefined;
	const lines = activeEditorLines(openDocument(document), selection.isEmpty ? undefined : selection, editor.visibleRanges[0]);
	return lines && { label: `${where.path}:${lines.startLine}-${lines.endLine}`, path: where.path, language: document.languageId, ...lines };
}

/**
 * The vscode side of attachments: follows the active editor for its default chip, and reads what
 * the commands and `#` mentions add (files, the selection, problems, open editors).
 */
export class EditorAttachments implements vscode.Disposable {
	private readonly disposables: vscode.Disposable[] = [];
	private timer: ReturnType<typeof setTimeout> | undefined;
	/** Bumped on every update, so a slow read for an editor left behind is dropped. */
	private generation = 0;

	constructor(private readonly tray: AttachmentTray) {
		const follow = () => this.scheduleFollow();
		this.disposables.push(
			vscode.window.onDidChangeActiveTextEditor(follow),
			vscode.window.onDidChangeTextEditorSelection((e) => { if (e.textEditor === vscode.window.activeTextEditor) follow(); }),
			vscode.window.onDidChangeTextEditorVisibleRanges((e) => { if (e.textEditor === vscode.window.activeTextEditor) follow(); }),
			// An edit off screen (a key pasted below, by another editor or an extension) changes what may go.
			vscode.workspace.onDidChangeTextDocument((e) => { if (e.document === vscode.window.activeTextEditor?.document) follow(); }),
			vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('flux.context.attachActiveEditor') || e.affectsConfiguration('files.exclude') || e.affectsConfiguration('flux.tools.exclude')) follow(); }),
		);
		void this.followActive();
	}

	/**
	 * Brings the active editor's chip up to date now (before a question is sent, so what goes is
	 * what the user sees, not what it was 150 ms ago).
	 */
	async followActive(): Promise<void> {
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		const generation = ++this.generation;
		const editor = vscode.window.activeTextEditor;
		const attachment = editor && readSettings().attachActiveEditor ? await activeAttachment(editor, guardNow().guard) : undefined;
		if (generation === this.generation) this.tray.setActive(attachment);
	}

	/** Adds files (Add File to Chat, a `#` pick); returns the refusals, in words for the user. */
	async addFiles(uris: readonly vscode.Uri[]): Promise<string[]> {
		const { guard } = guardNow();
		const refusals: string[] = [];
		for (const uri of uris) {
			const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
			if (open) {
				// An open document may have unsaved changes: attach what the user sees.
				const attachment = await linesAttachment(open, 'whole', 'file', guard);
				if (typeof attachment === 'string') refusals.push(attachment);
				else this.tray.add(attachment);
				continue;
			}
			if (uri.scheme !== 'file') {
				refusals.push(vscode.l10n.t('Only files of the workspace can be attached.'));
				continue;
			}
			const read = await readFileToAttach(uri.fsPath, guard, vscode.workspace.asRelativePath(uri));
			if (!read.ok) {
				refusals.push(read.message);
				continue;
			}
			const lineCount = read.text === '' ? 1 : read.text.replace(/\n$/, '').split('\n').length;
			this.tray.add({ kind: 'file', label: `${read.path}:1-${lineCount}`, path: read.path, language: languageOf(read.path), startLine: 1, endLine: lineCount, text: read.text });
		}
		return refusals;
	}

	/** Adds the active editor's selection (or the line at the cursor); returns why not, if it cannot. */
	async addSelection(editor = vscode.window.activeTextEditor): Promise<string | undefined> {
		if (!editor) return vscode.l10n.t('Open a file and select the code to add.');
		const range = editor.selection.isEmpty ? editor.document.lineAt(editor.selection.active.line).range : editor.selection;
		return this.addRange(editor.document, range);
	}

	/** Adds `range` of `document` as a selection chip (Explain Selection); returns why not, if it cannot. */
	async addRange(document: vscode.TextDocument, range: vscode.Range): Promise<string | undefined> {
		const attachment = await linesAttachment(document, range, 'selection', guardNow().guard);
		if (typeof attachment === 'string') return attachment;
		this.tray.add(attachment);
		return undefined;
	}

	/** `#problems`: the active file's problems, or the workspace's when no file is active. */
	async addProblems(): Promise<string | undefined> {
		const { env, guard } = guardNow();
		const editor = vscode.window.activeTextEditor;
		let path: string | undefined;
		if (editor?.document.uri.scheme === 'file') {
			const located = await guard.locate(editor.document.uri.fsPath);
			if (located.status === 'inside') path = located.display;
		}
		const result = await getDiagnostics(path ? { path } : {}, env);
		this.tray.add({ kind: 'problems', label: path ? `Problems in ${path}` : 'Problems in the workspace', text: result.content }); // not localised: the model reads the label too
		return undefined;
	}

	/** `#editors`: the list of open editors (names only, as the get_open_editors tool gives them). */
	async addEditors(): Promise<string | undefined> {
		const result = await getOpenEditors(guardNow().env);
		this.tray.add({ kind: 'editors', label: 'Open editors', text: result.content }); // not localised: the model reads the label too
		return undefined;
	}

	private scheduleFollow(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = setTimeout(() => void this.followActive(), followDelayMs);
	}

	dispose(): void {
		if (this.timer) clearTimeout(this.timer);
		for (const d of this.disposables.splice(0)) d.dispose();
	}
}

/** A language id from the file's extension, for the fence (a guess: the file is not open). */
function languageOf(path: string): string {
	const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
	const known: Record<string, string> = {
		ts: 'typescript', tsx: 'typescriptreact', js: 'javascript', jsx: 'javascriptreact', mjs: 'javascript', cjs: 'javascript',
		py: 'python', rs: 'rust', go: 'go', java: 'java', cs: 'csharp', cpp: 'cpp', c: 'c', h: 'c', rb: 'ruby', php: 'php',
		json: 'json', md: 'markdown', yml: 'yaml', yaml: 'yaml', html: 'html', css: 'css', sh: 'shellscript', sql: 'sql', toml: 'toml',
	};
	return known[ext] ?? (path.includes('.') ? ext : '');
}
