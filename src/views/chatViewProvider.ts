import * as vscode from 'vscode';
import type { HostMessage, WebviewMessage } from '../protocol/messages';
import { createNonce } from '../platform/nonce';
import { chatHtml } from './chatHtml';

/** The sidebar chat view: owns the webview's HTML, its CSP and the message bridge. */
export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
	static readonly viewId = 'flux.chatView';

	private view: vscode.WebviewView | undefined;
	private readonly disposables: vscode.Disposable[] = [];

	constructor(
		private readonly extensionUri: vscode.Uri,
		private readonly log: vscode.LogOutputChannel,
	) {}

	resolveWebviewView(view: vscode.WebviewView): void {
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
		this.disposables.push(
			webview.onDidReceiveMessage((message: WebviewMessage) => this.onMessage(message)),
			view.onDidDispose(() => { this.view = undefined; }),
		);
	}

	private onMessage(message: WebviewMessage): void {
		switch (message.type) {
			case 'view/ready':
				this.log.debug('chat view ready');
				this.post({ type: 'chat/snapshot', turns: [], model: 'flux-auto', draft: '' });
				break;
		}
	}

	private post(message: HostMessage): void {
		void this.view?.webview.postMessage(message);
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

	dispose(): void {
		for (const d of this.disposables.splice(0)) d.dispose();
	}
}
