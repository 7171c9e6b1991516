import * as vscode from 'vscode';
import { setApiKey } from '../dialogs/apiKeyDialogs';
import { defaultModel, readSettings, setModel } from '../platform/config';
import type { FluxServices } from '../platform/services';
import { proposalScheme, RewriteProposals } from './rewriteProposals';
import { applyCode, rewriteSelection, type RewriteDeps } from './rewriteSelection';

/**
 * The inline rewrite: "Rewrite Selection" (and the code actions' "Fix with Flux") asks the model
 * for the code's replacement and shows it as a diff to accept or discard. Returns Apply to Editor,
 * which the chat's code blocks offer through the same diff.
 */
export function registerRewrite(context: vscode.ExtensionContext, services: FluxServices): { applyCode(code: string): Promise<void> } {
	const { keys } = services;
	const proposals = new RewriteProposals();
	const rewrite: RewriteDeps = {
		createClient: services.createClient,
		model: () => readSettings().rewriteModel,
		meter: services.meter,
		proposals,
		memento: services.globalState,
		log: services.log,
		runAction: (action) => action === 'setApiKey' ? setApiKey(keys) : action === 'useFluxAuto' ? setModel(defaultModel) : services.openSettings(),
	};
	context.subscriptions.push(
		proposals,
		vscode.workspace.registerTextDocumentContentProvider(proposalScheme, proposals),
		vscode.commands.registerCommand('flux.rewriteSelection', (args?: { range?: vscode.Range; instruction?: string }) => rewriteSelection(rewrite, args)),
		vscode.commands.registerCommand('flux.acceptRewrite', async (uri?: vscode.Uri) => {
			const proposal = proposals.current(uri instanceof vscode.Uri ? uri : undefined);
			if (proposal) await proposals.accept(proposal);
		}),
		vscode.commands.registerCommand('flux.discardRewrite', async (uri?: vscode.Uri) => {
			const proposal = proposals.current(uri instanceof vscode.Uri ? uri : undefined);
			if (proposal) await proposals.discard(proposal);
		}),
	);
	return { applyCode: (code) => applyCode(rewrite, code) };
}
