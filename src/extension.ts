import * as vscode from 'vscode';
import { ChatViewProvider } from './views/chatViewProvider';

/** Wires the pieces together by hand; nothing else happens here. */
export function activate(context: vscode.ExtensionContext): void {
	const log = vscode.window.createOutputChannel('Flux', { log: true });
	context.subscriptions.push(log);

	const chatView = new ChatViewProvider(context.extensionUri, log);
	context.subscriptions.push(
		chatView,
		vscode.window.registerWebviewViewProvider(ChatViewProvider.viewId, chatView, {
			webviewOptions: { retainContextWhenHidden: false },
		}),
		vscode.commands.registerCommand('flux.showLog', () => log.show()),
	);
	log.info(`Flux Chat ${context.extension.packageJSON.version} activated`);
}

export function deactivate(): void {
	// Everything is disposed through context.subscriptions.
}
