import * as vscode from 'vscode';
import type { ApiKeyStore } from '../platform/apiKeyStore';

/** "Flux: Set API Key": a password box; returns whether a key was saved. */
export async function setApiKey(keys: ApiKeyStore): Promise<boolean> {
	const key = await vscode.window.showInputBox({
		title: 'Flux: Set API Key',
		prompt: 'Your FluxRouter API key. It is kept in VS Code\'s secret storage, never in settings.',
		placeHolder: 'sk-...',
		password: true,
		ignoreFocusOut: true,
		validateInput: (value) => {
			const trimmed = value.trim();
			if (!trimmed) return 'Enter a key, or press Escape to cancel.';
			if (/\s/.test(trimmed)) return 'A key has no spaces.';
			return trimmed.startsWith('sk-') ? undefined
				: { message: 'FluxRouter keys usually start with "sk-".', severity: vscode.InputBoxValidationSeverity.Warning };
		},
	});
	if (!key?.trim()) return false;
	await keys.set(key);
	void vscode.window.showInformationMessage('Flux: API key saved.');
	return true;
}

/** "Flux: Clear API Key". */
export async function clearApiKey(keys: ApiKeyStore): Promise<void> {
	await keys.clear();
	const fallback = process.env.FLUX_API_KEY ? ' FLUX_API_KEY from the environment is still used.' : '';
	void vscode.window.showInformationMessage(`Flux: API key removed from secret storage.${fallback}`);
}
