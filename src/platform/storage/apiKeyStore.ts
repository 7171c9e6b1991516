import type * as vscode from 'vscode';

const secretKey = 'flux.apiKey';

/**
 * The FluxRouter key lives only in SecretStorage; `FLUX_API_KEY` in the environment is the
 * fallback. It is never written to settings or logs.
 */
export class ApiKeyStore {
	constructor(private readonly secrets: vscode.SecretStorage, private readonly env: NodeJS.ProcessEnv = process.env) {}

	async get(): Promise<string | undefined> {
		const stored = await this.secrets.get(secretKey);
		return stored?.trim() || this.env.FLUX_API_KEY?.trim() || undefined;
	}

	async set(key: string): Promise<void> {
		await this.secrets.store(secretKey, key.trim());
	}

	async clear(): Promise<void> {
		await this.secrets.delete(secretKey);
	}

	/** Fires when the stored key changes, in this window or another. */
	onDidChange(listener: () => void): vscode.Disposable {
		return this.secrets.onDidChange((e) => { if (e.key === secretKey) listener(); });
	}
}
