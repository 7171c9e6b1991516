import { FluxHttpError, FluxNetworkError, isHourlyLimit } from '../errors';

/** FluxRouter's documented recipe: at most 5 attempts, backoff from 0.5 s doubling, ≤0.25 s jitter. */
export const maxAttempts = 5;

/**
 * The longest wait the server may ask for that a turn sits through (with a countdown). A longer
 * one ends the turn at once with the time to wait: holding it open for an hour helps nobody.
 */
export const maxRetryWaitMs = 60_000;

/**
 * How long to wait before attempt `attempt + 1` after `error` ended attempt `attempt` (1-based),
 * or undefined when the failure must not be retried automatically: 400, 401, 403 and 402s are
 * the user's to fix, except the hourly limit's 402 when it lifts within {@link maxRetryWaitMs}; a
 * wait asked for by the server beyond that is not sat through either (see {@link waitTooLong}).
 * A turn that already produced text is never retried (the caller checks).
 */
export function retryDelayMs(error: unknown, attempt: number, random: () => number = Math.random): number | undefined {
	if (attempt >= maxAttempts) return undefined;
	const transient = error instanceof FluxNetworkError
		|| (error instanceof FluxHttpError && (error.status === 429 || error.status >= 500))
		|| (isHourlyLimit(error) && (error as FluxHttpError).retryAfterMs !== undefined);
	if (!transient || waitTooLong(error)) return undefined;
	if (error instanceof FluxHttpError && error.retryAfterMs !== undefined) return error.retryAfterMs;
	return 500 * 2 ** (attempt - 1) + Math.round(random() * 250);
}

/**
 * The server asked for a wait longer than {@link maxRetryWaitMs} (a 429's or 5xx's `Retry-After`,
 * the hourly limit's `retry_after`): the request is not retried and the user is told how long.
 */
export function waitTooLong(error: unknown): boolean {
	return error instanceof FluxHttpError && error.retryAfterMs !== undefined && error.retryAfterMs > maxRetryWaitMs
		&& (error.status === 429 || error.status >= 500 || isHourlyLimit(error));
}
