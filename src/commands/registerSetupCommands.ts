import * as vscode from 'vscode';
import { clearApiKey, setApiKey } from '../dialogs/apiKeyDialogs';
import { chooseTools } from '../dialogs/chooseTools';
import { readModel } from '../platform/config';
import type { FluxServices } from '../platform/services';
import { selectModel } from './selectModel';
import { testConnection } from './testConnection';

/** The walkthrough's id as `workbench.action.openWalkthrough` takes it (`publisher.name#id`). */
const walkthroughId = 'fluxchat.flux-chat#flux.gettingStarted';

/** Getting Flux to work: the key, the default model, the tools, the connection test, the walkthrough and the log. */
export function registerSetupCommands(context: vscode.ExtensionContext, services: FluxServices): void {
	const { log, keys, createClient, meter } = services;
	context.subscriptions.push(
		vscode.commands.registerCommand('flux.showLog', () => log.show()),
		vscode.commands.registerCommand('flux.setApiKey', () => setApiKey(keys)),
		vscode.commands.registerCommand('flux.clearApiKey', () => clearApiKey(keys)),
		vscode.commands.registerCommand('flux.testConnection', () => testConnection({ createClient, model: readModel(), prices: meter.prices, onUsage: (usage) => meter.record(usage, { kind: 'connectionTest' }) })),
		vscode.commands.registerCommand('flux.openWalkthrough', () => vscode.commands.executeCommand('workbench.action.openWalkthrough', walkthroughId, false)),
		vscode.commands.registerCommand('flux.chooseTools', () => chooseTools(services.belt)),
		vscode.commands.registerCommand('flux.selectModel', () => selectModel(readModel(), createClient, log, (models) => meter.prices.learnFromList(models))),
	);
}
