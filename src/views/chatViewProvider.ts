import * as vscode from 'vscode';
import { fasterModel, strongerModel, type ChatSession } from '../chat/chatSession';
import { deleteConversation, exportConversation, renameConversation } from '../commands/historyCommands';
import type { ErrorAction, HostMessage, ViewNotice, ViewNoticeAction, ViewNoticeId, WebviewMessage } from '../protocol/messages';
import { createNonce } from '../platform/nonce';
import { chatHtml } from './chatHtml';

/** What the view asks of the rest of the extension when the user picks an error's action. */
export interface ChatViewActions {
	setApiKey(): Promise<boolean>;
	useFluxAuto(): Promise<void>;
	openSettings(): Promise<void>;
	/** Proposes a code block for the active editor through the rewrite diff. */
	applyCode(code: string): Promise<void>;
	/** A model from a quick pick (the router ids and this key's pinned ids), or undefined. */
	chooseModel(title: string, current: string, pinnedOnly: boolean): Promise<string | undefined>;
}

/** The standing notices above the chat (see `WindowNotices`). */
export interface ChatViewNotices {
	readonly onDidChange: vscode.Event<void>;
	current(): Promise<ViewNotice[]>;
	choose(id: ViewNoticeId, action: ViewNoticeAction | 'dismiss'): Promise<void>;
}

