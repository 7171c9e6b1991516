import * as vscode from 'vscode';
import type { HostMessage, WebviewMessage } from '../protocol/messages';
import { createNonce } from '../platform/nonce';
import { chatHtml } from './chatHtml';
import type { ChatHandlers, ChatViewNotices } from './chatMessageHandlers';

/** The sidebar chat view: owns the webview's HTML, its CSP and the message bridge. */
export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
	static readonly viewId = 'flux.chatView';

	private view: vscode.WebviewView | undefined;
	private viewDisposables: vscode.Disposable[] = [];
	private handlers: (() => Promise<ChatHandlers>) | undefined;

	constructor(
		private readonly extensionUri: vscode.Uri,
		private readonly log: vscode.LogOutputChannel,
		private readonly notices: ChatViewNotices,
	) {}

	/**
	 * Connects what answers the view's messages (see chatHandlers). They are made on first need
	 * (the saved conversation is opened then, not at activation), so the view starts making them
	 * as soon as it is shown, while its script is still loading.
	 */
	attach(handlers: () => Promise<ChatHandlers>): void {
		this.handlers = handlers;
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
				this.dispatch(message).catch((error: unknown) => this.log.error(`chat view: ${String(error)}`));
			}),
			view.onDidDispose(() => { this.view = undefined; this.disposeView(); }),
			this.notices.onDidChange(() => void this.postNotices()),
		);
		this.handlers?.().catch((error: unknown) => this.log.error(`chat view: ${String(error)}`));
	}

	/** Sends a message to the view if it is open; a closed view gets a snapshot when it returns. */
	post(message: HostMessage): void {
		void this.view?.webview.postMessage(message);
	}

	/** Sends the standing notices as they are now (when the view is open). */
	async postNotices(): Promise<void> {
		if (this.view) this.post({ type: 'view/notices', notices: await this.notices.current() });
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

	private async dispatch(message: WebviewMessage): Promise<void> {
		const handlers = await this.handlers?.();
		// A message type this build does not know (a stale webview script) is ignored, not run.
		if (!handlers || !Object.hasOwn(handlers, message?.type)) return;
		await (handlers[message.type] as (m: WebviewMessage) => void | Promise<void>)(message);
	}

	private renderHtml(webview: vscode.Webview): string {
		const asset = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...path)).toString();
		return chatHtml({
			cspSource: webview.cspSource,
			nonce: createNonce(),
			scriptUri: asset('dist', 'webview.js'),
			styleUri: asset('media', 'chat.css'),
			// The webview has no vscode.l10n: it gets this display language's bundle in its HTML.
			l10n: vscode.l10n.bundle ?? {},
			language: vscode.env.language,
		});
	}

	private disposeView(): void {
		for (const d of this.viewDisposables.splice(0)) d.dispose();
	}

	dispose(): void {
		this.disposeView();
	}
}
