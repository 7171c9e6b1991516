import * as vscode from 'vscode';
import { setApiKey } from '../dialogs/apiKeyDialogs';
import { defaultModel, readSettings, setModel } from '../platform/config';
import type { FluxServices } from '../platform/services';
import { InlineProposals, inlineScheme, isInlineTarget } from './inlineProposals';
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
	const inline = new InlineProposals();
	const rewrite: RewriteDeps = {
		createClient: services.createClient,
		model: () => readSettings().rewriteModel,
		meter: services.meter,
		proposals,
		inline,
		memento: services.globalState,
		log: services.log,
		runAction: (action) => action === 'setApiKey' ? setApiKey(keys) : action === 'useFluxAuto' ? setModel(defaultModel) : services.openSettings(),
	};
	context.subscriptions.push(
		proposals,
		vscode.workspace.registerTextDocumentContentProvider(proposalScheme, proposals),
		vscode.commands.registerCommand('flux.rewriteSelection', (args?: { range?: vscode.Range; instruction?: string }) => rewriteSelection(rewrite, args)),
		inline,
		vscode.workspace.registerTextDocumentContentProvider(inlineScheme, inline),
		vscode.languages.registerCodeLensProvider({ pattern: '**' }, inline),
		// The inline proposal the argument (CodeLens, diff title) or the active editor names comes
		// first; then the diff of `flux.rewrite.preview` = `diff`.
		vscode.commands.registerCommand('flux.acceptRewrite', async (arg?: unknown) => {
			if (!isDiffUri(arg) && await inline.accept(arg)) return;
			const proposal = proposals.current(arg instanceof vscode.Uri ? arg : undefined);
			if (proposal) await proposals.accept(proposal);
		}),
		vscode.commands.registerCommand('flux.discardRewrite', async (arg?: unknown) => {
			if (!isDiffUri(arg) && await inline.discard(arg)) return;
			// Escape with no inline proposal does not reach here (its key needs one); the diff's own.
			if (isInlineTarget(arg)) return;
			const proposal = proposals.current(arg instanceof vscode.Uri ? arg : undefined);
			if (proposal) await proposals.discard(proposal);
		}),
		vscode.commands.registerCommand('flux.reviewRewrite', (arg?: unknown) => inline.review(arg)),
	);
	return { applyCode: (code) => applyCode(rewrite, code) };
}

function isDiffUri(arg: unknown): boolean {
	return arg instanceof vscode.Uri && arg.scheme === proposalScheme;
}
