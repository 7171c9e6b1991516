import * as vscode from 'vscode';
import type { ModelChoiceView } from '../protocol/messages';

/**
 * The status-bar entry that shows the model the open conversation's next turn asks for (its pin,
 * else the `flux.model` default) and opens the model picker; its hover offers Test Connection and
 * Set API Key.
 */
export class ModelStatusItem implements vscode.Disposable {
	private readonly item = vscode.window.createStatusBarItem('flux.model', vscode.StatusBarAlignment.Right, 100);

	constructor(choice: ModelChoiceView) {
		this.item.name = vscode.l10n.t('Flux Model');
		this.item.command = 'flux.selectModel';
		this.update(choice);
		this.item.show();
	}

	/** What the item shows now (for the integration tests). */
	get text(): string {
		return this.item.text;
	}

	update(choice: ModelChoiceView): void {
		const { model, pin, defaultModel } = choice;
		this.item.text = pin ? `$(pinned) ${model}` : `$(sparkle) ${model}`;
		const said = pin
			? vscode.l10n.t('Flux: this conversation is pinned to {0} (the default is {1}). Click to change the default.', pin, defaultModel)
			: vscode.l10n.t('Flux: the next turn asks for {0}. Click to change.', model);
		// Command links in the hover: the item's click stays the model picker, the connection test is one hover away.
		const tooltip = new vscode.MarkdownString(`${said}\n\n[$(plug) ${vscode.l10n.t('Test Connection')}](command:flux.testConnection "${vscode.l10n.t('Flux: Test Connection')}") · [$(key) ${vscode.l10n.t('Set API Key')}](command:flux.setApiKey "${vscode.l10n.t('Flux: Set API Key')}")`, true);
		tooltip.isTrusted = { enabledCommands: ['flux.testConnection', 'flux.setApiKey'] };
		this.item.tooltip = tooltip;
		this.item.accessibilityInformation = { label: pin ? vscode.l10n.t('Flux model: {0}, pinned for this conversation. Select Model', model) : vscode.l10n.t('Flux model: {0}. Select Model', model) };
	}

	dispose(): void {
		this.item.dispose();
	}
}
