import * as vscode from 'vscode';
import { checkConnection, type ConnectionAction, type ConnectionCheck } from './connectionReport';

/** Button labels, and the command each runs. */
const buttons: Readonly<Record<ConnectionAction, { readonly label: string; readonly run: () => Thenable<unknown> }>> = {
	setApiKey: { label: vscode.l10n.t('Set API Key'), run: () => vscode.commands.executeCommand('flux.setApiKey') },
	selectModel: { label: vscode.l10n.t('Select Model'), run: () => vscode.commands.executeCommand('flux.selectModel') },
	openSettings: { label: vscode.l10n.t('Open Settings'), run: () => vscode.commands.executeCommand('workbench.action.openSettings', 'flux.baseUrl') },
	openProxySettings: { label: vscode.l10n.t('Proxy Settings'), run: () => vscode.commands.executeCommand('workbench.action.openSettings', 'http.proxy') },
	showLog: { label: vscode.l10n.t('Show Log'), run: () => vscode.commands.executeCommand('flux.showLog') },
};

/**
 * "Flux: Test Connection": lists the key's models and asks for one tiny reply, with a progress
 * notification meanwhile, then says in one notification what works or what is wrong, with the
 * button that fixes it.
 */
export async function testConnection(check: Omit<ConnectionCheck, 'signal'>): Promise<void> {
	let cancelled = false;
	const report = await vscode.window.withProgress(
		{ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Flux: testing the connection…'), cancellable: true },
		(_progress, token) => {
			const controller = new AbortController();
			const subscription = token.onCancellationRequested(() => { cancelled = true; controller.abort(); });
			return checkConnection({ ...check, signal: controller.signal }).finally(() => subscription.dispose());
		},
	);
	if (cancelled) return;
	if (report.ok) {
		void vscode.window.showInformationMessage(report.message);
		return;
	}
	const chosen = await vscode.window.showErrorMessage(report.message, ...report.actions.map((action) => buttons[action].label));
	const action = report.actions.find((a) => buttons[a].label === chosen);
	if (action) await buttons[action].run();
}
