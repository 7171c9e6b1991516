import { t } from '@vscode/l10n';
import type { FluxListedModel } from '../flux/openai/openaiTransport';
import { defaultWindowTokens, replyReserveTokens } from '../chat/context/contextBudget';

/** What VS Code's model picker lists for one Flux id (the provider's LanguageModelChatInformation). */
export interface LmModelInfo {
	readonly id: string;
	readonly name: string;
	readonly family: string;
	readonly version: string;
	readonly tooltip: string;
	readonly maxInputTokens: number;
	readonly maxOutputTokens: number;
	readonly capabilities: { readonly toolCalling: boolean; readonly imageInput: boolean };
}

/** Always offered with a key: the router and its three tiers (every key may use them). */
const routerModels = (): ReadonlyArray<readonly [string, string, string]> => [
	['flux-auto', t('Flux Auto (routed)'), t('The router picks a model sized for each request.')],
	['flux-fast', 'Flux Fast', t('Express lane: cheap and quick.')],
	['flux-standard', 'Flux Standard', t('Daily Driver.')],
	['flux-reasoning', 'Flux Reasoning', t('Deep Thought: the strongest tier, for hard questions.')],
];

const pinnedPrefix = 'flux-pinned-';

/**
 * The models to offer: flux-auto and the three tiers, then the key's `flux-pinned-*` ids, each
 * sized by what `GET /v1/models` reports (`context_window`, else FluxRouter's advised 128,000).
 * A reply may use the room the context budget keeps free for one (8,192, or a quarter of a small
 * window); the input is what is left of the window. Tool calling is what the list says (`supports_tools`), else
 * assumed: the router and tiers fall back to a tool-capable model, and a pinned model that
 * refuses tools answers a clear 400. `entries` undefined means the list could not be read: the
 * router ids are still offered, with the defaults.
 */
export function modelInformation(entries: readonly FluxListedModel[] | undefined): LmModelInfo[] {
	const listed = new Map((entries ?? []).map((e) => [e.id, e]));
	const info = (id: string, name: string, family: string, tooltip: string): LmModelInfo => {
		const entry = listed.get(id);
		const window = entry?.contextWindow ?? defaultWindowTokens;
		const maxOutputTokens = replyReserveTokens(window);
		return {
			id, name, family, version: id, tooltip,
			maxInputTokens: window - maxOutputTokens,
			maxOutputTokens,
			capabilities: { toolCalling: entry?.supportsTools ?? true, imageInput: false },
		};
	};
	const pinned = [...listed.keys()].filter((id) => id.startsWith(pinnedPrefix) && id.length > pinnedPrefix.length);
	return [
		...routerModels().map(([id, name, tooltip]) => info(id, name, id, tooltip)),
		...pinned.map((id) => {
			const backing = id.slice(pinnedPrefix.length);
			return info(id, t('Flux {0} (pinned)', backing), backing, t('Always {0}, through FluxRouter.', backing));
		}),
	];
}
