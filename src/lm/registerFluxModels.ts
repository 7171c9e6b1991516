import * as vscode from 'vscode';
import { FluxChatProvider, type FluxChatProviderDeps } from './fluxChatProvider';
import { providerRegistration } from './lmApi';

/** The vendor id of Flux's models in `vscode.lm` (package.json `languageModelChatProviders`). */
export const fluxVendor = 'flux';

/**
 * Registers Flux's models with VS Code where the provider API exists (1.104+); elsewhere does
 * nothing and says so in the log. The list is refreshed when the key, `flux.baseUrl` or
 * `flux.apiFormat` changes. Returns the disposables to keep in `context.subscriptions`.
 */
export function registerFluxModels(deps: FluxChatProviderDeps & { readonly onKeyChange: (listener: () => void) => vscode.Disposable }): vscode.Disposable[] {
	const register = providerRegistration();
	if (!register) {
		deps.log.info('this VS Code has no language model provider API: Flux models are not offered to VS Code\'s chat');
		return [];
	}
	const provider = new FluxChatProvider(deps);
	return [
		provider,
		register(fluxVendor, provider),
		deps.onKeyChange(() => provider.refresh()),
		vscode.workspace.onDidChangeConfiguration((e) => {
			if (e.affectsConfiguration('flux.baseUrl') || e.affectsConfiguration('flux.apiFormat')) provider.refresh();
		}),
	];
}
