import * as vscode from 'vscode';
import { AttachmentTray } from '../chat/attachments/attachmentTray';
import { ConversationLibrary } from '../chat/history/conversationLibrary';
import { HistoryStore } from '../chat/history/historyStore';
import { ConversationRunner } from '../chat/turns/conversationRunner';
import { setApiKey } from '../dialogs/apiKeyDialogs';
import { exportConversation, type ExportArgs } from '../dialogs/conversationDialogs';
import { pickModel } from '../dialogs/modelPicker';
import { ChangeReview, changeScheme } from '../platform/changeReview';
import { defaultModel, readModel, readSettings, setModel } from '../platform/config';
import { EditorAttachments } from '../platform/editorAttachments';
import { RepositoryInstructions } from '../platform/repositoryInstructions';
import { MentionSource } from '../platform/mentionSource';
import type { FluxServices } from '../platform/services';
import { WorkspaceSessionState } from '../platform/storage/sessionState';
import { WindowNotices } from '../platform/windowNotices';
import { FluxTerminals } from '../platform/tools/fluxTerminal';
import { workspaceTools } from '../platform/tools/workspaceTools';
import type { ChipsView, HostMessage, ViewNotice } from '../protocol/messages';
import { chatHandlers, sendQuestion, type ChatHandlers, type ChatViewActions } from './chatMessageHandlers';
import { ChatViewProvider } from './chatViewProvider';
import { ModelStatusItem } from './modelStatusItem';

/** What the integration tests reach in the chat. */
export interface ChatTestApi {
	/** The open conversation and its turns. */
	readonly runner: ConversationRunner;
	/** The saved conversations. */
	readonly library: ConversationLibrary;
	/** Where conversations are written, for leak checks. */
	readonly historyDir: string;
	/** The standing notices the view shows now. */
	readonly notices: () => Promise<ViewNotice[]>;
	/** What the model status-bar item shows now. */
	readonly statusText: () => string;
	/** The change cards' actions, as the view's buttons run them. */
	readonly changes: ChangeReview;
	/** The chips above the message box now. */
	readonly chips: () => ChipsView;
	/** Sends a question as the message box does, with the chips. */
	readonly send: (text: string) => Promise<void>;
}

/** What the rest of the extension reaches in the chat. */
export interface ChatFeature {
	/** Where Explain and Add to Chat put code and files: the editor's chips, the view, a question. */
	readonly attachTarget: {
		readonly attachments: EditorAttachments;
		reveal(): Promise<void>;
		send(text: string): Promise<void>;
	};
	/** Opens the conversation now (tests reach into it at once) and hands out what they check. */
	testApi(): Promise<ChatTestApi>;
}

/** The messages after which a change card may show another proposal (or none) than before. */
const cardsMayChange: ReadonlySet<HostMessage['type']> = new Set(['turn/started', 'turn/changed', 'turn/ended', 'chat/snapshot']);

/**
 * The chat: the sidebar view and the messages it sends, the open conversation and the saved ones,
 * the model in the status bar, the change cards, what the next question carries, and the
 * commands that act on them. `applyCode` is the rewrite's diff, which the view's code blocks offer.
 */
