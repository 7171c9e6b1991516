// The path every completion request takes once its wire format has been read into the internal
// (OpenAI-like) body: routing, the script queue, faults, the served model, token counts, the plan
// and the X-Flux headers. Only the last step, putting the reply on the wire, and the wording of
// errors differ between the OpenAI-compatible and the Anthropic-compatible base.

import { BACKING_MODELS, LANE_PRICE_PER_MILLION } from './catalogue';
import { maxOutputTokens } from './chatBody';
import { CDN_502, faultErrorReply, fluxError } from './faults';
import { defaultReply } from './replies';
import { fixedChunks, oversizeText, planReply } from './replyPlan';
import { isErrorReply, routeRequest } from './router';
import { hasStreamFixture, readStreamFixture } from './streamFixtures';
import { countTokens, formatCost, servedPromptTokens, usageFor } from './tokens';
import type { BackingModel } from './catalogue';
import type { ChatRequestBody } from './chatBody';
import type { CompletionContext } from './completionWriter';
import type { ErrorReply } from './faults';
import type { SimConfig } from './fluxSimulator';
import type { ReplyPlan } from './replyPlan';
import type { MutableRequestRecord } from './requestLog';
import type { Responder } from './responder';
import type { RouteDecision } from './router';
import type { ScriptedReply, SimScript } from './simScript';

/** Body size of the `oversize` fault when it names none: just over 1 MB. */
const OVERSIZE_BYTES = 1_100_000;

/** What one wire format brings to the shared path. */
export interface Wire {
	/** Rewords an error (built in FluxRouter's OpenAI shape) the way this base sends it. */
	readonly error: (failure: ErrorReply) => ErrorReply;
	/** Headers every answer of this base carries (`X-Flux-Request-Id`, ...). */
	readonly baseHeaders: Readonly<Record<string, string>>;
	/** The reply's id (`chatcmpl-sim-000001`, `msg_sim_000001`). */
	readonly completionId: string;
	/** Tool call ids are this plus `_0`, `_1`... */
	readonly callIdPrefix: string;
	/** Writes the planned reply, streamed or as one body. */
	readonly write: (r: Responder, ctx: CompletionContext, plan: ReplyPlan) => Promise<void>;
}

/** The simulator state the shared path reads. */
export interface CompletionEnv {
	readonly script: SimScript;
	readonly config: SimConfig;
}

/** Serves a validated completion request in `wire`'s format. */
export async function serveCompletion(env: CompletionEnv, r: Responder, record: MutableRequestRecord, body: ChatRequestBody, wire: Wire): Promise<void> {
	record.requestedModel = body.model;
	record.stream = body.stream === true;
	const failureHeaders = { ...wire.baseHeaders, 'x-flux-original-model': body.model };
	const decision = routeRequest(body, env.config.allowedModels ?? undefined);
	if (isErrorReply(decision)) {
		return sendError(r, wire.error(decision), failureHeaders);
	}
	const scripted = env.script.shift();
	record.scripted = scripted !== undefined;
	record.fault = scripted?.fault?.kind;
	await r.sleep(scripted?.headerDelayMs ?? 0);
	const fault = scripted?.fault;
	if (fault !== undefined) {
		const failure = faultErrorReply(fault, body.model);
		if (failure !== undefined) {
			// The CDN's 502 never reaches FluxRouter: no headers of its own, not reworded.
			return failure === CDN_502 ? sendError(r, failure, {}) : sendError(r, wire.error(failure), failureHeaders);
		}
		if (fault.kind === 'stall' && fault.afterChunks === undefined) {
			await r.sleep(fault.seconds * 1000);
		}
	}
	if (r.gone) {
		return;
	}
	const model = servedModel(scripted?.model, decision);
	record.servedModel = model.name;
	record.routed = decision.routed;
	record.promptTokens = model === decision.model ? decision.promptTokens : servedPromptTokens(model, decision.simPromptTokens);
	const flux = { ...wire.baseHeaders, ...successHeaders(model, body.model, decision.routed) };
	if (scripted?.fixture !== undefined) {
		return replayFixture(r, record, scripted, flux, wire);
	}
	const plan = planFor(body, decision, model, scripted, wire.callIdPrefix);
	record.completionTokens = plan.completionTokens;
	const usage = { ...usageFor(model, record.promptTokens, plan.completionTokens), ...scripted?.usage };
	const headers = withScriptedHeaders({ ...flux, ...(record.stream ? {} : { 'x-flux-cost-usd': formatCost(usage.cost_usd) }) }, scripted);
	const ctx: CompletionContext = {
		completionId: wire.completionId,
		created: Math.floor(Date.now() / 1000),
		requestedModel: body.model,
		headers,
		usage,
		includeUsage: body.stream_options?.include_usage === true,
		ttftMs: scripted?.ttftMs ?? env.config.ttftMs,
		tokenDelayMs: scripted?.tokenDelayMs ?? env.config.tokenDelayMs,
		fault,
	};
	await wire.write(r, ctx, plan);
}

