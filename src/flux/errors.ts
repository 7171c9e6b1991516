import { t } from '@vscode/l10n';

/**
 * Typed failures of a Flux request. Callers classify them by type and status, never by the text
 * of a message.
 */

/** What an error body and its headers said besides the message, each only when present. */
export interface FluxHttpErrorDetails {
	/** `error.type` from the body, e.g. `invalid_request_error`. */
	readonly type?: string;
	/** `error.code` from the body, as a string (`context_length_exceeded`, `"403"`...). */
	readonly code?: string;
	/** `error.param` from the body: the request field the error is about (`tools`, `messages`...). */
	readonly param?: string;
	/** From `retry-after-ms`, `Retry-After` (seconds or an HTTP-date) or the body's `retry_after`. */
	readonly retryAfterMs?: number;
	readonly requestId?: string;
}

/** FluxRouter answered with an HTTP error status. */
export class FluxHttpError extends Error {
	override readonly name = 'FluxHttpError';
	readonly type: string | undefined;
	readonly code: string | undefined;
	readonly param: string | undefined;
	readonly retryAfterMs: number | undefined;
	readonly requestId: string | undefined;
	constructor(readonly status: number, message: string, details: FluxHttpErrorDetails = {}) {
		super(message);
		this.type = details.type;
		this.code = details.code;
		this.param = details.param;
		this.retryAfterMs = details.retryAfterMs;
		this.requestId = details.requestId;
	}
}

/**
 * What a 400 is about, from its code and param (never its message): the prompt is over the
 * model's window, the model takes no tools, or something else.
 */
export type BadRequestKind = 'contextLength' | 'tools' | 'other';

/** Codes and params that say a request was refused because of the tools it offered. */
const toolCodes: ReadonlySet<string> = new Set(['tools_not_supported', 'tool_use_not_supported', 'function_calling_not_supported']);
const toolParams: ReadonlySet<string> = new Set(['tools', 'tool_choice', 'functions', 'function_call']);

/**
 * True when a server refused `stream_options` (some answer 400 or 422 naming it): the request
 * goes again without it, since usage is only ever a bonus.
 */
export function rejectsStreamOptions(error: unknown): boolean {
	return error instanceof FluxHttpError && (error.status === 400 || error.status === 422) && error.param?.replace(/[[.].*$/, '') === 'stream_options';
}

/** Classifies a 400 by its `code` and `param`; undefined for any other error. */
export function badRequestKind(error: unknown): BadRequestKind | undefined {
	if (!(error instanceof FluxHttpError) || error.status !== 400) return undefined;
	if (error.code === 'context_length_exceeded') return 'contextLength';
	if ((error.code !== undefined && toolCodes.has(error.code)) || (error.param !== undefined && toolParams.has(error.param.replace(/[[.].*$/, '')))) return 'tools';
	return 'other';
}

/** FluxRouter's 402 for its hourly safety limit: it says when spending resumes (`retry_after`). */
export function isHourlyLimit(error: unknown): boolean {
	return error instanceof FluxHttpError && error.status === 402 && error.code === 'hourly_limit_reached';
}

/** No HTTP answer: refused, reset, DNS, TLS, timed out, or the stream broke off. */
export class FluxNetworkError extends Error {
	override readonly name = 'FluxNetworkError';
	constructor(message: string, readonly timedOut = false) {
		super(message);
	}
}

/** The caller aborted the request (the user pressed Stop). */
export class FluxAbortError extends Error {
	override readonly name = 'FluxAbortError';
	constructor() {
		super(t('The request was stopped.'));
	}
}

/** The stream ended without finishing: no finish_reason arrived before the connection closed. */
export class FluxIncompleteError extends Error {
	override readonly name = 'FluxIncompleteError';
	constructor() {
		super(t('The connection ended before the reply was finished.'));
	}
}

/**
 * The stream stayed open (keep-alives, pings, empty chunks) but brought no answer text, reasoning
 * or tool call for `timeoutMs`. Not a network failure: retrying on its own would hold the turn
 * that long again, so it is the user's to retry.
 */
export class FluxNoProgressError extends Error {
	override readonly name = 'FluxNoProgressError';
	constructor(readonly timeoutMs: number) {
		super(t('FluxRouter kept the stream open but sent no answer, reasoning or tool call for {0} s; the reply was given up.', Math.round(timeoutMs / 1000)));
	}
}

/** The answer was not in FluxRouter's format (an unparsable stream line, for instance). */
export class FluxProtocolError extends Error {
	override readonly name = 'FluxProtocolError';
}

/** The client is not set up: no API key, or a base URL that cannot work. */
export class FluxConfigError extends Error {
	override readonly name = 'FluxConfigError';
	constructor(readonly reason: 'noApiKey' | 'badBaseUrl', message: string) {
		super(message);
	}
}

