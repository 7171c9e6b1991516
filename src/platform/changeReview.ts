import * as vscode from 'vscode';
import { pendingFiles, updateFiles, type ChangeSet, type FileChange } from '../chat/changeSet';
import type { Logger } from '../flux/logger';
import { applyEdit } from '../tools/edits/editMatcher';
import { Exclusions } from '../tools/guard/exclusions';
import { PathGuard } from '../tools/guard/pathGuard';
import { hashText, lineCounts } from '../tools/edits/proposedChanges';
import { ToolError } from '../tools/toolError';
import { createVscodeWorkspace } from './tools/vscodeWorkspace';

export const changeScheme = 'flux-change';

/** Where the change cards live: the open conversation's turns. */
export interface ChangeCards {
	changesOf(turnId: string): ChangeSet | undefined;
	updateChanges(turnId: string, changes: ChangeSet, undoable?: boolean): void;
}

/** What Accept wrote, so Undo can put it back (this session only). */
interface Written {
	readonly path: string;
	readonly uri: vscode.Uri;
	/** The text before Accept; undefined for a file Accept created. */
	readonly original: string | undefined;
	readonly text: string;
	/** The folders Accept created for a new file, deepest first: Undo removes them while empty. */
	readonly folders: readonly vscode.Uri[];
}

/** A change's side in a diff: the proposed text, or nothing (the left side of a new file). */
interface ChangeRef {
	readonly turnId: string;
	readonly path: string;
	readonly side: 'proposed' | 'empty';
}

/**
 * The change card's actions: Review opens the diffs, Accept writes the pending changes as one
 * WorkspaceEdit and saves them, Discard drops them, Undo puts back what Accept wrote. Every file
 * is checked again at Accept: it must still be inside the workspace, not excluded, and exactly
 * the text the proposal was made from; a file that changed meanwhile is refused (with Retry),
 * and the rest is written.
 */
export class ChangeReview implements vscode.TextDocumentContentProvider, vscode.Disposable {
	private readonly written = new Map<string, readonly Written[]>();
	private readonly changed = new vscode.EventEmitter<vscode.Uri>();
	readonly onDidChange = this.changed.event;

	constructor(private readonly cards: ChangeCards, private readonly logger: Logger) {}

	dispose(): void {
		this.changed.dispose();
	}

	provideTextDocumentContent(uri: vscode.Uri): string {
		const ref = refOf(uri);
		if (!ref || ref.side === 'empty') return '';
		return this.cards.changesOf(ref.turnId)?.files.find((f) => f.path === ref.path)?.text ?? '';
	}

	/** Opens the pending changes (or all, when none is pending) as diffs: one multi-file diff where VS Code has it. */
	async review(turnId: string, path?: string): Promise<void> {
		const changes = this.cards.changesOf(turnId);
		if (!changes) return;
		const pending = pendingFiles(changes, path);
		const files = pending.length ? pending : changes.files.filter((f) => path === undefined || f.path === path);
		const diffs = files.map((file) => {
			const modified = uriOf({ turnId, path: file.path, side: 'proposed' });
			this.changed.fire(modified);
			const original = file.baseHash === undefined ? uriOf({ turnId, path: file.path, side: 'empty' }) : vscode.Uri.file(file.fsPath);
			return { file, original, modified };
		});
		if (diffs.length === 0) return;
		if (diffs.length > 1) {
			try {
				await vscode.commands.executeCommand('vscode.changes', 'Flux: Proposed Changes', diffs.map((d) => [vscode.Uri.file(d.file.fsPath), d.original, d.modified]));
				return;
			} catch (error) {
				this.logger.debug(`no multi-file diff editor (${String(error)}): one diff per file`);
			}
		}
		for (const d of diffs) {
			await vscode.commands.executeCommand('vscode.diff', d.original, d.modified, vscode.l10n.t('{0} (Proposed by Flux)', d.file.path), { preview: diffs.length === 1 });
		}
	}

