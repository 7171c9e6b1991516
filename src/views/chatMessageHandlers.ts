import * as vscode from 'vscode';
import { fasterModel, strongerModel, type ConversationRunner } from '../chat/turns/conversationRunner';
import type { ConversationLibrary } from '../chat/history/conversationLibrary';
import { deleteConversation, exportConversation, renameConversation } from '../dialogs/conversationDialogs';
import type { ChangeReview } from '../platform/changeReview';
import type { AttachmentTray } from '../chat/attachments/attachmentTray';
import { parseMessage } from '../chat/attachments/slashCommands';
import { defaultModel } from '../platform/config';
import type { EditorAttachments } from '../platform/editorAttachments';
import type { ErrorAction, HostMessage, MentionItem, MessageHandlers, ViewNotice, ViewNoticeAction, ViewNoticeId, WebviewMessage } from '../protocol/messages';

/** The follow-up question Continue sends after a reply cut off at the model's length limit. */
export const continuePrompt = 'Continue exactly where you stopped.';

/** What the view asks of the rest of the extension when the user picks an error's action. */
export interface ChatViewActions {
	setApiKey(): Promise<boolean>;
	useFluxAuto(): Promise<void>;
	openSettings(): Promise<void>;
	/** Proposes a code block for the active editor through the rewrite diff. */
	applyCode(code: string): Promise<void>;
	/** "Flux: Open Walkthrough". */
	openWalkthrough(): Promise<void>;
	/** A model from a quick pick (the router ids and this key's pinned ids), or undefined. */
	chooseModel(title: string, current: string, pinnedOnly: boolean): Promise<string | undefined>;
}

/** The standing notices above the chat (see `WindowNotices`). */
export interface ChatViewNotices {
	readonly onDidChange: vscode.Event<void>;
	current(): Promise<ViewNotice[]>;
	choose(id: ViewNoticeId, action: ViewNoticeAction | 'dismiss'): Promise<void>;
}

/** What the composer's chips and `#` list work with. */
export interface ChatContextDeps {
	readonly tray: AttachmentTray;
	readonly editor: EditorAttachments;
	/** The `#` list for a query: special items and ranked workspace files. */
	mentions(query: string): Promise<MentionItem[]>;
	/** Reports refusals (a secret or excluded file picked from the `#` list). */
	refused(message: string): void;
	/** The prompt files' `/` commands; without it only the built-in ones are read. */
	readonly prompts?: PromptFileCommands;
}

/** The prompt files a message may start with (`/name`), read when it is sent. */
export interface PromptFileCommands {
	promptCommands(): Promise<readonly { readonly name: string }[]>;
	/** The question `/name rest` sends; undefined when its file is gone. */
	promptText(name: string, rest: string): Promise<string | undefined>;
}

export interface ChatHandlerDeps {
	readonly runner: ConversationRunner;
	readonly context: ChatContextDeps;
	/** Text the message box should show and focus (Explain): posted again when the view reloads before the user types. */
	readonly library: ConversationLibrary;
	readonly actions: ChatViewActions;
	/** The change cards' Review, Accept, Discard, Undo and Retry. */
	readonly changes: Pick<ChangeReview, 'review' | 'accept' | 'discard' | 'undo' | 'retry'>;
	readonly notices: Pick<ChatViewNotices, 'choose'>;
	/** Sends to the view (dropped when it is closed). */
	readonly post: (message: HostMessage) => void;
	/** Sends the standing notices as they are now. */
	readonly postNotices: () => Promise<void>;
	/** Whether no FluxRouter key is set (stored or from the environment). */
	readonly needsKey: () => Promise<boolean>;
	/** Sends the instructions line and the prompt commands as they are now. */
	readonly postInstructions: () => Promise<void>;
	/** Opens what an entry of the instructions line names. */
	readonly openInstruction: (id: string) => Promise<void>;
}

/** What the host does for each message of the view: one entry per message type, so none is forgotten. */
export type ChatHandlers = MessageHandlers<WebviewMessage, void | Promise<void>>;

/**
 * The chat view's messages, each answered by the runner (the open conversation), the library
 * (saved conversations) or the editor around the view. The view is untrusted in one way: ids it
 * sends are looked up, never used as paths (the history store only accepts its own UUIDs).
 */
