import { FluxAbortError } from '../errors';
import type { FluxChatRequest, FluxClient, FluxStreamHandlers, FluxStreamResult } from '../fluxClient';
import type { Logger } from '../logger';
import { maxAttempts, retryDelayMs } from './retryPolicy';

/** A wait before another attempt, reported before it starts (for a countdown). */
export interface RetryWait {
	/** 1-based number of the attempt that failed. */
	readonly attempt: number;
	readonly maxAttempts: number;
	readonly delayMs: number;
	/** Epoch milliseconds when the next attempt starts. */
	readonly retryAt: number;
	/** Why the attempt failed (a typed Flux error). */
	readonly error: unknown;
}

/** How a retrying call gets its client, waits, and reports each wait. */
export interface RetryingCall {
	/** A client for each attempt: the key or base URL may have changed in between. */
	readonly createClient: () => Promise<FluxClient>;
	readonly logger: Logger;
	readonly onRetry?: (wait: RetryWait) => void;
	/** Waits `ms`, or rejects with FluxAbortError when `signal` fires (replaceable in tests). */
	readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/**
 * One streamed completion with FluxRouter's documented retries: transient failures (429, 5xx,
 * network) are tried again after the server's Retry-After or a jittered backoff, at most
 * {@link maxAttempts} times, and only while the attempt has streamed nothing. Once text or
 * reasoning has arrived the failure is the caller's, since a retry would repeat what the user saw.
 */
export async function streamChatWithRetries(request: FluxChatRequest, signal: AbortSignal, handlers: FluxStreamHandlers, call: RetryingCall): Promise<FluxStreamResult> {
	const sleep = call.sleep ?? abortableSleep;
	for (let attempt = 1; ; attempt++) {
		let produced = false;
		try {
			const client = await call.createClient();
			return await client.streamChat(request, signal, {
				...handlers,
				onDelta: (delta) => {
					produced = true;
					handlers.onDelta?.(delta);
				},
			});
		} catch (error) {
			const delayMs = produced ? undefined : retryDelayMs(error, attempt);
			if (delayMs === undefined) throw error;
			call.logger.warn(`attempt ${attempt} failed (${(error as Error).message}); retrying in ${delayMs} ms`);
			call.onRetry?.({ attempt, maxAttempts, delayMs, retryAt: Date.now() + delayMs, error });
			await sleep(delayMs, signal);
		}
	}
}

/** Resolves after `ms`, or rejects with FluxAbortError as soon as `signal` fires. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal.aborted) return reject(new FluxAbortError());
		const timer = setTimeout(() => { signal.removeEventListener('abort', onAbort); resolve(); }, ms);
		const onAbort = () => { clearTimeout(timer); reject(new FluxAbortError()); };
		signal.addEventListener('abort', onAbort, { once: true });
	});
}
