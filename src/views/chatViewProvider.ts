import * as vscode from 'vscode';
import type { ChatSession } from '../chat/chatSession';
import type { ErrorAction, HostMessage, WebviewMessage } from '../protocol/messages';
import { createNonce } from '../platform/nonce';
import { chatHtml } from './chatHtml';

/** What the view asks of the rest of the extension when the user picks an error's action. */
export interface ChatViewActions {
	setApiKey(): Promise<boolean>;
	useFluxAuto(): Promise<void>;
	openSettings(): Promise<void>;
	/** Proposes a code block for the active editor through the rewrite diff. */
	applyCode(code: string): Promise<void>;
}

/** The sidebar chat view: owns the webview's HTML, its CSP and the message bridge. */
export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
	static readonly viewId = 'flux.chatView';

	private view: vscode.WebviewView | undefined;
	private viewDisposables: vscode.Disposable[] = [];
	private session: ChatSession | undefined;

	constructor(
		private readonly extensionUri: vscode.Uri,
		private readonly log: vscode.LogOutputChannel,
		private readonly actions: ChatViewActions,
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

	private async onMessage(message: WebviewMessage): Promise<void> {
		const session = this.session;
		if (!session) return;
		switch (message.type) {
			case 'view/ready':
				this.post(session.snapshot());
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
		}
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