export function chatHandlers(deps: ChatHandlerDeps): ChatHandlers {
	const { runner, library, actions, changes, post } = deps;
	/** The history list's last search, so it can be refreshed after a rename or delete. */
	let historyQuery: { query: string; modelFilter?: string } = { query: '' };
	const postHistory = async () => post(await library.list(historyQuery.query, historyQuery.modelFilter));

	const runErrorAction = async (turnId: string, action: ErrorAction) => {
		switch (action) {
			case 'retry':
				return runner.retry(turnId);
			case 'setApiKey':
				if (await actions.setApiKey()) runner.retry(turnId);
				return;
			case 'useFluxAuto':
				await actions.useFluxAuto();
				return runner.retry(turnId);
			case 'unpinAndRetry':
				// The pin chose the refused model: clearing it leaves flux.model, which is flux-auto by default.
				runner.setPin(undefined);
				return runner.retry(turnId);
			case 'retryWithFluxAuto':
				return runner.retry(turnId, defaultModel);
			case 'newChat':
				return runner.newChat();
			case 'pinModel':
				return choosePin(turnId);
			case 'openSettings':
				return actions.openSettings();
			case 'continue':
				// A follow-up question rather than extending the turn: the cut-off text is already in the
				// history the next request sends, and the answer keeps its own usage and versions.
				return runner.send(continuePrompt);
		}
	};

	/** The pin chooser; with a turn, that turn runs again with the model chosen. */
	const choosePin = async (turnId?: string) => {
		const choice = runner.modelChoice();
		const model = await actions.chooseModel(vscode.l10n.t('Model for This Conversation'), choice.model, false);
		if (!model) return;
		runner.setPin(model === choice.defaultModel ? undefined : model);
		if (turnId) runner.retry(turnId);
	};

	const { context } = deps;
	return {
		'view/ready': async () => {
			post(runner.snapshot());
			post({ type: 'view/setup', needsKey: await deps.needsKey() });
			post({ type: 'context/chips', chips: context.tray.chips() });
			await deps.postNotices();
			await deps.postInstructions();
		},
		'view/noticeAction': (m) => deps.notices.choose(m.id, m.action),
		'view/setupAction': async (m) => {
			if (m.action === 'setApiKey') await actions.setApiKey();
			else await actions.openWalkthrough();
		},
		'chat/send': (m) => sendQuestion(runner, context, m.text),
		'chat/editLast': (m) => runner.editLast(m.text),
		'chat/draft': (m) => runner.setDraft(m.text),
		'context/remove': (m) => context.tray.remove(m.id),
		'context/toggleActive': () => context.tray.toggleActive(),
		'context/mentionQuery': async (m) => post({ type: 'context/mentions', requestId: m.requestId, items: await context.mentions(m.query) }),
		'context/mentionPick': (m) => pickMention(context, m.item),
		'context/openInstruction': (m) => deps.openInstruction(m.id),
		'chat/loadEarlier': (m) => post(runner.earlier(m.beforeTurnId)),
		'chat/new': () => runner.newChat(),
		'chat/pin': (m) => m.action === 'clear' ? runner.setPin(undefined) : choosePin(),
		'turn/stop': (m) => runner.stop(m.turnId),
		'tool/decide': (m) => runner.decideTool(m.turnId, m.callId, m.choice),
		'tools/choose': async () => { await vscode.commands.executeCommand('flux.chooseTools'); },
		'turn/retry': (m) => runner.retry(m.turnId),
		'turn/showVersion': (m) => runner.showVersion(m.turnId, m.index),
		'turn/errorAction': (m) => runErrorAction(m.turnId, m.action),
		'turn/retryWith': async (m) => {
			const model = m.model === 'stronger' ? strongerModel
				: m.model === 'faster' ? fasterModel
					: await actions.chooseModel(vscode.l10n.t('Retry This Turn With…'), runner.modelChoice().model, true);
			if (model) runner.retry(m.turnId, model);
		},
		'changes/review': (m) => changes.review(m.turnId, m.setId, m.path),
		'changes/accept': (m) => changes.accept(m.turnId, m.setId, m.path),
		'changes/discard': (m) => changes.discard(m.turnId, m.setId, m.path),
		'changes/undo': (m) => changes.undo(m.turnId, m.setId),
		'changes/retry': (m) => changes.retry(m.turnId, m.setId, m.path),
		'history/query': async (m) => {
			historyQuery = { query: m.query, ...(m.modelFilter ? { modelFilter: m.modelFilter } : {}) };
			await postHistory();
		},
		'history/open': async (m) => {
			if (!await runner.openConversation(m.id)) await postHistory();
		},
		'history/rename': async (m) => {
			await renameConversation(library, m.id);
			await postHistory();
		},
		'history/delete': async (m) => {
			if (await deleteConversation(library, m.id)) await postHistory();
		},
		'history/export': async (m) => {
			await exportConversation(library, m.id);
		},
		'code/copy': async (m) => {
			await vscode.env.clipboard.writeText(m.text);
			void vscode.window.setStatusBarMessage(vscode.l10n.t('Flux: copied to the clipboard'), 2000);
		},
		'code/insert': (m) => insertAtCursor(m.text),
		'code/apply': (m) => actions.applyCode(m.text),
		'link/open': (m) => openLink(m.href),
	};
}

