import * as vscode from 'vscode';
import { addFileToChat, addSelectionToChat, type AttachTarget } from './attachCommands';
import { explainSelection } from './explainSelection';
import { FluxCodeActions } from './fluxCodeActions';

/**
 * What the editor offers the chat: Explain Selection, Add File and Add Selection to Chat (into
 * `target`, the chat view's chips and message box), and Explain and Fix with Flux on every problem.
 */
export function registerEditorCommands(context: vscode.ExtensionContext, target: AttachTarget): void {
	context.subscriptions.push(
		vscode.commands.registerCommand('flux.explainSelection', (args?: { range?: vscode.Range; question?: string }) => explainSelection(target, args)),
		vscode.commands.registerCommand('flux.addFileToChat', (clicked?: unknown, selected?: unknown) => addFileToChat(target, clicked, selected)),
		vscode.commands.registerCommand('flux.addSelectionToChat', () => addSelectionToChat(target)),
		vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, new FluxCodeActions(), { providedCodeActionKinds: FluxCodeActions.kinds }),
	);
}
