import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { GlobalToolChoices } from './storage/toolChoices';
import { vscodeToolHost } from './tools/lmTools';
import type { BeltAccess } from './tools/workspaceTools';
import { ContextBudget, type LearnedLimits } from '../chat/context/contextBudget';
import { UsageMeter } from '../chat/usage/usageMeter';
import { validateBaseUrl } from '../flux/baseUrl';
import { FluxConfigError } from '../flux/errors';
import { FluxClient } from '../flux/fluxClient';
import { PriceBook, type LearnedPrices } from '../flux/pricing/priceBook';
import { ApiKeyStore } from './storage/apiKeyStore';
import { readSettings, reportSettingsTo } from './config';
import { GlobalLearnedStore } from './storage/learnedStore';
import { SerialMemento } from './storage/serialMemento';
import { GlobalSpendLedger } from './storage/spendLedger';

/** What every feature shares: made once by activate(), handed to each feature's `registerX`. */
export interface FluxServices {
	/** The one "Flux" log. */
	readonly log: vscode.LogOutputChannel;
	readonly keys: ApiKeyStore;
	/** A client for the settings and key as they are now; throws FluxConfigError when there is no key or a bad base URL. */
	readonly createClient: () => Promise<FluxClient>;
	/** Where every paid request (turns, summaries, rewrites, the provider) is recorded: today's total and the learned prices. */
	readonly meter: UsageMeter;
	/**
	 * One budget for the extension's lifetime: what it learns of windows and tokenizers holds
	 * across conversations (and the language model provider), and across restarts.
	 */
	readonly budget: ContextBudget;
	/** The tools of VS Code and MCP servers, and the user's choice of tools. */
	readonly belt: BeltAccess;
	/** The extension's global storage, one write at a time (see SerialMemento); use it, never context.globalState. */
	readonly globalState: vscode.Memento;
	/** Opens Flux's settings. */
	openSettings(): Promise<void>;
}

/** Sets up localisation and the log, then makes the shared services; their disposables go into `context.subscriptions`. */
export function createServices(context: vscode.ExtensionContext): FluxServices {
	// chat/, flux/ and tools/ may not import vscode: their user-facing strings go through
	// @vscode/l10n, which reads the same bundle VS Code loaded for this display language.
	l10n.config({ contents: vscode.l10n.bundle ?? {} });
	const log = vscode.window.createOutputChannel('Flux', { log: true });
	context.subscriptions.push(log);
	reportSettingsTo(log);
	const keys = new ApiKeyStore(context.secrets);

	const createClient = async (): Promise<FluxClient> => {
		const settings = readSettings();
		const baseUrl = validateBaseUrl(settings.baseUrl);
		const apiKey = await keys.get();
		if (!apiKey) throw new FluxConfigError('noApiKey', 'No FluxRouter API key.');
		return new FluxClient({
			baseUrl, apiKey, logger: log, format: settings.apiFormat, noProgressTimeoutMs: settings.noProgressTimeoutSeconds * 1000,
			...(settings.maxOutputTokens ? { maxOutputTokens: settings.maxOutputTokens } : {}),
		});
	};

	const globalState = new SerialMemento(context.globalState);
	// Today's total and the prices learned by served model are both kept in global storage.
	const meter = new UsageMeter(new GlobalSpendLedger(globalState), new PriceBook(new GlobalLearnedStore<LearnedPrices>(globalState, 'flux.learnedPrices')), (usage, source) =>
		log.debug(`paid ${source.kind === 'provider' ? 'language model request (another extension or VS Code\'s chat)' : source.kind}: ${usage.servedModel} ${usage.promptTokens}+${usage.completionTokens} tokens, $${usage.costUsd.toFixed(6)} (${usage.costSource})`));
	const budget = new ContextBudget({
		createClient,
		logger: log,
		limitsStore: new GlobalLearnedStore<LearnedLimits>(globalState, 'flux.learnedLimits'),
		onUsage: (usage) => meter.record(usage, { kind: 'summary' }),
		prices: meter.prices,
	});
	const openSettings = async () => { await vscode.commands.executeCommand('workbench.action.openSettings', '@ext:fluxchat.flux-chat'); };
	const belt: BeltAccess = { host: vscodeToolHost(context.extension.id), choices: new GlobalToolChoices(globalState) };
	return { log, keys, createClient, meter, budget, belt, openSettings, globalState };
}