/** The X-Flux headers of a successful answer (the cost header is added for non-streaming ones). */
export function successHeaders(served: BackingModel, requested: string, routed: boolean): Record<string, string> {
	return {
		'x-flux-model': served.name,
		'x-flux-original-model': requested,
		'x-flux-routed': String(routed),
		'x-flux-model-window': String(served.contextWindow),
		'x-flux-routed-model': served.name,
	};
}

/** Sends an error reply (JSON or plain text) with `headers`. */
export function sendError(r: Responder, failure: ErrorReply, headers: Readonly<Record<string, string>>): void {
	const isJson = typeof failure.body !== 'string';
	r.reply(failure.status, {
		...headers,
		...(isJson ? { 'content-type': 'application/json' } : {}),
		...failure.headers,
	}, isJson ? JSON.stringify(failure.body) : String(failure.body));
}

/** Sends a corpus file as the body, byte for byte, with the headers a streamed reply gets. */
function replayFixture(r: Responder, record: MutableRequestRecord, scripted: ScriptedReply, flux: Record<string, string>, wire: Wire): void {
	const fixture = scripted.fixture!;
	if (!record.stream) {
		return sendError(r, wire.error(fluxError(400, `The stream fixture "${fixture}" answers streaming requests only.`, 'invalid_request_error')), wire.baseHeaders);
	}
	if (!hasStreamFixture(fixture)) {
		return sendError(r, wire.error(fluxError(500, `No stream fixture named "${fixture}".`, 'server_error')), wire.baseHeaders);
	}
	r.head(200, withScriptedHeaders({ ...flux, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' }, scripted));
	r.endBytes(readStreamFixture(fixture));
}

/** Applies a scripted reply's `headers`: a value sets a header, null removes it. */
function withScriptedHeaders(headers: Record<string, string>, scripted: ScriptedReply | undefined): Record<string, string> {
	for (const [name, value] of Object.entries(scripted?.headers ?? {})) {
		if (value === null) {
			delete headers[name.toLowerCase()];
		} else {
			headers[name.toLowerCase()] = value;
		}
	}
	return headers;
}

function planFor(body: ChatRequestBody, decision: RouteDecision, model: BackingModel, scripted: ScriptedReply | undefined, callIdPrefix: string): ReplyPlan {
	if (scripted?.fault?.kind === 'oversize') {
		const content = oversizeText(scripted.fault.bytes ?? OVERSIZE_BYTES);
		const plan = planReply({ reasoning: '', content: '', toolCalls: [] }, { ...scripted, content: undefined, chunks: fixedChunks(content, 4096) }, callIdPrefix, undefined);
		return { ...plan, completionTokens: countTokens(content) };
	}
	return planReply(defaultReply(body, decision.tier, model), scripted, callIdPrefix, maxOutputTokens(body));
}

/** A scripted served model: from the catalogue, or a stand-in billed at the standard lane. */
function servedModel(name: string | undefined, decision: RouteDecision): BackingModel {
	if (name === undefined) {
		return decision.model;
	}
	const price = LANE_PRICE_PER_MILLION.standard;
	return BACKING_MODELS[name] ?? {
		name, lane: 'standard', contextWindow: 128_000, supportsTools: true, supportsImages: true, reasons: false,
		inputPerMillion: price, outputPerMillion: price, tokenRatio: 1,
	};
}
