import * as vscode from 'vscode';
import { filesToAccept, pendingFiles, updateFiles, type ChangeSet, type FileChange } from '../chat/changeSet';
import type { Logger } from '../flux/logger';
import { Exclusions } from '../tools/guard/exclusions';
import { PathGuard } from '../tools/guard/pathGuard';
import { hashText, lineCounts, sameText } from '../tools/edits/proposedChanges';
import { replaySteps } from '../tools/edits/replaySteps';
import { ToolError } from '../tools/toolError';
import { createVscodeWorkspace } from './tools/vscodeWorkspace';

export const changeScheme = 'flux-change';

/** Where the change cards live: the open conversation's turns. */
export interface ChangeCards {
	/** The change set of the turn's shown reply: the only version a click may act on. */
	changesOf(turnId: string): ChangeSet | undefined;
	/** One file's proposed text in the set `setId`, from whichever version of the turn holds it. */
	proposedText(turnId: string, setId: string, path: string): string | undefined;
	updateChanges(turnId: string, changes: ChangeSet, undoable?: boolean): void;
	/** Why the open conversation cannot be changed here (another window holds it), or undefined. */
	readonly readOnly: string | undefined;
}

/** What Accept wrote, so Undo can put it back (this session only). */
interface Written {
	readonly path: string;
	readonly uri: vscode.Uri;
	/** The text before Accept; undefined for a file Accept created. */
	readonly original: string | undefined;
	/** The text as saved: after VS Code's line-end handling and any format-on-save. */
	readonly text: string;
	/** The folders Accept created for a new file, deepest first: Undo removes them while empty. */
	readonly folders: readonly vscode.Uri[];
}

/**
 * A diff's side: one file of one change set (one reply version), bound to the exact proposed
 * text by its hash, or nothing (the left side of a new file).
 */
interface ChangeRef {
	readonly turnId: string;
	readonly setId: string;
	readonly path: string;
	readonly hash: string;
	readonly side: 'proposed' | 'empty';
}

/** The file a diff's title-bar Accept or Discard acts on, and the exact proposal the diff showed. */
export type DiffFile = Omit<ChangeRef, 'side'>;

/**
 * The change card's actions: Review opens the diffs, Accept writes the pending changes as one
 * WorkspaceEdit and saves them, Discard drops them, Undo puts back what Accept wrote. Each action
 * names one reply version (its change set) and is refused when that version is no longer the one
 * shown; a diff is bound to the exact text it shows, and closed when that is no longer the
 * proposal. Every file is checked again at Accept: it must still be inside the workspace, not
 * excluded, and exactly the text the proposal was made from; a file that changed meanwhile is
 * refused (with Retry), and the rest is written.
 */
