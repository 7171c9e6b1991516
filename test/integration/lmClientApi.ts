import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** What the test extension in test/integration/lmClient returns from activate(). */
export interface LmClientApi {
	readonly hasProviderApi: boolean;
	selectChatModels(selector: vscode.LanguageModelChatSelector): Promise<vscode.LanguageModelChat[]>;
	ask(model: vscode.LanguageModelChat, messages: vscode.LanguageModelChatMessage[], options?: vscode.LanguageModelChatRequestOptions, token?: vscode.CancellationToken, onText?: (text: string) => void): Promise<{ text: string[]; toolCalls: { callId: string; name: string; input: object }[] }>;
	countTokens(model: vscode.LanguageModelChat, input: string | vscode.LanguageModelChatMessage, token?: vscode.CancellationToken): Promise<number>;
}

/** The test extension that uses Flux's models through vscode.lm, as any extension would. */
export async function lmClient(): Promise<LmClientApi> {
	const ext = vscode.extensions.getExtension<LmClientApi>('fluxchat-test.lm-client');
	assert.ok(ext, 'the lm-client test extension is not loaded (runCodeServer.ts installs it into the extensions folder)');
	return ext.activate();
}

/** Polls `read` until `done` holds (VS Code re-asks a provider for its models a moment after the change event). */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await read();
		if (done(value) || Date.now() > deadline) return value;
		await new Promise((r) => setTimeout(r, 200));
	}
}
