import * as vscode from 'vscode';

/**
 * Switches VS Code's AI features on or off (`chat.disableAIFeatures`, which the test harness sets):
 * while they are off, VS Code lists no language model tools. VS Code 1.100 has no such setting.
 */
export async function setAiFeatures(on: boolean): Promise<void> {
	const chat = vscode.workspace.getConfiguration('chat');
	if (chat.inspect('disableAIFeatures')?.defaultValue === undefined) return;
	await chat.update('disableAIFeatures', !on, vscode.ConfigurationTarget.Global);
}
