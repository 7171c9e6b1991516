// How the simulator picks the served model. For `flux-auto` a deterministic difficulty heuristic on
// the last user message picks a tier, then the router checks the tier's model can take the request
// (context window, tools, images) and falls back to the cheapest model that can. Aliases and pinned
// ids get the same checks but no fallback: like the real service, they fail with a 400.

import { BACKING_MODELS, LANE_PRICE_PER_MILLION, TIER_MODEL, lookupModel } from './catalogue';
import { lastUserText } from './chatBody';
import { fluxError } from './faults';
import { countPromptTokens, imageParts, servedPromptTokens } from './tokens';
import type { BackingModel, Tier } from './catalogue';
import type { ChatRequestBody } from './chatBody';
import type { ErrorReply } from './faults';

/** Asks for explicit reasoning: proofs, derivations, step-by-step work, trade-offs, design. */
const REASONING_CUES = /\bstep[- ]by[- ]step\b|\b(?:prove|proof|derive|derivation|trade-?offs?|analy[sz]e|architect(?:ure)?|think (?:carefully|hard|deeply)|reason (?:about|through)|compare and contrast|explain why|complexity)\b/i;

/** Looks like a programming question: code, identifiers, file paths, languages, tooling. */
const CODE_CUES = /```|`[^`]+`|\w\(\)|[\w-]+\/[\w./-]+\.\w+|\b\w+\.(?:ts|tsx|js|jsx|py|rs|go|java|json|md|css|html|c|cpp|cs|rb|sh)\b|\b(?:code|function|method|class|interface|bug|error|exception|stack ?trace|compile[rd]?|typescript|javascript|python|rust|golang|java|sql|regex|refactor|implement|api|unit tests?|debug|variable|array|loop|async|promise|npm|git|selection|selected|search|find)\b/i;

/** Word counts above which a message is long enough for a stronger tier. */
const STANDARD_WORDS = 40;
const REASONING_WORDS = 150;

/**
 * The tier `flux-auto` uses for a message: long messages or explicit reasoning cues → reasoning;
 * code questions or medium-length messages → standard; anything else (small talk) → fast.
 */
export function classifyDifficulty(text: string): Tier {
	const words = text.split(/\s+/).filter((w) => w !== '').length;
	if (words > REASONING_WORDS || REASONING_CUES.test(text)) {
		return 'reasoning';
	}
	if (words > STANDARD_WORDS || CODE_CUES.test(text)) {
		return 'standard';
	}
	return 'fast';
}

/** The router's choice for one request. */
export interface RouteDecision {
	readonly model: BackingModel;
	/** The tier whose style the reply takes (the served model's lane after a fallback). */
	readonly tier: Tier;
	/** `X-Flux-Routed`: true only when the router chose the model (`flux-auto`). */
	readonly routed: boolean;
	/** Prompt tokens as the served model counts them (its tokenizer ratio applied). */
	readonly promptTokens: number;
	/** Prompt tokens by the simulator's own tokenizer, before any model's ratio. */
	readonly simPromptTokens: number;
}

/** What a request needs from the model serving it. */
interface Needs {
	readonly tools: boolean;
	readonly images: boolean;
	/** By the simulator's tokenizer; each model scales it by its own ratio. */
	readonly simPromptTokens: number;
}

const TIER_RANK: Readonly<Record<Tier, number>> = { fast: 0, standard: 1, reasoning: 2 };

/**
 * Resolves the requested id to a served model, or to the error the real service returns:
 * 403 for an id this key may not use, 400 when a fixed model cannot take the request.
 */
export function routeRequest(body: ChatRequestBody, allowedModels?: readonly string[]): RouteDecision | ErrorReply {
	const route = lookupModel(body.model);
	if (route === undefined || (allowedModels !== undefined && !allowedModels.includes(body.model))) {
		return fluxError(403, `The model '${body.model}' does not exist or is not allowed for this key. See GET /v1/models.`, 'permission_error', '403');
	}
	const needs: Needs = {
		tools: (body.tools?.length ?? 0) > 0,
		images: body.messages.some((m) => imageParts(m) > 0),
		simPromptTokens: countPromptTokens(body.messages, body.tools),
	};
	const decide = (model: BackingModel, tier: Tier, routed: boolean): RouteDecision => ({
		model, tier, routed, promptTokens: servedPromptTokens(model, needs.simPromptTokens), simPromptTokens: needs.simPromptTokens,
	});
	if (route.kind !== 'auto') {
		const model = BACKING_MODELS[route.kind === 'pinned' ? route.model : TIER_MODEL[route.tier]];
		const refusal = cannotServe(model, needs, body.model);
		return refusal ?? decide(model, model.lane, false);
	}
	const tier = classifyDifficulty(lastUserText(body.messages));
	const preferred = BACKING_MODELS[TIER_MODEL[tier]];
	if (cannotServe(preferred, needs, body.model) === undefined) {
		return decide(preferred, tier, true);
	}
	// Fall back to the cheapest capable model, preferring the requested tier's lane or above.
	const fallback = Object.values(BACKING_MODELS)
		.filter((m) => cannotServe(m, needs, body.model) === undefined)
		.sort((a, b) => below(a, tier) - below(b, tier) || LANE_PRICE_PER_MILLION[a.lane] - LANE_PRICE_PER_MILLION[b.lane] || a.contextWindow - b.contextWindow)[0];
	if (fallback === undefined) {
		const largest = Object.values(BACKING_MODELS).reduce((a, b) => b.contextWindow > a.contextWindow ? b : a);
		return contextTooLong(servedPromptTokens(largest, needs.simPromptTokens), largest.contextWindow, body.model);
	}
	return decide(fallback, fallback.lane, true);
}

function below(model: BackingModel, tier: Tier): number {
	return TIER_RANK[model.lane] < TIER_RANK[tier] ? 1 : 0;
}

function cannotServe(model: BackingModel, needs: Needs, requested: string): ErrorReply | undefined {
	if (needs.tools && !model.supportsTools) {
		return fluxError(400, `The model '${requested}' (${model.name}) does not support tools. Pin a tool-capable model or use flux-auto.`, 'invalid_request_error', 'tools_not_supported', { param: 'tools' });
	}
	if (needs.images && !model.supportsImages) {
		return fluxError(400, `The model '${requested}' (${model.name}) does not accept images.`, 'invalid_request_error', 'images_not_supported');
	}
	const promptTokens = servedPromptTokens(model, needs.simPromptTokens);
	if (promptTokens > model.contextWindow) {
		return contextTooLong(promptTokens, model.contextWindow, requested);
	}
	return undefined;
}

function contextTooLong(promptTokens: number, window: number, requested: string): ErrorReply {
	const reply = fluxError(400, `This request has about ${promptTokens} tokens, more than the ${window}-token context window of '${requested}'. Trim the conversation or pin a long-context model.`, 'invalid_request_error', 'context_length_exceeded', { param: 'messages' });
	return { ...reply, context: { promptTokens, window } };
}

/** Type guard: did routing fail? */
export function isErrorReply(value: RouteDecision | ErrorReply): value is ErrorReply {
	return 'status' in value;
}
