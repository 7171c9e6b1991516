import * as vscode from 'vscode';
import { registerEditorCommands } from './commands/registerEditorCommands';
import { registerRewrite } from './commands/registerRewrite';
import { registerSetupCommands } from './commands/registerSetupCommands';
import { chooseTools, type ToolItem } from './dialogs/chooseTools';
import { registerFluxModels } from './lm/registerFluxModels';
import type { ApiKeyStore } from './platform/storage/apiKeyStore';
import type { BeltChoiceStore } from './tools/belt/types';
import { createServices } from './platform/services';
import { registerChat, type ChatTestApi } from './views/registerChat';

/** What integration tests reach into; returned only when the extension runs under tests. */
export interface FluxTestApi extends ChatTestApi {
	readonly apiKeys: ApiKeyStore;
	/** The user's choice of tools, as "Flux: Choose Tools" saves it. */
	readonly toolChoices: BeltChoiceStore;
	/** "Flux: Choose Tools", handing the open quick pick to the test; resolves once it is closed. */
	readonly chooseTools: (shown: (pick: vscode.QuickPick<ToolItem>) => void) => Promise<void>;
	/** The folder of the "Flux" log, for leak checks. */
	readonly logDir: string;
	/** Today's spend across every paid request (the usage meter's total). */
	readonly spentToday: () => number;
	/** How long the body of activate() took, in ms (for `npm run bench activation`). */
	readonly activationMs: number;
}

/** The composition root: each feature registers itself with what it shares; nothing else happens here. */
export async function activate(context: vscode.ExtensionContext): Promise<FluxTestApi | undefined> {
	const started = performance.now();
	const services = createServices(context);
	const rewrite = registerRewrite(context, services);
	const chat = registerChat(context, services, rewrite.applyCode);
	registerEditorCommands(context, chat.attachTarget);
	registerSetupCommands(context, services);
	registerFluxModels(context, services);
	const activationMs = performance.now() - started;
	services.log.info(`Flux Chat ${context.extension.packageJSON.version} activated`);
	services.log.debug(`activate() took ${activationMs.toFixed(1)} ms`);
	if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
	// Tests reach into the open conversation at once, so under tests it is opened before returning
	// (after activationMs is taken: the figure is activate()'s own, as a user's window runs it).
	return { ...await chat.testApi(), apiKeys: services.keys, toolChoices: services.belt.choices, chooseTools: (shown) => chooseTools(services.belt, shown), logDir: context.logUri.fsPath, spentToday: () => services.meter.today(), activationMs };
}

export function deactivate(): void {
	// Everything is disposed through context.subscriptions.
}
