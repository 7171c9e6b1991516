import * as vscode from 'vscode';

export const defaultModel = 'flux-auto';
export const defaultSystemPrompt = 'You are Flux, a helpful assistant inside VS Code. Answer concisely; use Markdown and fenced code blocks with a language.';

/** The `flux.*` settings as one frozen snapshot, read when a turn starts. */
export interface FluxSettings {
	readonly baseUrl: string;
	readonly model: string;
	readonly systemPrompt: string;
	/** `flux.rewriteModel`, falling back to the chat model. */
	readonly rewriteModel: string;
	readonly toolsEnabled: boolean;
	readonly toolsMaxRounds: number;
	/** `flux.context.maxInputTokens`: a cap on each request's input; undefined when 0 (no cap). */
	readonly maxInputTokens?: number;
}

export function readSettings(): FluxSettings {
	const config = vscode.workspace.getConfiguration('flux');
	const model = config.get<string>('model', defaultModel).trim() || defaultModel;
	return Object.freeze({
		baseUrl: config.get<string>('baseUrl', 'https://api.fluxrouter.ai/v1'),
		model,
		systemPrompt: config.get<string>('systemPrompt', defaultSystemPrompt),
		rewriteModel: config.get<string>('rewriteModel', '').trim() || model,
		toolsEnabled: config.get<boolean>('tools.enabled', true),
		toolsMaxRounds: Math.max(1, Math.floor(config.get<number>('tools.maxRounds', 8))),
		...maxInput(config.get<number>('context.maxInputTokens', 0)),
	});
}

export async function setModel(model: string): Promise<void> {
	await vscode.workspace.getConfiguration('flux').update('model', model, vscode.ConfigurationTarget.Global);
}

function maxInput(value: number): { maxInputTokens?: number } {
	// Below a few thousand tokens not even one question with its answer fits; treat as a floor.
	return value > 0 ? { maxInputTokens: Math.max(2000, Math.floor(value)) } : {};
}