	/** Writes the pending changes (all, or one file) as one edit, saves them, and offers Undo. */
	async accept(turnId: string, path?: string): Promise<void> {
		const changes = this.cards.changesOf(turnId);
		if (!changes) return;
		const pending = pendingFiles(changes, path);
		if (pending.length === 0) return;
		const edit = new vscode.WorkspaceEdit();
		const written: Written[] = [];
		const documents: vscode.TextDocument[] = [];
		const refused = new Map<string, string>();
		// One guard for the whole Accept: folders and exclusions are read once, as for a turn's tools.
		const workspace = createVscodeWorkspace();
		const guard = new PathGuard(workspace.folders, new Exclusions(workspace.exclude));
		for (const file of pending) {
			const checked = await this.check(file, guard);
			if (typeof checked === 'string') {
				refused.set(file.path, checked);
				continue;
			}
			const uri = vscode.Uri.file(file.fsPath);
			let folders: vscode.Uri[] = [];
			if (checked.document) {
				const document = checked.document;
				edit.replace(uri, new vscode.Range(0, 0, document.lineCount, 0), file.text);
				documents.push(document);
			} else {
				folders = await missingFolders(uri);
				edit.createFile(uri, { contents: new TextEncoder().encode(file.text), overwrite: false });
			}
			written.push({ path: file.path, uri, original: checked.document?.getText(), text: file.text, folders });
		}
		const applied = written.length === 0 || await vscode.workspace.applyEdit(edit);
		if (!applied) {
			void vscode.window.showErrorMessage(vscode.l10n.t('Flux: VS Code could not apply the proposed changes; nothing was written.'));
			return;
		}
		// Saved, so the change is on disk like any accepted change (and the next tool call reads it).
		for (const document of documents) await document.save();
		const accepted = new Set(written.map((w) => w.path));
		let next = updateFiles(changes, accepted, (f) => ({ ...f, status: 'accepted', note: undefined }));
		next = updateFiles(next, new Set(refused.keys()), (f) => ({ ...f, status: 'stale', note: refused.get(f.path) }));
		if (written.length) this.written.set(turnId, written);
		this.cards.updateChanges(turnId, next, written.length > 0);
		await this.closeDiffs(turnId, [...accepted]);
		if (refused.size) {
			const [first] = refused.keys();
			const message = refused.size === 1 ? refused.get(first)! : vscode.l10n.t('{0} files were not written because they changed after the proposal: {1}.', refused.size, [...refused.keys()].join(', '));
			const rest = written.length === 0 ? '' : written.length === 1 ? vscode.l10n.t(' The other file was written.') : vscode.l10n.t(' The other {0} files were written.', written.length);
			const retry = vscode.l10n.t('Retry');
			void vscode.window.showWarningMessage(vscode.l10n.t('Flux: {0}{1}', message, rest), retry).then(async (choice) => {
				if (choice === retry) for (const stalePath of refused.keys()) await this.retry(turnId, stalePath);
			});
		}
	}

	/** Drops the pending changes (all, or one file): nothing is written. */
	async discard(turnId: string, path?: string): Promise<void> {
		const changes = this.cards.changesOf(turnId);
		if (!changes) return;
		const paths = new Set(pendingFiles(changes, path).map((f) => f.path));
		if (paths.size === 0) return;
		this.cards.updateChanges(turnId, updateFiles(changes, paths, (f) => ({ ...f, status: 'discarded' })), this.written.has(turnId));
		await this.closeDiffs(turnId, [...paths]);
	}

	/** Puts back what the last Accept of the card wrote, file by file while each is still as written. */
	async undo(turnId: string): Promise<void> {
		const changes = this.cards.changesOf(turnId);
		const written = this.written.get(turnId);
		if (!changes || !written) return;
		const edit = new vscode.WorkspaceEdit();
		const documents: vscode.TextDocument[] = [];
		const undone: string[] = [];
		const kept: string[] = [];
		for (const w of written) {
			const document = await vscode.workspace.openTextDocument(w.uri).then((d) => d, () => undefined);
			if (!document || document.getText() !== w.text) {
				kept.push(w.path);
				continue;
			}
			if (w.original === undefined) edit.deleteFile(w.uri, { ignoreIfNotExists: true });
			else {
				edit.replace(w.uri, new vscode.Range(0, 0, document.lineCount, 0), w.original);
				documents.push(document);
			}
			undone.push(w.path);
		}
		if (undone.length && !await vscode.workspace.applyEdit(edit)) {
			void vscode.window.showErrorMessage(vscode.l10n.t('Flux: VS Code could not undo the accepted changes.'));
			return;
		}
		for (const document of documents) await document.save();
		for (const w of written) if (undone.includes(w.path)) await removeEmptyFolders(w.folders);
		this.written.delete(turnId);
		this.cards.updateChanges(turnId, updateFiles(changes, new Set(undone), (f) => ({ ...f, status: 'undone' })), false);
		if (kept.length) void vscode.window.showWarningMessage(vscode.l10n.t('Flux: {0} changed after it was accepted, so it was left as it is.', kept.join(', ')));
	}

