import type { FluxChatRequest } from './chatRequest';
import type { FluxResponseMeta, FluxStreamEvent } from './streamEvents';

/** A stream whose headers arrived: its meta, its raw chunks, and what turns them into events. */
export interface OpenedStream<Chunk> {
	readonly meta: FluxResponseMeta;
	readonly chunks: AsyncIterable<Chunk>;
	readonly decoder: StreamDecoder<Chunk>;
}

/** Turns one format's chunks into {@link FluxStreamEvent}s. */
export interface StreamDecoder<Chunk> {
	push(chunk: Chunk, emit: (event: FluxStreamEvent) => void): void;
	/** The stream ended whole: emit what only the end can tell (assembled tool calls...). */
	finish(emit: (event: FluxStreamEvent) => void): Promise<void>;
	/** The stream failed or was stopped. */
	abandon(): void;
}

/**
 * One wire format. The client around it owns what both share: the idle watchdog, the typed
 * errors' meaning, what a finished reply is, and the result.
 */
export interface FluxTransport<Chunk = unknown> {
	/** Sends the request; resolves when the response headers arrived. */
	open(request: FluxChatRequest, signal: AbortSignal): Promise<OpenedStream<Chunk>>;
	/** Maps what the SDK threw onto the typed errors of `errors.ts`. */
	toFluxError(error: unknown, signal?: AbortSignal): Error;
	/** The served model's exact count of the request's input, where the format offers one. */
	countTokens?(request: FluxChatRequest, signal?: AbortSignal): Promise<number>;
}
