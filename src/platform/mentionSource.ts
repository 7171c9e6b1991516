import * as vscode from 'vscode';
import type { MentionItem } from '../protocol/messages';
import { Exclusions } from '../tools/guard/exclusions';
import { FileIndex } from '../tools/read/fileIndex';
import { createVscodeWorkspace } from './tools/vscodeWorkspace';

/** The `#` words that attach something other than a file, with what each attaches. */
export const specialMentions = (): readonly MentionItem[] => [
	{ kind: 'selection', value: 'selection', detail: vscode.l10n.t('The selection in the active editor') },
	{ kind: 'problems', value: 'problems', detail: vscode.l10n.t('The problems of the active file, or of the workspace') },
	{ kind: 'editors', value: 'editors', detail: vscode.l10n.t('The list of open editors') },
];

/** At most this many files are indexed: a larger workspace is listed as far as this. */
const maxIndexedFiles = 200_000;

/**
 * The `#` list: the special words whose name starts with the query, then workspace files ranked
 * by the fuzzy match. VS Code's own search process lists the files (honouring `files.exclude`
 * and `search.exclude`), on the first `#` rather than at activation; the secret patterns and
 * `flux.tools.exclude` are applied on top, so a secret never appears in the list.
 */
export class MentionSource implements vscode.Disposable {
	private readonly index = new FileIndex(listWorkspaceFiles, () => new Exclusions(createVscodeWorkspace().exclude));
	private watcher: vscode.FileSystemWatcher | undefined;

	async items(query: string): Promise<MentionItem[]> {
		// Watched from the first `#` on, like the index itself (nothing of this at activation):
		// a created or deleted file is found on the next query; edits change no names.
		if (!this.watcher) {
			this.watcher = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
			this.watcher.onDidCreate(() => this.index.invalidate());
			this.watcher.onDidDelete(() => this.index.invalidate());
		}
		const word = query.toLowerCase();
		const specials = specialMentions().filter((m) => m.value.startsWith(word));
		const files = await this.index.query(query);
		return [...specials, ...files.map((path): MentionItem => ({ kind: 'file', value: path, detail: folderOf(path) }))];
	}

	dispose(): void {
		this.watcher?.dispose();
	}
}

function folderOf(path: string): string {
	const slash = path.lastIndexOf('/');
	return slash < 0 ? '' : path.slice(0, slash);
}

async function listWorkspaceFiles(): Promise<{ display: string; relative: string }[]> {
	const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
	if (folders.length === 0) return [];
	const uris = await vscode.workspace.findFiles('**/*', undefined, maxIndexedFiles);
	const files: { display: string; relative: string }[] = [];
	for (const uri of uris) {
		const folder = vscode.workspace.getWorkspaceFolder(uri);
		if (!folder) continue;
		const relative = vscode.workspace.asRelativePath(uri, false);
		files.push({ display: folders.length > 1 ? `${folder.name}/${relative}` : relative, relative });
	}
	return files;
}
