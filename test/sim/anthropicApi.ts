// FluxRouter's Anthropic-compatible base (`/anthropic`): `POST /v1/messages` and
// `POST /v1/messages/count_tokens`. Requests are checked and read here, then served by the same
// path as the OpenAI base (routing, script, faults, default replies, token counts); only the
// wire shape of answers and errors is Anthropic's.

import { invalidMessagesBody, toChatBody } from './anthropicBody';
import { writeAnthropicJson, writeAnthropicStream } from './anthropicWriter';
import { sendError, serveCompletion, successHeaders } from './completion';
import { fluxError } from './faults';
import { isErrorReply, routeRequest } from './router';
import type { IncomingMessage } from 'node:http';
import type { MessagesRequestBody } from './anthropicBody';
import type { ChatRequestBody } from './chatBody';
import type { CompletionEnv } from './completion';
import type { AnthropicErrorBody, ErrorReply } from './faults';
import type { MutableRequestRecord } from './requestLog';
import type { Responder } from './responder';

/** The path prefix of the Anthropic-compatible base. */
export const ANTHROPIC_BASE_PATH = '/anthropic';

/** What the Anthropic base needs from the simulator besides the shared state. */
export interface AnthropicEnv extends CompletionEnv {
	/** Why a key is refused (OpenAI-shaped), or undefined when it is accepted. */
	keyFailure(key: string | undefined, missingMessage: string): ErrorReply | undefined;
}

/** True for `/anthropic` and every path under it. */
export function isAnthropicPath(path: string): boolean {
	return path === ANTHROPIC_BASE_PATH || path.startsWith(`${ANTHROPIC_BASE_PATH}/`);
}

/** Serves one request under `/anthropic`; `tooLarge` when its body went over the limit. */
export async function serveAnthropic(env: AnthropicEnv, req: IncomingMessage, path: string, record: MutableRequestRecord, r: Responder, tooLarge: boolean): Promise<void> {
	const headers = { 'x-flux-request-id': record.id, 'request-id': record.id };
	const fail = (failure: ErrorReply): void => sendError(r, anthropicError(failure), headers);
	if (tooLarge) {
		return fail(fluxError(413, 'Request body too large.', 'request_too_large'));
	}
	const apiKey = req.headers['x-api-key'];
	const key = typeof apiKey === 'string' ? apiKey.trim() : /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
	const refused = env.keyFailure(key, 'Missing API key. Send it as x-api-key: sk-... or Authorization: Bearer sk-...');
	if (refused !== undefined) {
		return fail(refused);
	}
	const isMessages = path === `${ANTHROPIC_BASE_PATH}/v1/messages`;
	const isCount = path === `${ANTHROPIC_BASE_PATH}/v1/messages/count_tokens`;
	if (req.method !== 'POST' || (!isMessages && !isCount)) {
		return fail(fluxError(404, `Not found: ${req.method ?? 'GET'} ${path}. The Anthropic-compatible base serves POST /anthropic/v1/messages and POST /anthropic/v1/messages/count_tokens.`, 'not_found_error'));
	}
	if (typeof record.body === 'string' || record.body === undefined) {
		return fail(fluxError(400, 'The request body is not valid JSON.', 'invalid_request_error'));
	}
	const invalid = invalidMessagesBody(record.body, isMessages);
	if (invalid !== undefined) {
		return fail(fluxError(400, invalid, 'invalid_request_error'));
	}
	const body = toChatBody(record.body as MessagesRequestBody);
	if (isCount) {
		return countTokens(env, r, record, body, headers);
	}
	await serveCompletion(env, r, record, body, {
		error: anthropicError,
		baseHeaders: headers,
		completionId: record.id.replace('req_sim_', 'msg_sim_'),
		callIdPrefix: record.id.replace('req_sim_', 'toolu_sim_'),
		write: (w, ctx, plan) => (body.stream === true ? writeAnthropicStream(w, ctx, plan) : writeAnthropicJson(w, ctx, plan)),
	});
}

/**
 * `{"input_tokens": N}`: the prompt tokens a messages request with this body would be recorded
 * with (routed the same way, so the same served model and token ratio). Takes no scripted reply.
 */
function countTokens(env: CompletionEnv, r: Responder, record: MutableRequestRecord, body: ChatRequestBody, headers: Readonly<Record<string, string>>): void {
	record.requestedModel = body.model;
	const decision = routeRequest(body, env.config.allowedModels ?? undefined);
	if (isErrorReply(decision)) {
		return sendError(r, anthropicError(decision), { ...headers, 'x-flux-original-model': body.model });
	}
	record.servedModel = decision.model.name;
	record.routed = decision.routed;
	record.promptTokens = decision.promptTokens;
	r.reply(200, { ...headers, ...successHeaders(decision.model, body.model, decision.routed), 'content-type': 'application/json' },
		JSON.stringify({ input_tokens: decision.promptTokens }));
}

/**
 * Rewords an error built in the OpenAI shape as the Anthropic base sends it: server errors are
 * `api_error` (`overloaded_error` at 529), the `overloaded` fault is a 529 `overloaded_error`, a prompt over the window gets
 * Anthropic's wording. The CDN's plain-text 502 stays as it is (it never reaches FluxRouter).
 * `code` and `param` have no place in this shape; a 402's `retry_after` is kept.
 */
export function anthropicError(failure: ErrorReply): ErrorReply {
	if (typeof failure.body === 'string' || 'type' in failure.body) {
		return failure;
	}
	const { message, type, code, retry_after: retryAfter } = failure.body.error;
	const overloaded = code === 'overloaded';
	const serverType = overloaded || failure.status === 529 ? 'overloaded_error' : 'api_error';
	const body: AnthropicErrorBody = {
		type: 'error',
		error: {
			type: type === 'server_error' ? serverType : type,
			message: failure.context === undefined ? message : `prompt is too long: ${failure.context.promptTokens} tokens > ${failure.context.window} maximum`,
			...(retryAfter === undefined ? {} : { retry_after: retryAfter }),
		},
	};
	return { status: overloaded ? 529 : failure.status, body, headers: failure.headers };
}
