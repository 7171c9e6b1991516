/**
 * Typed failures of a Flux request. Callers classify them by type and status, never by the text
 * of a message.
 */

/** FluxRouter answered with an HTTP error status. */
export class FluxHttpError extends Error {
	override readonly name = 'FluxHttpError';
	constructor(
		readonly status: number,
		message: string,
		/** `error.type` / `error.code` from the body, when it parsed. */
		readonly type: string | undefined,
		readonly code: string | undefined,
		/** From `Retry-After` (seconds) or the body's `retry_after`, in milliseconds. */
		readonly retryAfterMs: number | undefined,
		readonly requestId: string | undefined,
	) {
		super(message);
	}
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
		super('The request was stopped.');
	}
}

/** The stream ended without finishing: no finish_reason arrived before the connection closed. */
export class FluxIncompleteError extends Error {
	override readonly name = 'FluxIncompleteError';
	constructor() {
		super('The connection ended before the reply was finished.');
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