/**
 * Sends a question from the message box with what the chips hold: a slash command at its start
 * is read first (`/new` starts a new chat, a prompt file's command sends the file's text as it is
 * now); the active editor is brought up to date, so what goes is what the user sees. The chips
 * stay when the question cannot go now (kept as the draft while a reply is in flight).
 */
export async function sendQuestion(runner: ConversationRunner, context: Pick<ChatContextDeps, 'tray' | 'editor' | 'prompts'>, text: string): Promise<void> {
	if (!runner.canSend(text)) return runner.send(text);
	const prompts = text.trimStart().startsWith('/') && context.prompts ? (await context.prompts.promptCommands()).map((c) => c.name) : [];
	const parsed = parseMessage(text, prompts);
	if (parsed.kind === 'new') {
		runner.newChat();
		if (!parsed.text) return;
	}
	// A prompt file that went away since the list was read: the message goes as typed.
	const question = parsed.kind === 'prompt' ? await context.prompts?.promptText(parsed.name, parsed.rest) ?? text : parsed.text;
	await context.editor.followActive();
	runner.send(question, undefined, context.tray.take());
}

/** A `#` pick becomes a chip. */
async function pickMention(context: ChatContextDeps, item: MentionItem): Promise<void> {
	const { editor } = context;
	let refusal: string | undefined;
	switch (item.kind) {
		case 'selection': refusal = await editor.addSelection(); break;
		case 'problems': refusal = await editor.addProblems(); break;
		case 'editors': refusal = await editor.addEditors(); break;
		case 'file': {
			// The view names a file by its workspace path; it is resolved and guarded like any other.
			const uri = fileUriOf(item.value);
			refusal = uri ? (await editor.addFiles([uri]))[0] : `"${item.value}" is not in the workspace.`;
			break;
		}
	}
	if (refusal) context.refused(refusal);
}

/** The file a `#` path names: relative to the single folder, or starting with a folder's name. */
function fileUriOf(path: string): vscode.Uri | undefined {
	const folders = vscode.workspace.workspaceFolders ?? [];
	if (folders.length === 1) return vscode.Uri.joinPath(folders[0].uri, ...path.split('/'));
	const [name, ...rest] = path.split('/');
	const folder = folders.find((f) => f.name === name);
	return folder && vscode.Uri.joinPath(folder.uri, ...rest);
}

async function insertAtCursor(text: string): Promise<void> {
	const editor = vscode.window.activeTextEditor;
	if (!editor) {
		void vscode.window.showInformationMessage(vscode.l10n.t('Flux: open an editor and place the cursor where the code should go.'));
		return;
	}
	await editor.edit((edit) => {
		for (const selection of editor.selections) edit.replace(selection, text);
	});
}

/** Links from model output open outside the webview, and only when they are http or https. */
async function openLink(href: string): Promise<void> {
	let uri: vscode.Uri;
	try {
		uri = vscode.Uri.parse(href, true);
	} catch {
		return;
	}
	if (uri.scheme === 'http' || uri.scheme === 'https') await vscode.env.openExternal(uri);
}
