import * as vscode from 'vscode';
import type { FluxClient, FluxListedModel } from '../flux/fluxClient';

const suggested = (): readonly { id: string; detail: string }[] => [
	{ id: 'flux-auto', detail: vscode.l10n.t('The router picks a model sized for each turn (recommended)') },
	{ id: 'flux-fast', detail: vscode.l10n.t('Express lane: quick and cheap') },
	{ id: 'flux-standard', detail: vscode.l10n.t('Daily Driver: balanced') },
	{ id: 'flux-reasoning', detail: vscode.l10n.t('Deep Thought: strongest, slowest') },
];

/** What a model picker needs: where to list models from, and what is current. */
export interface PickModelOptions {
	readonly title: string;
	readonly placeholder: string;
	readonly current: string;
	readonly createClient: () => Promise<FluxClient>;
	readonly log: vscode.LogOutputChannel;
	/** Only the `flux-pinned-*` ids (for "Retry with a model…"). */
	readonly pinnedOnly?: boolean;
	/** The listed models, for the prices the list carries (the price book learns pinned models' prices). */
	readonly onListed?: (models: readonly FluxListedModel[]) => void;
}

/**
 * A quick pick of the router ids plus the `flux-pinned-*` ids this key may use
 * (`GET /v1/models`). The list opens at once and fills in when the server answers.
 */
export async function pickModel(options: PickModelOptions): Promise<string | undefined> {
	const { current } = options;
	const pick = vscode.window.createQuickPick<vscode.QuickPickItem>();
	pick.title = options.title;
	pick.placeholder = options.placeholder;
	const items = (pinned: readonly string[]) => [
		...(options.pinnedOnly ? [] : suggested().map(({ id, detail }) => ({ label: id, detail, description: id === current ? vscode.l10n.t('current') : '' }))),
		...(pinned.length ? [{ label: vscode.l10n.t('Pinned models'), kind: vscode.QuickPickItemKind.Separator }] : []),
		...pinned.map((id) => ({ label: id, detail: vscode.l10n.t('Always the same model: fixed tone and tool support'), description: id === current ? vscode.l10n.t('current') : '' })),
	];
	pick.items = items([]);
	pick.busy = true;
	const controller = new AbortController();
	options.createClient()
		.then((client) => client.listModelEntries(controller.signal))
		.then((models) => {
			options.onListed?.(models);
			pick.items = items(models.map((m) => m.id).filter((id) => id.startsWith('flux-pinned-')).sort());
		})
		.catch((error: unknown) => options.log.warn(`could not list models: ${(error as Error).message}`))
		.finally(() => { pick.busy = false; });
	const chosen = await new Promise<string | undefined>((resolve) => {
		pick.onDidAccept(() => resolve(pick.selectedItems[0]?.label));
		pick.onDidHide(() => resolve(undefined));
		pick.show();
	});
	controller.abort();
	pick.dispose();
	return chosen;
}
