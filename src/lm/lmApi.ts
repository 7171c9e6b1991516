import * as vscode from 'vscode';

/*
 * The language model chat provider API of VS Code 1.104+, declared here because @types/vscode
 * stays at the engines' floor (1.100, where this API does not exist). Only what Flux uses is
 * declared, in the shapes of VS Code's own vscode.d.ts; the registration is looked up at run time.
 */

/** What VS Code shows in its model picker and hands back with every request. */
export interface LanguageModelChatInformation {
	readonly id: string;
	readonly name: string;
	readonly family: string;
	readonly version: string;
	readonly tooltip?: string;
	readonly detail?: string;
	readonly maxInputTokens: number;
	readonly maxOutputTokens: number;
	readonly capabilities: {
		readonly imageInput?: boolean;
		readonly toolCalling?: boolean | number;
	};
}

/** A message as the provider receives it: its content parts are the vscode part classes. */
export interface LanguageModelChatRequestMessage {
	readonly role: vscode.LanguageModelChatMessageRole;
	readonly content: ReadonlyArray<unknown>;
	readonly name: string | undefined;
}

export interface ProvideLanguageModelChatResponseOptions {
	readonly modelOptions?: { readonly [name: string]: unknown };
	readonly tools?: readonly vscode.LanguageModelChatTool[];
	readonly toolMode: vscode.LanguageModelChatToolMode;
	/** Proposed API in some builds: which extension asked. Only logged. */
	readonly requestInitiator?: string;
}

export interface PrepareLanguageModelChatModelOptions {
	/** True when the provider must not prompt (no key dialog): VS Code is only listing models. */
	readonly silent: boolean;
}

export type LanguageModelResponsePart = vscode.LanguageModelTextPart | vscode.LanguageModelToolCallPart;

export interface LanguageModelChatProvider<T extends LanguageModelChatInformation = LanguageModelChatInformation> {
	readonly onDidChangeLanguageModelChatInformation?: vscode.Event<void>;
	provideLanguageModelChatInformation(options: PrepareLanguageModelChatModelOptions, token: vscode.CancellationToken): vscode.ProviderResult<T[]>;
	provideLanguageModelChatResponse(model: T, messages: readonly LanguageModelChatRequestMessage[], options: ProvideLanguageModelChatResponseOptions, progress: vscode.Progress<LanguageModelResponsePart>, token: vscode.CancellationToken): Thenable<void>;
	provideTokenCount(model: T, text: string | LanguageModelChatRequestMessage, token: vscode.CancellationToken): Thenable<number>;
}

type RegisterProvider = (vendor: string, provider: LanguageModelChatProvider) => vscode.Disposable;

/**
 * `vscode.lm.registerLanguageModelChatProvider` where this VS Code has it (1.104+), else
 * undefined: feature detection, not a version check, so a build that backports it works too.
 */
export function providerRegistration(): RegisterProvider | undefined {
	const register = (vscode.lm as { registerLanguageModelChatProvider?: unknown }).registerLanguageModelChatProvider;
	return typeof register === 'function' ? (register as RegisterProvider).bind(vscode.lm) : undefined;
}
