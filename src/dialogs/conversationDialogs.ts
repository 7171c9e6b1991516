import * as vscode from 'vscode';
import type { ConversationLibrary } from '../chat/history/conversationLibrary';
import type { ExportFormat } from '../chat/history/exportConversation';
import { ConversationLockedError } from '../chat/history/conversationLocks';
import { titleOf } from '../chat/model';

/** Asks for a new name in an input box; an empty name goes back to the first question. */
export async function renameConversation(library: ConversationLibrary, id: string): Promise<void> {
	const conversation = await library.load(id);
	if (!conversation) return;
	const title = await vscode.window.showInputBox({
		title: vscode.l10n.t('Rename Conversation'),
		value: titleOf(conversation),
		prompt: vscode.l10n.t('Leave empty to name it after its first question.'),
	});
	if (title !== undefined) await openElsewhereWarning(() => library.rename(id, title));
}

/** A conversation another window writes cannot be renamed or deleted here: say so rather than fail quietly. */
async function openElsewhereWarning(change: () => Promise<void>): Promise<boolean> {
	try {
		await change();
		return true;
	} catch (error) {
		if (!(error instanceof ConversationLockedError)) throw error;
		void vscode.window.showWarningMessage(vscode.l10n.t('Flux: this conversation is open in another VS Code window. Change it there, or close it there first.'));
		return false;
	}
}

/** Deletes after a modal confirmation, since there is no undo. */
export async function deleteConversation(library: ConversationLibrary, id: string): Promise<boolean> {
	const conversation = await library.load(id);
	if (!conversation) return false;
	const remove = vscode.l10n.t('Delete');
	const choice = await vscode.window.showWarningMessage(
		vscode.l10n.t('Delete the conversation "{0}"?', titleOf(conversation)),
		{ modal: true, detail: vscode.l10n.t('Its {0} turns are removed from this workspace\'s history. This cannot be undone.', conversation.turns.length) },
		remove,
	);
	if (choice !== remove) return false;
	return openElsewhereWarning(() => library.delete(id));
}

/** What tests (and other callers) may decide instead of the user; `id` defaults to the open conversation. */
export interface ExportArgs {
	readonly id?: string;
	readonly format?: ExportFormat;
	readonly uri?: vscode.Uri;
}

/**
 * "Flux: Export Conversation": Markdown or JSON, to a file the user picks. Returns where it was
 * written, or undefined when cancelled.
 */
export async function exportConversation(library: ConversationLibrary, id: string, args: Omit<ExportArgs, 'id'> = {}): Promise<vscode.Uri | undefined> {
	const conversation = await library.load(id);
	if (!conversation || conversation.turns.length === 0) {
		void vscode.window.showInformationMessage(vscode.l10n.t('Flux: this conversation is empty; there is nothing to export yet.'));
		return undefined;
	}
	const format = args.format ?? (await vscode.window.showQuickPick([
		{ label: 'Markdown', description: vscode.l10n.t('.md: readable, with model, tokens, cost and time per turn'), format: 'markdown' as const }, // not localised: a format's name
		{ label: 'JSON', description: vscode.l10n.t('.json: every turn with its facts, for tools'), format: 'json' as const }, // not localised: a format's name
	], { title: vscode.l10n.t('Export Conversation'), placeHolder: vscode.l10n.t('Format') }))?.format;
	if (!format) return undefined;
	const extension = format === 'markdown' ? 'md' : 'json';
	const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
	const name = `${slug(titleOf(conversation))}.${extension}`;
	const uri = args.uri ?? await vscode.window.showSaveDialog({
		title: vscode.l10n.t('Export Conversation'),
		...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
		filters: format === 'markdown' ? { Markdown: ['md'] } : { JSON: ['json'] },
	});
	if (!uri) return undefined;
	const text = library.export(conversation, format);
	await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
	const open = vscode.l10n.t('Open');
	void vscode.window.showInformationMessage(vscode.l10n.t('Flux: exported to {0}.', vscode.workspace.asRelativePath(uri)), open).then(async (choice) => {
		if (choice === open) await vscode.window.showTextDocument(uri);
	});
	return uri;
}

function slug(title: string): string {
	return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50) || 'conversation';
}
