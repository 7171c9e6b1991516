import { FluxHttpError, FluxNetworkError } from './errors';

/** FluxRouter's documented recipe: at most 5 attempts, backoff from 0.5 s doubling, ≤0.25 s jitter. */
export const maxAttempts = 5;

/**
 * How long to wait before attempt `attempt + 1` after `error` ended attempt `attempt` (1-based),
 * or undefined when the failure must not be retried automatically: 400, 401, 403 and 402s are
 * the user's to fix, and a turn that already produced text is never retried (the caller checks).
 */
export function retryDelayMs(error: unknown, attempt: number, random: () => number = Math.random): number | undefined {
	if (attempt >= maxAttempts) return undefined;
	const transient = error instanceof FluxNetworkError
		|| (error instanceof FluxHttpError && (error.status === 429 || error.status >= 500));
	if (!transient) return undefined;
	if (error instanceof FluxHttpError && error.retryAfterMs !== undefined) return error.retryAfterMs;
	return 500 * 2 ** (attempt - 1) + Math.round(random() * 250);
}
