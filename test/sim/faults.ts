// Failures on demand, shaped like FluxRouter's: a JSON body `{"error":{"message","type","code"}}`
// for the API's own errors, a CDN's plain-text 502, and the ways a stream breaks after its first
// byte (a dropped connection, a malformed line, an error frame, a stall).

/** FluxRouter's error body. `code` is a string; some codes are the status (`"403"`). */
export interface FluxErrorBody {
	readonly error: {
		readonly message: string;
		readonly type: string;
		readonly code: string;
		/** The request field the error is about (`tools`, `messages`...), when it is about one. */
		readonly param?: string;
		/** Seconds until the hourly safety limit lifts (402 `hourly_limit_reached` only). */
		readonly retry_after?: number;
	};
}

/** The Anthropic-compatible base's error body: `{"type":"error","error":{"type","message"}}`. */
export interface AnthropicErrorBody {
	readonly type: 'error';
	readonly error: { readonly type: string; readonly message: string; readonly retry_after?: number };
}

/** An error response before any byte of a reply: status, body (JSON or plain text) and headers. */
export interface ErrorReply {
	readonly status: number;
	readonly body: FluxErrorBody | AnthropicErrorBody | string;
	readonly headers: Readonly<Record<string, string>>;
	/** The counts behind a `context_length_exceeded`, so the Anthropic base can word it its own way. */
	readonly context?: { readonly promptTokens: number; readonly window: number };
}

/** The kinds of 402 the documentation lists. */
export type BillingReason =
	| 'monthly_credit'
	| 'hourly_limit'
	| 'model_not_in_plan'
	| 'premium_needs_card'
	| 'premium_unavailable'
	| 'free_allowance'
	| 'account_on_hold';

/**
 * A scripted failure. Status-like faults replace the reply; `afterChunks` faults break a stream
 * after that many reasoning/content/tool-call chunks (on a non-streaming request they act before
 * the body). `oversize` is a success whose content exceeds `bytes` (default 1.1 MB).
 */
export type SimFault =
	| { readonly kind: 'http'; readonly status: number; readonly message?: string; readonly type?: string; readonly code?: string; readonly param?: string } & RetryAfterFault
	| { readonly kind: 'billing'; readonly reason: BillingReason; readonly retryAfter?: number }
	| { readonly kind: 'rateLimited'; readonly message?: string } & RetryAfterFault
	| { readonly kind: 'cdn502' }
	/** Silence for `seconds`; with `keepAliveMs`, only the wire's keep-alive (a `: keep-alive` comment, an Anthropic `ping`) at that interval. */
	| { readonly kind: 'stall'; readonly seconds: number; readonly afterChunks?: number; readonly keepAliveMs?: number }
	| { readonly kind: 'drop'; readonly afterChunks: number }
	| { readonly kind: 'malformedLine'; readonly afterChunks?: number; readonly line?: string }
	| { readonly kind: 'errorFrame'; readonly afterChunks?: number; readonly message?: string; readonly type?: string; readonly code?: string }
	| { readonly kind: 'oversize'; readonly bytes?: number }
	| { readonly kind: 'overloaded'; readonly message?: string };

/**
 * The waits an HTTP fault may ask for: `retryAfter` is sent as `Retry-After`, seconds as a number,
 * a string verbatim (an HTTP-date, or garbage to test that it is ignored); `retryAfterMs` as
 * `retry-after-ms`.
 */
export interface RetryAfterFault {
	readonly retryAfter?: number | string;
	readonly retryAfterMs?: number;
}

/** Builds a JSON error reply. */
export function fluxError(status: number, message: string, type: string, code: string = String(status), extra: { retry_after?: number; param?: string } = {}): ErrorReply {
	return { status, body: { error: { message, type, code, ...extra } }, headers: {} };
}

const STATUS_DEFAULTS: Readonly<Record<number, readonly [message: string, type: string]>> = {
	400: ['Bad request.', 'invalid_request_error'],
	401: ['Invalid API key.', 'authentication_error'],
	402: ['Payment required.', 'billing_error'],
	403: ['This key is not allowed to use this model.', 'permission_error'],
	404: ['Not found.', 'not_found_error'],
	408: ['Request timed out.', 'timeout_error'],
	429: ['Rate limit exceeded. Slow down and retry.', 'rate_limit_error'],
	500: ['Internal server error.', 'server_error'],
	502: ['Bad gateway: the upstream model failed.', 'server_error'],
	503: ['Service temporarily unavailable.', 'server_error'],
	504: ['Upstream model timed out.', 'server_error'],
};