	/**
	 * Makes a refused change again on the file as it is now, by replaying the model's edits; the
	 * card shows it pending again, to review and accept, when they still apply.
	 */
	async retry(turnId: string, path: string): Promise<void> {
		const changes = this.cards.changesOf(turnId);
		const file = changes?.files.find((f) => f.path === path && f.status === 'stale');
		if (!changes || !file) return;
		const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file.fsPath)).then((d) => d, () => undefined);
		const current = document?.getText();
		let text: string | undefined = current;
		for (const step of file.steps) {
			if (step.kind === 'create') text = step.content;
			else if (text !== undefined) {
				const outcome = applyEdit(text, step);
				text = outcome.ok ? outcome.text : undefined;
			}
			if (text === undefined) break;
		}
		if (text === undefined || text === current) {
			void vscode.window.showWarningMessage(vscode.l10n.t('Flux: the proposed change to {0} no longer fits the file as it is now. Ask Flux to make it again.', path));
			return;
		}
		const remade: FileChange = {
			...file, text, status: 'pending', note: undefined,
			...(current === undefined ? { baseHash: undefined } : { baseHash: hashText(current) }),
			...lineCounts(current ?? '', text),
		};
		this.cards.updateChanges(turnId, updateFiles(changes, new Set([path]), () => remade), this.written.has(turnId));
	}

	/** The proposal a diff editor shows, for the per-file Accept and Discard in its title bar. */
	fileOf(uri: vscode.Uri | undefined): { turnId: string; path: string } | undefined {
		const ref = uri?.scheme === changeScheme ? refOf(uri) : undefined;
		return ref ? { turnId: ref.turnId, path: ref.path } : undefined;
	}

	/**
	 * Checks a pending file before writing it: still inside the workspace and allowed (the same
	 * guard as the tools), and still the text it was proposed from. Gives the document to edit
	 * (none for a file to create), or why not.
	 */
	private async check(file: FileChange, guard: PathGuard): Promise<{ document?: vscode.TextDocument } | string> {
		if (!vscode.workspace.isTrusted) return vscode.l10n.t('{0} was not written: the workspace is not trusted.', file.path);
		try {
			const target = await guard.resolveTarget(file.path);
			if (target.realPath !== file.fsPath) return vscode.l10n.t('{0} is no longer the file the change was proposed for, so it was not written.', file.path);
		} catch (error) {
			if (error instanceof ToolError) return vscode.l10n.t('{0} was not written: {1}', file.path, error.message);
			throw error;
		}
		const uri = vscode.Uri.file(file.fsPath);
		const document = await vscode.workspace.openTextDocument(uri).then((d) => d, () => undefined);
		if (file.baseHash === undefined) {
			return document ? vscode.l10n.t('{0} was created by someone else after the proposal, so it was not overwritten.', file.path) : {};
		}
		if (!document || hashText(document.getText()) !== file.baseHash) return vscode.l10n.t('{0} changed after the change was proposed, so it was not written.', file.path);
		return { document };
	}

	private async closeDiffs(turnId: string, paths: readonly string[]): Promise<void> {
		const uris = new Set(paths.map((path) => uriOf({ turnId, path, side: 'proposed' }).toString()));
		const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((tab) =>
			tab.input instanceof vscode.TabInputTextDiff && uris.has(tab.input.modified.toString()));
		if (tabs.length) await vscode.window.tabGroups.close(tabs);
	}
}

function uriOf(ref: ChangeRef): vscode.Uri {
	return vscode.Uri.from({ scheme: changeScheme, path: `/${ref.path}`, query: JSON.stringify({ turn: ref.turnId, side: ref.side }) });
}

function refOf(uri: vscode.Uri): ChangeRef | undefined {
	try {
		const { turn, side } = JSON.parse(uri.query) as { turn?: unknown; side?: unknown };
		if (typeof turn !== 'string' || (side !== 'proposed' && side !== 'empty')) return undefined;
		return { turnId: turn, path: uri.path.replace(/^\//, ''), side };
	} catch {
		return undefined;
	}
}

/** The folders above `uri` that do not exist yet (creating it creates them), deepest first. */
async function missingFolders(uri: vscode.Uri): Promise<vscode.Uri[]> {
	const missing: vscode.Uri[] = [];
	for (let folder = vscode.Uri.joinPath(uri, '..'); ; folder = vscode.Uri.joinPath(folder, '..')) {
		const exists = await vscode.workspace.fs.stat(folder).then(() => true, () => false);
		if (exists || folder.path === '/') return missing;
		missing.push(folder);
	}
}

/** Removes the folders Accept created, deepest first, stopping at the first that holds anything now. */
async function removeEmptyFolders(folders: readonly vscode.Uri[]): Promise<void> {
	for (const folder of folders) {
		const entries = await vscode.workspace.fs.readDirectory(folder).then((e) => e, () => undefined);
		if (!entries || entries.length) return;
		await vscode.workspace.fs.delete(folder, { recursive: false });
	}
}
