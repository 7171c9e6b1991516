// The simulator's model catalogue: the public ids a key may ask for and the backing models
// that serve them. Names follow what public FluxRouter material shows (see shared/flux-api.md);
// windows and capabilities are plausible stand-ins, chosen so that every branch a client
// must handle (no tool support, no images, small and huge windows) exists somewhere.

/** A routing tier, also the price lane of a backing model. */
export type Tier = 'fast' | 'standard' | 'reasoning';

/** Price per 1M tokens of each lane: Express $1, Daily Driver $2, Deep Thought $4. */
export const LANE_PRICE_PER_MILLION: Readonly<Record<Tier, number>> = { fast: 1, standard: 2, reasoning: 4 };

/** A backing model, as reported in `X-Flux-Model`. */
export interface BackingModel {
	readonly name: string;
	readonly lane: Tier;
	readonly contextWindow: number;
	readonly supportsTools: boolean;
	readonly supportsImages: boolean;
	/** Whether the model streams `reasoning_content` before its answer. */
	readonly reasons: boolean;
	readonly inputPerMillion: number;
	readonly outputPerMillion: number;
	/**
	 * This model's prompt tokens per simulator token: the models behind the router use different
	 * tokenizers, so the same request counts differently on each (`usage.prompt_tokens` and the
	 * context-length check both use it). Clients must learn it from usage, as with the real service.
	 */
	readonly tokenRatio: number;
}

function model(name: string, lane: Tier, contextWindow: number, tokenRatio: number, caps: { tools: boolean; images: boolean; reasons: boolean }): BackingModel {
	const price = LANE_PRICE_PER_MILLION[lane];
	return {
		name, lane, contextWindow,
		supportsTools: caps.tools, supportsImages: caps.images, reasons: caps.reasons,
		inputPerMillion: price, outputPerMillion: price, tokenRatio,
	};
}

/**
 * Every backing model the simulator can serve, by name. Token ratios (prompt tokens per simulator
 * token): Claude models count more, DeepSeek and Gemini fewer, GPT-5 the same.
 */
export const BACKING_MODELS: Readonly<Record<string, BackingModel>> = {
	// flux-fast has been seen spending output tokens on reasoning, hence `reasons` here too.
	'claude-haiku': model('claude-haiku', 'fast', 200_000, 1.15, { tools: true, images: true, reasons: true }),
	'claude-sonnet': model('claude-sonnet', 'standard', 200_000, 1.15, { tools: true, images: true, reasons: false }),
	'deepseek-v4': model('deepseek-v4', 'reasoning', 128_000, 0.95, { tools: true, images: false, reasons: true }),
	'gpt-5': model('gpt-5', 'reasoning', 400_000, 1.0, { tools: true, images: true, reasons: true }),
	// The one pinned model without tool support: a request with `tools` gets a 400.
	'gemini-3-flash': model('gemini-3-flash', 'fast', 1_000_000, 0.9, { tools: false, images: true, reasons: false }),
};

/** The backing model serving each tier (for `flux-auto` and the tier aliases). */
export const TIER_MODEL: Readonly<Record<Tier, string>> = {
	fast: 'claude-haiku',
	standard: 'claude-sonnet',
	reasoning: 'deepseek-v4',
};

/** How a public model id is resolved. */
export type ModelRoute =
	| { readonly kind: 'auto' }
	| { readonly kind: 'alias'; readonly tier: Tier }
	| { readonly kind: 'pinned'; readonly model: string };

/** The public ids, in the order `GET /v1/models` lists them. */
export const PUBLIC_MODELS: ReadonlyArray<readonly [string, ModelRoute]> = [
	['flux-auto', { kind: 'auto' }],
	['flux-fast', { kind: 'alias', tier: 'fast' }],
	['flux-standard', { kind: 'alias', tier: 'standard' }],
	['flux-reasoning', { kind: 'alias', tier: 'reasoning' }],
	...Object.keys(BACKING_MODELS).map((name): [string, ModelRoute] => [`flux-pinned-${name}`, { kind: 'pinned', model: name }]),
];

/** Resolves a public id, or undefined when FluxRouter would not know it. */
export function lookupModel(id: string): ModelRoute | undefined {
	return PUBLIC_MODELS.find(([publicId]) => publicId === id)?.[1];
}

/** Fixed `created` stamp for listed models (1 Jan 2026), so listings compare equal across runs. */
const LISTED_AT = 1_767_225_600;

/** One entry of `GET /v1/models`: OpenAI's model object plus FluxRouter-style extras. */
export interface ListedModel {
	readonly id: string;
	readonly object: 'model';
	readonly created: number;
	readonly owned_by: 'fluxrouter';
	readonly context_window: number;
	readonly supports_tools: boolean;
	readonly supports_images: boolean;
	readonly pricing: { readonly input_per_million: number; readonly output_per_million: number };
}

/**
 * The `GET /v1/models` entry for a public id. `flux-auto` advertises its largest tier window and
 * the capabilities of any tier, since the router falls back to a capable model.
 */
export function listedModel(id: string, route: ModelRoute): ListedModel {
	const backing = route.kind === 'pinned' ? [BACKING_MODELS[route.model]]
		: route.kind === 'alias' ? [BACKING_MODELS[TIER_MODEL[route.tier]]]
			: Object.values(TIER_MODEL).map((name) => BACKING_MODELS[name]);
	return {
		id,
		object: 'model',
		created: LISTED_AT,
		owned_by: 'fluxrouter',
		context_window: Math.max(...backing.map((m) => m.contextWindow)),
		supports_tools: backing.some((m) => m.supportsTools),
		supports_images: backing.some((m) => m.supportsImages),
		pricing: {
			input_per_million: Math.min(...backing.map((m) => m.inputPerMillion)),
			output_per_million: Math.min(...backing.map((m) => m.outputPerMillion)),
		},
	};
}
