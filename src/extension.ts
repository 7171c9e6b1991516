import * as vscode from 'vscode';
import * as l10n from '@vscode/l10n';
import { ConversationLibrary } from './chat/history/conversationLibrary';
import { ConversationRunner } from './chat/turns/conversationRunner';
import { sharedTokenCounter } from './chat/context/tokenCounter';
import { ContextBudget, type LearnedLimits } from './chat/context/contextBudget';
import { HistoryStore } from './chat/history/historyStore';
import { UsageMeter } from './chat/usage/usageMeter';
import { clearApiKey, setApiKey } from './dialogs/apiKeyDialogs';
import { AttachmentTray } from './chat/attachments/attachmentTray';
import { addFileToChat, addSelectionToChat, type AttachTarget } from './commands/attachCommands';
import { explainSelection } from './commands/explainSelection';
import { FluxCodeActions } from './commands/fluxCodeActions';
import { proposalScheme, RewriteProposals } from './commands/rewriteProposals';
import { applyCode, rewriteSelection, type RewriteDeps } from './commands/rewriteSelection';
import { pickModel } from './dialogs/modelPicker';
import { selectModel } from './commands/selectModel';
import { testConnection } from './commands/testConnection';
import { exportConversation, type ExportArgs } from './dialogs/conversationDialogs';
import { validateBaseUrl } from './flux/baseUrl';
import { FluxConfigError } from './flux/errors';
import { FluxClient } from './flux/fluxClient';
import { PriceBook, type LearnedPrices } from './flux/pricing/priceBook';
import { ApiKeyStore } from './platform/apiKeyStore';
import { defaultModel, readSettings, reportSettingsTo, setModel } from './platform/config';
import { ChangeReview, changeScheme } from './platform/changeReview';
import { createVscodeWorkspace } from './platform/vscodeWorkspace';
import { EditorAttachments } from './platform/editorAttachments';
import { MentionSource } from './platform/mentionSource';
import { WorkspaceSessionState } from './platform/sessionState';
import { GlobalLearnedStore } from './platform/learnedStore';
import { GlobalSpendLedger } from './platform/spendLedger';
import { registerFluxModels } from './lm/registerFluxModels';
import { ProposedChanges } from './tools/edits/proposedChanges';
import { editToolDefinitions, executeTool, toolDefinitions } from './tools/toolExecutor';
import { WindowNotices } from './platform/windowNotices';
import type { ChipsView, ViewNotice } from './protocol/messages';
import { chatHandlers, PendingPrefill, sendQuestion, type ChatHandlers } from './views/chatMessageHandlers';
import { ChatViewProvider } from './views/chatViewProvider';
import { ModelStatusItem } from './views/modelStatusItem';

/** The walkthrough's id as `workbench.action.openWalkthrough` takes it (`publisher.name#id`). */
const walkthroughId = 'fluxchat.flux-chat#flux.gettingStarted';

/** What integration tests reach into; returned only when the extension runs under tests. */
export interface FluxTestApi {
	readonly apiKeys: ApiKeyStore;
	/** The open conversation and its turns. */
	readonly runner: ConversationRunner;
	/** The saved conversations. */
	readonly library: ConversationLibrary;
	/** Where conversations are written, and the folder of the "Flux" log, for leak checks. */
	readonly historyDir: string;
	readonly logDir: string;
	/** The standing notices the view shows now. */
	readonly notices: () => Promise<ViewNotice[]>;
	/** What the model status-bar item shows now. */
	readonly statusText: () => string;
	/** Today's spend across every paid request (the usage meter's total). */
	readonly spentToday: () => number;
	/** The change cards' actions, as the view's buttons run them. */
	readonly changes: ChangeReview;
	/** How long the body of activate() took, in ms (for `npm run bench activation`). */
	readonly activationMs: number;
	/** The chips above the message box now. */
	readonly chips: () => ChipsView;
	/** Sends a question as the message box does, with the chips. */
	readonly send: (text: string) => Promise<void>;
}