export class ChangeReview implements vscode.TextDocumentContentProvider, vscode.Disposable {
	/** What the last Accept of each change set wrote, by set id. */
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
		// Exactly the text the diff was opened with, or nothing: never another version's text.
		const text = this.cards.proposedText(ref.turnId, ref.setId, ref.path);
		return text !== undefined && hashText(text) === ref.hash ? text : '';
	}

	/** Opens the pending changes (or all, when none is pending) as diffs: one multi-file diff where VS Code has it. */
	async review(turnId: string, setId: string, path?: string): Promise<void> {
		const changes = this.current(turnId, setId);
		if (!changes) return;
		const pending = pendingFiles(changes, path);
		const files = pending.length ? pending : changes.files.filter((f) => path === undefined || f.path === path);
		const diffs = files.map((file) => {
			const modified = uriOf({ turnId, setId, path: file.path, hash: hashText(file.text), side: 'proposed' });
			this.changed.fire(modified);
			const original = file.baseHash === undefined ? uriOf({ turnId, setId, path: file.path, hash: '', side: 'empty' }) : vscode.Uri.file(file.fsPath);
			return { file, original, modified };
		});
		if (diffs.length === 0) return;
		if (diffs.length > 1) {
			try {
				await vscode.commands.executeCommand('vscode.changes', vscode.l10n.t('Flux: Proposed Changes'), diffs.map((d) => [vscode.Uri.file(d.file.fsPath), d.original, d.modified]));
				return;
			} catch (error) {
				this.logger.debug(`no multi-file diff editor (${String(error)}): one diff per file`);
			}
		}
		for (const d of diffs) {
			await vscode.commands.executeCommand('vscode.diff', d.original, d.modified, diffTitle(d.file), { preview: diffs.length === 1 });
		}
	}

	/**
	 * Writes pending changes as one edit, saves them, and offers Undo: the file named, or every
	 * pending file but those that run code (each needs its own Accept). `shown` is the exact
	 * proposal a diff showed, when the Accept came from its title bar.
	 */
	async accept(turnId: string, setId: string, path?: string, shown?: DiffFile): Promise<void> {
		const changes = this.current(turnId, setId, true);
		if (!changes) return;
		if (shown && !this.stillShown(changes, shown)) return;
		const pending = filesToAccept(changes, path);
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
		// Undo compares with the text as saved: VS Code keeps the file's line ends, and a
		// format-on-save may have run; neither is a change by someone else.
		const saved = written.map((w) => {
			const document = documents.find((d) => d.uri.toString() === w.uri.toString());
			return document ? { ...w, text: document.getText() } : w;
		});
		const accepted = new Set(saved.map((w) => w.path));
		let next = updateFiles(changes, accepted, (f) => ({ ...f, status: 'accepted', note: undefined }));
		next = updateFiles(next, new Set(refused.keys()), (f) => ({ ...f, status: 'stale', note: refused.get(f.path) }));
		if (saved.length) this.written.set(setId, saved);
		this.cards.updateChanges(turnId, next, this.written.has(setId));
		if (refused.size) {
			const [first] = refused.keys();
			const message = refused.size === 1 ? refused.get(first)! : vscode.l10n.t('{0} files were not written because they changed after the proposal: {1}.', refused.size, [...refused.keys()].join(', '));
			const rest = written.length === 0 ? '' : written.length === 1 ? vscode.l10n.t(' The other file was written.') : vscode.l10n.t(' The other {0} files were written.', written.length);
			const retry = vscode.l10n.t('Retry');
			void vscode.window.showWarningMessage(vscode.l10n.t('Flux: {0}{1}', message, rest), retry).then(async (choice) => {
				if (choice === retry) for (const stalePath of refused.keys()) await this.retry(turnId, setId, stalePath);
			});
		}
	}

	/** Drops the pending changes (all, or one file): nothing is written. */
	async discard(turnId: string, setId: string, path?: string, shown?: DiffFile): Promise<void> {
		const changes = this.current(turnId, setId, true);
		if (!changes || (shown && !this.stillShown(changes, shown))) return;
		const paths = new Set(pendingFiles(changes, path).map((f) => f.path));
		if (paths.size === 0) return;
		this.cards.updateChanges(turnId, updateFiles(changes, paths, (f) => ({ ...f, status: 'discarded' })), this.written.has(setId));
	}

	/** Puts back what the last Accept of this version's card wrote, file by file while each is still as written. */
	async undo(turnId: string, setId: string): Promise<void> {
		const changes = this.current(turnId, setId, true);
		const written = this.written.get(setId);
		if (!changes || !written) return;
		const edit = new vscode.WorkspaceEdit();
		const documents: vscode.TextDocument[] = [];
		const undone: string[] = [];
		const kept: string[] = [];
		for (const w of written) {
			const document = await vscode.workspace.openTextDocument(w.uri).then((d) => d, () => undefined);
			if (!document || !sameText(document.getText(), w.text)) {
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
		this.written.delete(setId);
		this.cards.updateChanges(turnId, updateFiles(changes, new Set(undone), (f) => ({ ...f, status: 'undone' })), false);
		if (kept.length) void vscode.window.showWarningMessage(vscode.l10n.t('Flux: {0} changed after it was accepted, so it was left as it is.', kept.join(', ')));
	}

	/**
	 * Makes a refused change again on the file as it is now, by replaying the model's edits; the
	 * card shows it pending again, to review and accept, when they still apply. A file that
	 * already holds the change is marked so, and nothing is proposed twice.
	 */
	async retry(turnId: string, setId: string, path: string): Promise<void> {
		const changes = this.current(turnId, setId, true);
		const file = changes?.files.find((f) => f.path === path && f.status === 'stale');
		if (!changes || !file) return;
		const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file.fsPath)).then((d) => d, () => undefined);
		const current = document?.getText();
		const replay = replaySteps(current, file.steps);
		if (replay.kind === 'misfit') {
			void vscode.window.showWarningMessage(vscode.l10n.t('Flux: the proposed change to {0} no longer fits the file as it is now. Ask Flux to make it again.', path));
			return;
		}
		if (replay.kind === 'present') {
			const note = vscode.l10n.t('{0} already holds this change, so nothing was written.', path);
			this.cards.updateChanges(turnId, updateFiles(changes, new Set([path]), (f) => ({ ...f, status: 'present', note })), this.written.has(setId));
			void vscode.window.showInformationMessage(vscode.l10n.t('Flux: {0}', note));
			return;
		}
		const remade: FileChange = {
			...file, text: replay.text, status: 'pending', note: undefined,
			...(current === undefined ? { baseHash: undefined } : { baseHash: hashText(current) }),
			...lineCounts(current ?? '', replay.text),
		};
		this.cards.updateChanges(turnId, updateFiles(changes, new Set([path]), () => remade), this.written.has(setId));
	}

	/** The proposal a diff editor shows, for the per-file Accept and Discard in its title bar. */
	fileOf(uri: vscode.Uri | undefined): DiffFile | undefined {
		const ref = uri?.scheme === changeScheme ? refOf(uri) : undefined;
		return ref && ref.side === 'proposed' ? { turnId: ref.turnId, setId: ref.setId, path: ref.path, hash: ref.hash } : undefined;
	}

	/**
	 * Closes the diffs whose proposal is no longer the one to decide on: its version is not shown
	 * any more (Retry, another version), the file was accepted, discarded or made again. Called
	 * whenever the cards may have changed, so no diff stays open on text a click would not write.
	 */
	async closeOutdatedDiffs(): Promise<void> {
		const superseded = new Set<string>();
		const outdated = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((tab) => {
			const refs = modifiedOf(tab.input).map((uri) => this.fileOf(uri)).filter((r) => r !== undefined);
			const reasons = refs.map((ref) => this.outdated(ref));
			if (refs.length === 0 || reasons.some((r) => r === undefined)) return false;
			refs.forEach((ref, i) => reasons[i]!.superseded && superseded.add(ref.path));
			return true;
		});
		if (outdated.length === 0) return;
		this.logger.debug(`closing ${outdated.length} diff(s) of proposals that are no longer current`);
		// Two card updates in a row may both find the same tab; the second close finds it gone.
		await vscode.window.tabGroups.close(outdated).then(undefined, (error: unknown) => this.logger.debug(`a diff was already closed: ${String(error)}`));
		// A diff the user was reading went away without a click of theirs: say why. (A diff closed
		// because its file was accepted or discarded needs no word.)
		if (superseded.size) {
			void vscode.window.showInformationMessage(vscode.l10n.t('Flux: closed the diff of {0}: the reply was retried or another version is shown, so that proposal is no longer the one to accept.', [...superseded].join(', ')));
		}
	}

	/**
	 * Why a diff's proposal is not the one to decide on now, or undefined when it still is;
	 * `superseded` when another proposal took its place (not when the file was decided on).
	 */
	private outdated(ref: DiffFile): { readonly message: string; readonly superseded: boolean } | undefined {
		const changes = this.cards.changesOf(ref.turnId);
		if (!changes || changes.id !== ref.setId) return { message: notShown(), superseded: true };
		const file = pendingFiles(changes, ref.path)[0];
		if (!file) return { message: vscode.l10n.t('Flux: {0} was already decided on from the chat; nothing more was written.', ref.path), superseded: false };
		if (hashText(file.text) !== ref.hash) return { message: vscode.l10n.t('Flux: the proposal for {0} changed since this diff was opened, so nothing was written. Review it again.', ref.path), superseded: true };
		return undefined;
	}

	/** False, after saying why, when the diff's proposal is no longer the one in `changes`. */
	private stillShown(changes: ChangeSet, shown: DiffFile): boolean {
		const why = this.outdated(shown);
		if (why === undefined && changes.id === shown.setId) return true;
		void vscode.window.showWarningMessage(why?.message ?? notShown());
		void this.closeOutdatedDiffs();
		return false;
	}

	/**
	 * The turn's shown change set when it is `setId`; otherwise undefined, after saying why (when
	 * `acting`: a click that writes or decides must never act on a version the user does not see).
	 */
	private current(turnId: string, setId: string, acting = false): ChangeSet | undefined {
		if (acting && this.cards.readOnly !== undefined) {
			void vscode.window.showWarningMessage(vscode.l10n.t('Flux: this conversation is open in another window, so nothing was written here. Accept or discard the changes in that window.'));
			return undefined;
		}
		const changes = this.cards.changesOf(turnId);
		if (changes?.id === setId) return changes;
		if (acting) void vscode.window.showWarningMessage(notShown());
		return undefined;
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
}

