import * as vscode from 'vscode';
import { sharedTokenCounter } from '../chat/context/tokenCounter';
import type { FluxServices } from '../platform/services';
import { FluxChatProvider } from './fluxChatProvider';
import { providerRegistration } from './lmApi';

/** The vendor id of Flux's models in `vscode.lm` (package.json `languageModelChatProviders`). */
export const fluxVendor = 'flux';

/**
 * Flux's models in VS Code's own chat and for other extensions, where the provider API exists
 * (1.104+); elsewhere nothing, said in the log. The list is refreshed when the key, `flux.baseUrl`
 * or `flux.apiFormat` changes.
 */
export function registerFluxModels(context: vscode.ExtensionContext, services: FluxServices): void {
	const { log, keys } = services;
	const register = providerRegistration();
	if (!register) {
		log.info('this VS Code has no language model provider API: Flux models are not offered to VS Code\'s chat');
		return;
	}
	const provider = new FluxChatProvider({
		createClient: services.createClient, hasKey: async () => !!await keys.get(), log, budget: services.budget, counter: sharedTokenCounter(log), meter: services.meter,
	});
	context.subscriptions.push(
		provider,
		register(fluxVendor, provider),
		keys.onDidChange(() => provider.refresh()),
		vscode.workspace.onDidChangeConfiguration((e) => {
			if (e.affectsConfiguration('flux.baseUrl') || e.affectsConfiguration('flux.apiFormat')) provider.refresh();
		}),
	);
}