/** Wires the pieces together by hand; nothing else happens here. */
export async function activate(context: vscode.ExtensionContext): Promise<FluxTestApi | undefined> {
	const started = performance.now();
	// chat/, flux/ and tools/ may not import vscode: their user-facing strings go through
	// @vscode/l10n, which reads the same bundle VS Code loaded for this display language.
	l10n.config({ contents: vscode.l10n.bundle ?? {} });
	const log = vscode.window.createOutputChannel('Flux', { log: true });
	context.subscriptions.push(log);
	reportSettingsTo(log);
	const keys = new ApiKeyStore(context.secrets);

	const createClient = async (): Promise<FluxClient> => {
		const settings = readSettings();
		const baseUrl = validateBaseUrl(settings.baseUrl);
		const apiKey = await keys.get();
		if (!apiKey) throw new FluxConfigError('noApiKey', 'No FluxRouter API key.');
		return new FluxClient({
			baseUrl, apiKey, logger: log, format: settings.apiFormat, noProgressTimeoutMs: settings.noProgressTimeoutSeconds * 1000,
			...(settings.maxOutputTokens ? { maxOutputTokens: settings.maxOutputTokens } : {}),
		});
	};

	// One meter for every paid request (turns, summaries, rewrites): today's total, and the prices
	// learned by served model, both kept in global storage.
	const meter = new UsageMeter(new GlobalSpendLedger(context.globalState), new PriceBook(new GlobalLearnedStore<LearnedPrices>(context.globalState, 'flux.learnedPrices')), (usage, source) =>
		log.debug(`paid ${source.kind === 'provider' ? 'language model request (another extension or VS Code\'s chat)' : source.kind}: ${usage.servedModel} ${usage.promptTokens}+${usage.completionTokens} tokens, $${usage.costUsd.toFixed(6)} (${usage.costSource})`));
	const state = new WorkspaceSessionState(context.workspaceState);
	// Until the conversation is opened, the status bar shows its pin as last saved, else the default.
	const choiceBeforeOpen = () => {
		const { model } = readSettings();
		const pin = state.pin;
		return { model: pin ?? model, defaultModel: model, ...(pin ? { pin } : {}) };
	};
	const status = new ModelStatusItem(choiceBeforeOpen());
	context.subscriptions.push(status);

	const openSettings = async () => { await vscode.commands.executeCommand('workbench.action.openSettings', '@ext:fluxchat.flux-chat'); };
	const proposals = new RewriteProposals();
	const rewrite: RewriteDeps = {
		createClient,
		model: () => readSettings().rewriteModel,
		meter,
		proposals,
		memento: context.globalState,
		log,
		runAction: (action) => action === 'setApiKey' ? setApiKey(keys) : action === 'useFluxAuto' ? setModel(defaultModel) : openSettings(),
	};
	const notices = new WindowNotices();
	context.subscriptions.push(notices);
	const chatView = new ChatViewProvider(context.extensionUri, log, notices);
	// Conversations are kept per workspace; a window without a folder keeps them globally.
	const storage = context.storageUri ?? vscode.Uri.joinPath(context.globalStorageUri, 'no-folder');
	const historyDir = vscode.Uri.joinPath(storage, 'conversations').fsPath;
	const history = new HistoryStore(historyDir, log);
	const library = new ConversationLibrary(history, log);
	// One budget for the extension's lifetime: what it learns of windows and tokenizers holds across
	// conversations (and the language model provider), and is kept in global storage so it holds
	// across restarts too.
	const budget = new ContextBudget({
		createClient,
		logger: log,
		limitsStore: new GlobalLearnedStore<LearnedLimits>(context.globalState, 'flux.learnedLimits'),
		onUsage: (usage) => meter.record(usage, { kind: 'summary' }),
		prices: meter.prices,
	});
	// The saved conversation is opened on first need (the view showing, a command, a test), not in
	// activate(): reading and parsing it is the slowest thing Flux does at start, and a window whose
	// chat stays closed never needs it.
	let opened: ConversationRunner | undefined;
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
			context: budget,
			logger: log,
			emit: (message) => chatView.post(message),
			tools: () => {
				const { toolsEnabled, toolsEdits, toolsMaxRounds } = readSettings();
				if (!toolsEnabled) return {};
				// Restricted Mode: the view's standing notice says why no tool is offered.
				if (!vscode.workspace.isTrusted) return {};
				// Folders, exclusions and trust are read once per turn; editor state is read live.
				const workspace = createVscodeWorkspace();
				// One overlay per turn: its edits build on each other and end as the reply's change card.
				const changes = toolsEdits === 'propose' ? new ProposedChanges() : undefined;
				return {
					tools: {
						definitions: changes ? [...toolDefinitions, ...editToolDefinitions] : toolDefinitions,
						maxRounds: toolsMaxRounds,
						run: (call, signal) => executeTool(call.name, call.arguments, { workspace, signal, logger: log, ...(changes ? { changes } : {}) }),
						...(changes ? { proposed: () => changes.list() } : {}),
					},
				};
			},
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
		updateChanges: (turnId, changes, undoable) => opened?.updateChanges(turnId, changes, undoable),
	}, log);
	// What the next question carries: the chips, the active editor, the `#` list.
	const tray = new AttachmentTray((chips) => chatView.post({ type: 'context/chips', chips }));
	const editorAttachments = new EditorAttachments(tray);
	const mentions = new MentionSource();
	const prefill = new PendingPrefill();
	context.subscriptions.push(editorAttachments, mentions);
	const attachTarget: AttachTarget = {
		attachments: editorAttachments,
		reveal: () => chatView.reveal(),
		prefill: (text) => {
			prefill.set(text);
			chatView.post({ type: 'context/prefill', text });
		},
	};
	const chatContext = { tray, editor: editorAttachments, mentions: (query: string) => mentions.items(query), refused: (message: string) => void vscode.window.showWarningMessage(vscode.l10n.t('Flux: {0}', message)) };
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
			prefill,
			library,
			changes: changeReview,
			notices,
			post: (message) => chatView.post(message),
			postNotices: () => chatView.postNotices(),
			needsKey: async () => !await keys.get(),
			actions: {
				setApiKey: () => setApiKey(keys),
				useFluxAuto: () => setModel(defaultModel),
				openSettings,
				openWalkthrough: async () => { await vscode.commands.executeCommand('flux.openWalkthrough'); },
				applyCode: (code) => applyCode(rewrite, code),
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
		vscode.commands.registerCommand('flux.acceptFileChange', async (uri?: vscode.Uri) => {
			const file = changeReview.fileOf(uri ?? vscode.window.activeTextEditor?.document.uri);
			if (file) await changeReview.accept(file.turnId, file.path);
		}),
		vscode.commands.registerCommand('flux.discardFileChange', async (uri?: vscode.Uri) => {
			const file = changeReview.fileOf(uri ?? vscode.window.activeTextEditor?.document.uri);
			if (file) await changeReview.discard(file.turnId, file.path);
		}),
		vscode.commands.registerCommand('flux.showLog', () => log.show()),
		vscode.commands.registerCommand('flux.setApiKey', () => setApiKey(keys)),
		vscode.commands.registerCommand('flux.clearApiKey', () => clearApiKey(keys)),
		vscode.commands.registerCommand('flux.testConnection', () => testConnection({ createClient, model: readSettings().model, prices: meter.prices, onUsage: (usage) => meter.record(usage, { kind: 'connectionTest' }) })),
		vscode.commands.registerCommand('flux.openWalkthrough', () => vscode.commands.executeCommand('workbench.action.openWalkthrough', walkthroughId, false)),
		vscode.commands.registerCommand('flux.selectModel', () => selectModel(readSettings().model, createClient, log, (models) => meter.prices.learnFromList(models))),
		vscode.commands.registerCommand('flux.newChat', async () => { await chatView.reveal(); (await runnerReady()).newChat(); }),
		vscode.commands.registerCommand('flux.showHistory', () => chatView.showHistory()),
		vscode.commands.registerCommand('flux.exportConversation', async (args?: ExportArgs) => exportConversation(library, args?.id ?? (await runnerReady()).conversationId, args)),
		proposals,
		vscode.workspace.registerTextDocumentContentProvider(proposalScheme, proposals),
		vscode.commands.registerCommand('flux.explainSelection', (args?: { range?: vscode.Range; question?: string }) => explainSelection(attachTarget, args)),
		vscode.commands.registerCommand('flux.addFileToChat', (clicked?: unknown, selected?: unknown) => addFileToChat(attachTarget, clicked, selected)),
		vscode.commands.registerCommand('flux.addSelectionToChat', () => addSelectionToChat(attachTarget)),
		vscode.commands.registerCommand('flux.focusChat', async () => {
			await chatView.reveal();
			chatView.post({ type: 'context/prefill' });
		}),
		vscode.commands.registerCommand('flux.rewriteSelection', (args?: { range?: vscode.Range; instruction?: string }) => rewriteSelection(rewrite, args)),
		vscode.commands.registerCommand('flux.acceptRewrite', async (uri?: vscode.Uri) => {
			const proposal = proposals.current(uri instanceof vscode.Uri ? uri : undefined);
			if (proposal) await proposals.accept(proposal);
		}),
		vscode.commands.registerCommand('flux.discardRewrite', async (uri?: vscode.Uri) => {
			const proposal = proposals.current(uri instanceof vscode.Uri ? uri : undefined);
			if (proposal) await proposals.discard(proposal);
		}),
		vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, new FluxCodeActions(), { providedCodeActionKinds: FluxCodeActions.kinds }),
		vscode.workspace.onDidChangeConfiguration((e) => {
			if (!e.affectsConfiguration('flux.model')) return;
			if (!opened) return status.update(choiceBeforeOpen());
			status.update(opened.modelChoice());
			chatView.post({ type: 'chat/model', model: opened.modelChoice() });
		}),
	);
	// Flux's models in VS Code's own chat and for other extensions, where this VS Code has the API.
	context.subscriptions.push(...registerFluxModels({ createClient, hasKey: async () => !!await keys.get(), onKeyChange: (listener) => keys.onDidChange(listener), log, budget, counter: sharedTokenCounter(log), meter }));
	const activationMs = performance.now() - started;
	log.info(`Flux Chat ${context.extension.packageJSON.version} activated`);
	log.debug(`activate() took ${activationMs.toFixed(1)} ms`);
	if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
	// Tests reach into the open conversation at once, so under tests it is opened before returning
	// (after activationMs is taken: the figure is activate()'s own, as a user's window runs it).
	const runner = await runnerReady();
	return { apiKeys: keys, runner, library, historyDir, logDir: context.logUri.fsPath, notices: () => notices.current(), statusText: () => status.text, spentToday: () => meter.today(),
		activationMs,
		changes: changeReview,
		chips: () => tray.chips(),
		send: (text) => sendQuestion(runner, chatContext, text),
	};
}

export function deactivate(): void {
	// Everything is disposed through context.subscriptions.
}