function notShown(): string {
	return vscode.l10n.t('Flux: nothing was written. That proposal is no longer the one shown in the chat (the reply was retried, or another version is shown); review the current one there.');
}

/** The diff's title: the file that is written, and what happens to it, in words. */
function diffTitle(file: FileChange): string {
	const shown = file.target ?? file.path;
	const what = file.baseHash === undefined ? vscode.l10n.t('new file')
		: file.steps.some((s) => s.kind === 'create') ? vscode.l10n.t('overwrite') : vscode.l10n.t('edit');
	return file.runsCode
		? vscode.l10n.t('{0} ({1}, runs code, proposed by Flux)', shown, what)
		: vscode.l10n.t('{0} ({1}, proposed by Flux)', shown, what);
}

/** The proposed sides a tab shows: a diff's, or each of a multi-file diff's. */
function modifiedOf(input: unknown): vscode.Uri[] {
	if (input instanceof vscode.TabInputTextDiff) return [input.modified];
	// The multi-file diff's tab input is not in the API this extension builds against.
	const diffs = (input as { textDiffs?: unknown } | undefined)?.textDiffs;
	return Array.isArray(diffs) ? diffs.flatMap((d) => d instanceof vscode.TabInputTextDiff ? [d.modified] : []) : [];
}

function uriOf(ref: ChangeRef): vscode.Uri {
	return vscode.Uri.from({ scheme: changeScheme, path: `/${ref.path}`, query: JSON.stringify({ turn: ref.turnId, set: ref.setId, hash: ref.hash, side: ref.side }) });
}

function refOf(uri: vscode.Uri): ChangeRef | undefined {
	try {
		const { turn, set, hash, side } = JSON.parse(uri.query) as { turn?: unknown; set?: unknown; hash?: unknown; side?: unknown };
		if (typeof turn !== 'string' || typeof set !== 'string' || typeof hash !== 'string' || (side !== 'proposed' && side !== 'empty')) return undefined;
		return { turnId: turn, setId: set, path: uri.path.replace(/^\//, ''), hash, side };
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
