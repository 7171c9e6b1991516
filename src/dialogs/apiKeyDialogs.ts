import * as vscode from 'vscode';
import type { ApiKeyStore } from '../platform/storage/apiKeyStore';

/** "Flux: Set API Key": a password box; returns whether a key was saved. */
export async function setApiKey(keys: ApiKeyStore): Promise<boolean> {
	const key = await vscode.window.showInputBox({
		title: vscode.l10n.t('Flux: Set API Key'),
		prompt: vscode.l10n.t('Your FluxRouter API key. It is kept in VS Code\'s secret storage, never in settings.'),
		placeHolder: 'sk-...', // not localised: the key's prefix
		password: true,
		ignoreFocusOut: true,
		validateInput: (value) => {
			const trimmed = value.trim();
			if (!trimmed) return vscode.l10n.t('Enter a key, or press Escape to cancel.');
			if (/\s/.test(trimmed)) return vscode.l10n.t('A key has no spaces.');
			return trimmed.startsWith('sk-') ? undefined
				: { message: vscode.l10n.t('FluxRouter keys usually start with "sk-".'), severity: vscode.InputBoxValidationSeverity.Warning };
		},
	});
	if (!key?.trim()) return false;
	await keys.set(key);
	void vscode.window.showInformationMessage(vscode.l10n.t('Flux: API key saved.'));
	return true;
}

/** "Flux: Clear API Key". */
export async function clearApiKey(keys: ApiKeyStore): Promise<void> {
	await keys.clear();
	void vscode.window.showInformationMessage(process.env.FLUX_API_KEY
		? vscode.l10n.t('Flux: API key removed from secret storage. FLUX_API_KEY from the environment is still used.')
		: vscode.l10n.t('Flux: API key removed from secret storage.'));
}