const BILLING: Readonly<Record<BillingReason, readonly [code: string, message: (model: string) => string]>> = {
	monthly_credit: ['monthly_credit_exhausted', () => 'Your monthly credit is used up. Add credit or wait for the next billing period.'],
	hourly_limit: ['hourly_limit_reached', () => 'Hourly safety limit reached. Spending resumes when the window ends (see retry_after).'],
	model_not_in_plan: ['model_not_in_plan', (model) => `The model '${model}' is not included in your plan. Upgrade or choose another model.`],
	premium_needs_card: ['premium_requires_card', () => 'Premium routing needs a payment card on file. Add a card, or use flux-fast or flux-standard.'],
	premium_unavailable: ['premium_unavailable', () => 'Premium routing is temporarily unavailable. Retry in about 5 seconds, or use flux-fast or flux-standard.'],
	free_allowance: ['free_allowance_exhausted', () => 'Your free allowance is used up. Upgrade your plan to keep going.'],
	account_on_hold: ['account_on_hold', () => 'Your account is on hold. Contact support.'],
};

/** The documented message and code of a 402 kind, for tests to compare against. */
export function billingError(reason: BillingReason, model: string, retryAfter = 1800): ErrorReply {
	const [code, message] = BILLING[reason];
	return fluxError(402, message(model), 'billing_error', code, reason === 'hourly_limit' ? { retry_after: retryAfter } : {});
}

/** The default message of the `overloaded` fault (Anthropic's own wording). */
export const OVERLOADED_MESSAGE = 'Overloaded';

/** The CDN's 502: not JSON, no FluxRouter headers. */
export const CDN_502: ErrorReply = { status: 502, body: 'error code: 502', headers: { 'content-type': 'text/plain; charset=UTF-8' } };

/** The reply a status-like fault produces instead of a completion, or undefined for stream faults. */
export function faultErrorReply(fault: SimFault, requestedModel: string): ErrorReply | undefined {
	switch (fault.kind) {
		case 'http': {
			const [message, type] = STATUS_DEFAULTS[fault.status] ?? [`HTTP ${fault.status}.`, fault.status >= 500 ? 'server_error' : 'invalid_request_error'];
			const reply = fluxError(fault.status, fault.message ?? message, fault.type ?? type, fault.code ?? String(fault.status), fault.param ? { param: fault.param } : {});
			return withRetryAfter(reply, fault);
		}
		case 'billing':
			return billingError(fault.reason, requestedModel, fault.retryAfter);
		case 'rateLimited':
			return withRetryAfter(fluxError(429, fault.message ?? STATUS_DEFAULTS[429][0], 'rate_limit_error', '429'), fault);
		case 'cdn502':
			return CDN_502;
		case 'overloaded':
			// A 503 here; the Anthropic base turns the `overloaded` code into its own 529.
			return fluxError(503, fault.message ?? OVERLOADED_MESSAGE, 'server_error', 'overloaded');
		default:
			return undefined;
	}
}

function withRetryAfter(reply: ErrorReply, { retryAfter, retryAfterMs }: RetryAfterFault): ErrorReply {
	return {
		...reply,
		headers: {
			...reply.headers,
			...(retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : {}),
			...(retryAfterMs !== undefined ? { 'retry-after-ms': String(retryAfterMs) } : {}),
		},
	};
}

/** The `data:` payload of an error frame sent mid-stream. */
export function errorFrameBody(fault: Extract<SimFault, { kind: 'errorFrame' }>): FluxErrorBody {
	return {
		error: {
			message: fault.message ?? 'The upstream model failed mid-stream.',
			type: fault.type ?? 'server_error',
			code: fault.code ?? '500',
		},
	};
}

/** The default malformed SSE line: a JSON chunk cut off half-way. */
export const MALFORMED_LINE = 'data: {"id":"chatcmpl-broken","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"hal';
