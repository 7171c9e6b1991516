import * as vscode from 'vscode';
import type { HostMessage, WebviewMessage } from '../protocol/messages';
import { createNonce } from '../platform/nonce';

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
				this.post({ type: 'chat/snapshot', messages: [] });
				break;
		}
	}

	private post(message: HostMessage): void {
		void this.view?.webview.postMessage(message);
	}

	private renderHtml(webview: vscode.Webview): string {
		const nonce = createNonce();
		const asset = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...path));
		const csp = [
			`default-src 'none'`,
			`style-src ${webview.cspSource}`,
			`font-src ${webview.cspSource}`,
			`img-src ${webview.cspSource}`,
			`script-src 'nonce-${nonce}'`,
		].join('; ');
		return `<!DOCTYPE html>
<html lang="en">
<head>
	<meta charset="UTF-8">
	<meta http-equiv="Content-Security-Policy" content="${csp}">
	<meta name="viewport" content="width=device-width, initial-scale=1.0">
	<link href="${asset('media', 'chat.css')}" rel="stylesheet">
	<title>Flux Chat</title>
</head>
<body>
	<main id="app" aria-label="Flux Chat"></main>
	<script type="module" nonce="${nonce}" src="${asset('dist', 'webview.js')}"></script>
</body>
</html>`;
	}

	dispose(): void {
		for (const d of this.disposables.splice(0)) d.dispose();
	}
}