/** The sidebar chat view: owns the webview's HTML, its CSP and the message bridge. */
export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
	static readonly viewId = 'flux.chatView';

	private view: vscode.WebviewView | undefined;
	private viewDisposables: vscode.Disposable[] = [];
	private session: ChatSession | undefined;
	/** The history list's last search, so it can be refreshed after a rename or delete. */
	private historyQuery: { query: string; modelFilter?: string } = { query: '' };

	constructor(
		private readonly extensionUri: vscode.Uri,
		private readonly log: vscode.LogOutputChannel,
		private readonly actions: ChatViewActions,
		private readonly notices: ChatViewNotices,
	) {}

	/** Connects the session whose messages this view shows (the session emits through `post`). */
	attach(session: ChatSession): void {
		this.session = session;
	}

	resolveWebviewView(view: vscode.WebviewView): void {
		this.disposeView();
		this.view = view;
		const { webview } = view;
		webview.options = {
			enableScripts: true,
			localResourceRoots: [
				vscode.Uri.joinPath(this.extensionUri, 'dist'),
				vscode.Uri.joinPath(this.extensionUri, 'media'),
			],
		};
		webview.html = this.renderHtml(webview);
		this.viewDisposables.push(
			webview.onDidReceiveMessage((message: WebviewMessage) => {
				this.onMessage(message).catch((error: unknown) => this.log.error(`chat view: ${String(error)}`));
			}),
			view.onDidDispose(() => { this.view = undefined; this.disposeView(); }),
			this.notices.onDidChange(() => void this.postNotices()),
		);
	}

	/** Sends a message to the view if it is open; a closed view gets a snapshot when it returns. */
	post(message: HostMessage): void {
		void this.view?.webview.postMessage(message);
	}

	/** Brings the view forward, creating it if needed. */
	async reveal(): Promise<void> {
		await vscode.commands.executeCommand(`${ChatViewProvider.viewId}.focus`);
	}

	/** Opens the view's history panel (the title bar's History button). */
	async showHistory(): Promise<void> {
		await this.reveal();
		this.post({ type: 'history/show' });
	}

	private async onMessage(message: WebviewMessage): Promise<void> {
		const session = this.session;
		if (!session) return;
		switch (message.type) {
			case 'view/ready':
				this.post(session.snapshot());
				await this.postNotices();
				break;
			case 'chat/send':
				session.send(message.text);
				break;
			case 'chat/editLast':
				session.editLast(message.text);
				break;
			case 'chat/draft':
				session.setDraft(message.text);
				break;
			case 'turn/stop':
				session.stop(message.turnId);
				break;
			case 'turn/retry':
				session.retry(message.turnId);
				break;
			case 'turn/errorAction':
				await this.runErrorAction(message.turnId, message.action);
				break;
			case 'code/copy':
				await vscode.env.clipboard.writeText(message.text);
				void vscode.window.setStatusBarMessage('Flux: copied to the clipboard', 2000);
				break;
			case 'code/insert':
				await insertAtCursor(message.text);
				break;
			case 'code/apply':
				await this.actions.applyCode(message.text);
				break;
			case 'link/open':
				await openLink(message.href);
				break;
			case 'chat/loadEarlier':
				this.post(session.earlier(message.beforeTurnId));
				break;
			case 'turn/showVersion':
				session.showVersion(message.turnId, message.index);
				break;
			case 'turn/retryWith':
				await this.retryWith(session, message.turnId, message.model);
				break;
			case 'chat/pin':
				if (message.action === 'clear') session.setPin(undefined);
				else await this.choosePin(session);
				break;
			case 'chat/new':
				await session.newChat();
				break;
			case 'history/query':
				this.historyQuery = { query: message.query, ...(message.modelFilter ? { modelFilter: message.modelFilter } : {}) };
				await this.postHistory(session);
				break;
			case 'history/open':
				if (!await session.openConversation(message.id)) await this.postHistory(session);
				break;
			case 'history/rename':
				await renameConversation(session, message.id);
				await this.postHistory(session);
				break;
			case 'history/delete':
				if (await deleteConversation(session, message.id)) await this.postHistory(session);
				break;
			case 'history/export':
				await exportConversation(session, { id: message.id });
				break;
			case 'view/noticeAction':
				await this.notices.choose(message.id, message.action);
				break;
		}
	}

	private async postNotices(): Promise<void> {
		if (this.view) this.post({ type: 'view/notices', notices: await this.notices.current() });
	}

	private async postHistory(session: ChatSession): Promise<void> {
		this.post(await session.history(this.historyQuery.query, this.historyQuery.modelFilter));
	}

	private async retryWith(session: ChatSession, turnId: string, choice: 'stronger' | 'faster' | 'choose'): Promise<void> {
		const model = choice === 'stronger' ? strongerModel
			: choice === 'faster' ? fasterModel
				: await this.actions.chooseModel('Retry This Turn With…', session.modelChoice().model, true);
		if (model) session.retry(turnId, model);
	}

	private async choosePin(session: ChatSession): Promise<void> {
		const choice = session.modelChoice();
		const model = await this.actions.chooseModel('Model for This Conversation', choice.model, false);
		if (model) session.setPin(model === choice.defaultModel ? undefined : model);
	}

	private async runErrorAction(turnId: string, action: ErrorAction): Promise<void> {
		switch (action) {
			case 'retry':
				this.session?.retry(turnId);
				break;
			case 'setApiKey':
				if (await this.actions.setApiKey()) this.session?.retry(turnId);
				break;
			case 'useFluxAuto':
				await this.actions.useFluxAuto();
				this.session?.retry(turnId);
				break;
			case 'openSettings':
				await this.actions.openSettings();
				break;
		}
	}

	private renderHtml(webview: vscode.Webview): string {
		const asset = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...path)).toString();
		return chatHtml({
			cspSource: webview.cspSource,
			nonce: createNonce(),
			scriptUri: asset('dist', 'webview.js'),
			styleUri: asset('media', 'chat.css'),
		});
	}

	private disposeView(): void {
		for (const d of this.viewDisposables.splice(0)) d.dispose();
	}

	dispose(): void {
		this.disposeView();
	}
}

async function insertAtCursor(text: string): Promise<void> {
	const editor = vscode.window.activeTextEditor;
	if (!editor) {
		void vscode.window.showInformationMessage('Flux: open an editor and place the cursor where the code should go.');
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