export function registerChat(context: vscode.ExtensionContext, services: FluxServices, applyCode: ChatViewActions['applyCode']): ChatFeature {
	const { log, keys, createClient, meter } = services;
	const state = new WorkspaceSessionState(context.workspaceState);
	// Until the conversation is opened, the status bar shows its pin as last saved, else the default.
	const choiceBeforeOpen = () => {
		const model = readModel();
		const pin = state.pin;
		return { model: pin ?? model, defaultModel: model, ...(pin ? { pin } : {}) };
	};
	const status = new ModelStatusItem(choiceBeforeOpen());
	const notices = new WindowNotices();
	// The "Flux" terminals run_command uses, kept across turns.
	const terminals = new FluxTerminals(log);
	context.subscriptions.push(status, notices, terminals);
	const chatView = new ChatViewProvider(context.extensionUri, log, notices);
	// Conversations are kept per workspace; a window without a folder keeps them globally.
	const storage = context.storageUri ?? vscode.Uri.joinPath(context.globalStorageUri, 'no-folder');
	const historyDir = vscode.Uri.joinPath(storage, 'conversations').fsPath;
	const history = new HistoryStore(historyDir, log);
	const library = new ConversationLibrary(history, log);
	// The saved conversation is opened on first need (the view showing, a command, a test), not in
	// activate(): reading and parsing it is the slowest thing Flux does at start, and a window whose
	// chat stays closed never needs it.
	let opened: ConversationRunner | undefined;
	// The instructions line names what the open conversation's latest reply used, besides the files every question carries.
	const postInstructions = async () => {
		const used = [...opened?.conversation.turns ?? []].reverse().find((turn) => turn.reply.instructions)?.reply.instructions ?? [];
		chatView.post(await instructions.view(used));
	};
	const refreshInstructions = () => void postInstructions().catch((error: unknown) => log.error(`could not read the instructions: ${String(error)}`));
	const instructions = new RepositoryInstructions(log, refreshInstructions);
	context.subscriptions.push(instructions);
	const openRunner = async (): Promise<ConversationRunner> => {
		await state.importLegacy(history);
		const runner = await ConversationRunner.open({
			createClient,
			settings: () => readSettings(),
			library,
			state,
			meter,
			// The status bar shows the model this conversation uses: its pin, else the default.
			onModelChoice: (choice) => status.update(choice),
			context: services.budget,
			logger: log,
			emit: (message) => {
				chatView.post(message);
				// Another conversation, or a reply that used other nested files: the line follows.
				if (message.type === 'chat/snapshot' || message.type === 'turn/ended') refreshInstructions();
				// A card that changed (Retry, another version, Accept) may leave a diff showing
				// text that is no longer the proposal: such diffs are closed.
				if (cardsMayChange.has(message.type)) void changeReview.closeOutdatedDiffs();
			},
			tools: () => workspaceTools(log, terminals.runner, services.belt),
			instructions: (paths) => instructions.forTurn(paths),
		});
		opened = runner;
		status.update(runner.modelChoice());
		return runner;
	};
	let opening: Promise<ConversationRunner> | undefined;
	// A failed open (an unreadable folder, say) is tried again at the next need.
	const runnerReady = () => opening ??= openRunner().catch((error: unknown) => { opening = undefined; throw error; });
	// Change cards exist only in an open conversation's replies, so before it opens there is none.
	const changeReview = new ChangeReview({
		changesOf: (turnId) => opened?.changesOf(turnId),
		proposedText: (turnId, setId, path) => opened?.proposedText(turnId, setId, path),
		updateChanges: (turnId, changes, undoable) => opened?.updateChanges(turnId, changes, undoable),
		get readOnly() {
			return opened?.readOnly;
		},
	}, log);
	// What the next question carries: the chips, the active editor, the `#` list.
	const tray = new AttachmentTray((chips) => chatView.post({ type: 'context/chips', chips }));
	const editorAttachments = new EditorAttachments(tray);
	const mentions = new MentionSource();
	context.subscriptions.push(editorAttachments, mentions);
	const attachTarget: ChatFeature['attachTarget'] = {
		attachments: editorAttachments,
		reveal: () => chatView.reveal(),
		send: async (text) => sendQuestion(await runnerReady(), chatContext, text),
	};
	const chatContext = { tray, editor: editorAttachments, mentions: (query: string) => mentions.items(query), refused: (message: string) => void vscode.window.showWarningMessage(vscode.l10n.t('Flux: {0}', message)), prompts: instructions };
	let handlers: ChatHandlers | undefined;
	chatView.attach(async () => {
		const runner = await runnerReady().catch((error: unknown) => {
			// Nothing else would tell: the view stays empty while it cannot open the conversation.
			log.error(`could not open the saved conversation: ${String(error)}`);
			const showLog = vscode.l10n.t('Show Log');
			void vscode.window.showErrorMessage(vscode.l10n.t('Flux: the saved conversation could not be opened ({0}).', error instanceof Error ? error.message : String(error)), showLog)
				.then((choice) => choice === showLog && log.show());
			throw error;
		});
		return handlers ??= chatHandlers({
			runner,
			context: chatContext,
			library,
			changes: changeReview,
			notices,
			post: (message) => chatView.post(message),
			postNotices: () => chatView.postNotices(),
			needsKey: async () => !await keys.get(),
			postInstructions,
			openInstruction: (id) => instructions.open(id),
			actions: {
				setApiKey: () => setApiKey(keys),
				useFluxAuto: () => setModel(defaultModel),
				openSettings: services.openSettings,
				openWalkthrough: async () => { await vscode.commands.executeCommand('flux.openWalkthrough'); },
				applyCode,
				chooseModel: (title, current, pinnedOnly) => pickModel({ title, placeholder: vscode.l10n.t('Now {0}', current), current, createClient, log, pinnedOnly, onListed: (models) => meter.prices.learnFromList(models) }),
			},
		});
	});
	// The walkthrough's first step completes on this context key; the empty chat offers the first steps without it.
	const showKeyState = async () => {
		const hasKey = !!await keys.get();
		await vscode.commands.executeCommand('setContext', 'flux.hasApiKey', hasKey);
		chatView.post({ type: 'view/setup', needsKey: !hasKey });
	};
	context.subscriptions.push(keys.onDidChange(() => void showKeyState()));
	void showKeyState();

	context.subscriptions.push(
		chatView,
		// Another window may take this window's conversations once they are let go.
		{
			dispose: () => {
				if (opened) return opened.dispose();
				library.dispose();
				// Still opening: let go of what the open takes as soon as it is done.
				void opening?.then((runner) => runner.dispose(), () => undefined);
			},
		},
		vscode.window.registerWebviewViewProvider(ChatViewProvider.viewId, chatView),
		changeReview,
		vscode.workspace.registerTextDocumentContentProvider(changeScheme, changeReview),
		// A diff's title bar acts on the exact proposal that diff shows, or refuses and says why.
		vscode.commands.registerCommand('flux.acceptFileChange', async (uri?: vscode.Uri) => {
			const file = changeReview.fileOf(uri ?? vscode.window.activeTextEditor?.document.uri);
			if (file) await changeReview.accept(file.turnId, file.setId, file.path, file);
		}),
		vscode.commands.registerCommand('flux.discardFileChange', async (uri?: vscode.Uri) => {
			const file = changeReview.fileOf(uri ?? vscode.window.activeTextEditor?.document.uri);
			if (file) await changeReview.discard(file.turnId, file.setId, file.path, file);
		}),
		vscode.commands.registerCommand('flux.newChat', async () => { await chatView.reveal(); (await runnerReady()).newChat(); }),
		vscode.commands.registerCommand('flux.showHistory', () => chatView.showHistory()),
		vscode.commands.registerCommand('flux.exportConversation', async (args?: ExportArgs) => exportConversation(library, args?.id ?? (await runnerReady()).conversationId, args)),
		vscode.commands.registerCommand('flux.focusChat', async () => {
			await chatView.reveal();
			chatView.post({ type: 'context/focus' });
		}),
		vscode.workspace.onDidChangeConfiguration((e) => {
			if (!e.affectsConfiguration('flux.model')) return;
			if (!opened) return status.update(choiceBeforeOpen());
			status.update(opened.modelChoice());
			chatView.post({ type: 'chat/model', model: opened.modelChoice() });
		}),
	);
	return {
		attachTarget,
		testApi: async () => {
			const runner = await runnerReady();
			return {
				runner, library, historyDir, notices: () => notices.current(), statusText: () => status.text, changes: changeReview,
				chips: () => tray.chips(),
				send: (text) => sendQuestion(runner, chatContext, text),
			};
		},
	};
}
