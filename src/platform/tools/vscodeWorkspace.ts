import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { findRipgrep } from '../../tools/search/ripgrep';
import { readSetting } from '../config';
import type { DiagnosticEntry, DiagnosticSeverity, DocumentRef, EditorSelection, OpenEditor, Workspace, WorkspaceFolder } from '../../tools/workspace';

let ripgrep: { readonly path: string | undefined } | undefined;

/** VS Code's own ripgrep; looked up once, since the install does not move while it runs. */
function ripgrepPath(): string | undefined {
	ripgrep ??= { path: findRipgrep(vscode.env.appRoot, process.platform, process.arch, existsSync) };
	return ripgrep.path;
}

/**
 * The `Workspace` the tools run against, backed by VS Code. Create one per turn: folders,
 * exclusions and trust are a snapshot taken here, like the rest of the turn's settings, while
 * the editor state (selection, tabs, diagnostics) is read when a tool asks for it.
 */
export function createVscodeWorkspace(): Workspace {
	// Only folders on disk: node:fs and ripgrep cannot reach virtual file systems.
	const folders: WorkspaceFolder[] = (vscode.workspace.workspaceFolders ?? [])
		.filter((folder) => folder.uri.scheme === 'file')
		.map((folder) => ({ name: folder.name, fsPath: folder.uri.fsPath }));
	return Object.freeze({
		folders: Object.freeze(folders),
		exclude: Object.freeze(readExcludes()),
		...readSearchSettings(),
		ripgrepPath: ripgrepPath(),
		isTrusted: vscode.workspace.isTrusted,
		activeSelection,
		openEditors,
		diagnostics,
	});
}

/**
 * `flux.tools.exclude` plus the `files.exclude` patterns that are switched on, from every
 * folder (each may have its own `files.exclude`). Hiding a pattern of one folder in all of
 * them is the safe side. Patterns with a `when` clause only declutter the explorer (hide
 * `a.js` next to `a.ts`), so they do not hide anything from the tools.
 */
function readExcludes(): string[] {
	const patterns = new Set<string>(readSetting('tools.exclude'));
	const scopes = vscode.workspace.workspaceFolders?.map((folder) => folder.uri) ?? [undefined];
	for (const scope of scopes) {
		for (const pattern of switchedOn(vscode.workspace.getConfiguration('files', scope).get<unknown>('exclude'))) patterns.add(pattern);
	}
	return [...patterns];
}

/**
 * What VS Code's own search leaves out beyond `files.exclude`: the enabled `search.exclude`
 * patterns and `search.useIgnoreFiles`, read per folder. A workspace may set both, since they
 * only ever hide more; so the patterns of every folder apply to all of them, and `.gitignore`
 * files are honoured unless every folder turns that off. The secret patterns are not here:
 * the tools apply them whatever any setting says.
 */
function readSearchSettings(): { readonly searchExclude: readonly string[]; readonly useIgnoreFiles: boolean } {
	const patterns = new Set<string>();
	let useIgnoreFiles = false;
	const scopes = vscode.workspace.workspaceFolders?.map((folder) => folder.uri) ?? [undefined];
	for (const scope of scopes) {
		const search = vscode.workspace.getConfiguration('search', scope);
		// A `when` clause only declutters results (`a.js` next to `a.ts`); it hides nothing.
		for (const pattern of switchedOn(search.get<unknown>('exclude'))) patterns.add(pattern);
		if (search.get<boolean>('useIgnoreFiles', true) !== false) useIgnoreFiles = true;
	}
	return { searchExclude: Object.freeze([...patterns]), useIgnoreFiles };
}

/**
 * The patterns an exclude setting (`{ "pattern": true }`) switches on. VS Code does not check a
 * setting's type, so anything other than an object (`null`, a list) switches none on, rather than
 * failing every read of the workspace.
 */
function switchedOn(setting: unknown): string[] {
	if (typeof setting !== 'object' || setting === null || Array.isArray(setting)) return [];
	return Object.entries(setting).filter(([, enabled]) => enabled === true).map(([pattern]) => pattern);
}

function activeSelection(): EditorSelection | undefined {
	const editor = vscode.window.activeTextEditor;
	if (!editor) return undefined;
	const { selection, document } = editor;
	let endLine = selection.end.line;
	if (!selection.isEmpty && selection.end.character === 0 && endLine > selection.start.line) endLine--;
	return {
		document: documentRef(document.uri, document.languageId),
		startLine: selection.start.line + 1,
		endLine: endLine + 1,
		text: document.getText(selection),
	};
}

function openEditors(): OpenEditor[] {
	const languages = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d.languageId]));
	const active = vscode.window.tabGroups.activeTabGroup;
	const editors: OpenEditor[] = [];
	for (const group of vscode.window.tabGroups.all) {
		for (const tab of group.tabs) {
			const uri = tabUri(tab.input);
			if (!uri) continue;
			editors.push({
				document: documentRef(uri, languages.get(uri.toString())),
				isActive: group === active && tab.isActive,
				isDirty: tab.isDirty,
			});
		}
	}
	return editors;
}

/** The document a tab shows; for a diff, the side the user edits. Webviews and terminals have none. */
function tabUri(input: unknown): vscode.Uri | undefined {
	if (input instanceof vscode.TabInputText || input instanceof vscode.TabInputNotebook || input instanceof vscode.TabInputCustom) return input.uri;
	if (input instanceof vscode.TabInputTextDiff || input instanceof vscode.TabInputNotebookDiff) return input.modified;
	return undefined;
}

const severities: Readonly<Record<vscode.DiagnosticSeverity, DiagnosticSeverity>> = {
	[vscode.DiagnosticSeverity.Error]: 'error',
	[vscode.DiagnosticSeverity.Warning]: 'warning',
	[vscode.DiagnosticSeverity.Information]: 'information',
	[vscode.DiagnosticSeverity.Hint]: 'hint',
};

function diagnostics(): DiagnosticEntry[] {
	const entries: DiagnosticEntry[] = [];
	for (const [uri, list] of vscode.languages.getDiagnostics()) {
		if (uri.scheme !== 'file') continue;
		for (const d of list) {
			const code = typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code);
			entries.push({
				fsPath: uri.fsPath,
				severity: severities[d.severity],
				startLine: d.range.start.line + 1,
				startColumn: d.range.start.character + 1,
				endLine: d.range.end.line + 1,
				endColumn: d.range.end.character + 1,
				message: d.message,
				...(d.source ? { source: d.source } : {}),
				...(code !== undefined ? { code } : {}),
			});
		}
	}
	return entries;
}

/**
 * Untitled buffers have no path; every other document gives its URI's fsPath (a `git:`
 * revision names the file it is a revision of), for the path guard to judge.
 */
function documentRef(uri: vscode.Uri, languageId: string | undefined): DocumentRef {
	const name = uri.path.split('/').pop() || uri.path;
	return {
		fsPath: uri.scheme === 'untitled' ? undefined : uri.fsPath,
		name,
		...(languageId ? { languageId } : {}),
	};
}
