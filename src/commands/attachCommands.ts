import * as vscode from 'vscode';
import type { EditorAttachments } from '../platform/editorAttachments';

/** What the attach commands need of the chat view. */
export interface AttachTarget {
	readonly attachments: EditorAttachments;
	/** Brings the chat view forward. */
	reveal(): Promise<void>;
	/** Sends a question with the chips, as the message box does (kept as the draft while a reply streams). */
	send(text: string): Promise<void>;
}

/** The refusals, one message each (a secret among several files is named, the others still attach). */
function reportRefusals(refusals: readonly string[]): void {
	for (const message of refusals) void vscode.window.showWarningMessage(vscode.l10n.t('Flux: {0}', message));
}

/**
 * "Flux: Add File to Chat": from the explorer (`clicked` and every selected file), the editor
 * title (its file), or the palette (the active editor's file, else files chosen in a dialog).
 * The files become chips; nothing is sent.
 */
export async function addFileToChat(target: AttachTarget, clicked?: unknown, selected?: unknown): Promise<void> {
	let uris: vscode.Uri[] = Array.isArray(selected) ? selected.filter((u): u is vscode.Uri => u instanceof vscode.Uri) : [];
	if (uris.length === 0 && clicked instanceof vscode.Uri) uris = [clicked];
	if (uris.length === 0 && vscode.window.activeTextEditor) uris = [vscode.window.activeTextEditor.document.uri];
	if (uris.length === 0) {
		uris = await vscode.window.showOpenDialog({
			canSelectMany: true, canSelectFiles: true, canSelectFolders: false, openLabel: vscode.l10n.t('Add to Chat'),
			...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
		}) ?? [];
		if (uris.length === 0) return;
	}
	reportRefusals(await target.attachments.addFiles(uris));
	await target.reveal();
}

/** "Flux: Add Selection to Chat": the selection becomes a chip, without sending (unlike Explain). */
export async function addSelectionToChat(target: AttachTarget): Promise<void> {
	const refusal = await target.attachments.addSelection();
	if (refusal) {
		reportRefusals([refusal]);
		return;
	}
	await target.reveal();
}
