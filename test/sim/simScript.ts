// The scripted mode: a queue of exact replies. Each chat completion request that passes auth and
// model checks takes the next one; with the queue empty, the default reply answers. A reply that
// sets only some fields (say, just a fault or a served model) gets the rest from the default.

import type { SimFault } from './faults';
import type { SimUsage } from './tokens';

/** How a completion ended. */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

/** A tool call to send. Without `argumentChunks`, the arguments are split into a few pieces. */
export interface ScriptedToolCall {
	/** Defaults to `call_<request>_<index>`. */
	readonly id?: string;
	readonly name: string;
	/** JSON text, or an object to serialise. Defaults to `{}`. */
	readonly arguments?: string | Readonly<Record<string, unknown>>;
	/** The exact `function.arguments` fragments to stream (concatenated for non-streaming). */
	readonly argumentChunks?: readonly string[];
}

/** One scripted reply. Every field is optional. */
export interface ScriptedReply {
	/** Answer text, streamed in token-sized deltas. */
	readonly content?: string;
	/** The exact content deltas (overrides `content`). */
	readonly chunks?: readonly string[];
	/** `reasoning_content` sent before the content: a text (token-split) or exact deltas. */
	readonly reasoning?: string | readonly string[];
	readonly toolCalls?: readonly ScriptedToolCall[];
	/** Defaults to `tool_calls` with tool calls, `length` when `max_tokens` cut the reply, else `stop`. */
	readonly finishReason?: FinishReason;
	readonly fault?: SimFault;
	/** The served model (`X-Flux-Model`), a catalogue name like `gpt-5` or any other string. */
	readonly model?: string;
	/** Extra response headers; a null value removes a header the simulator would send. */
	readonly headers?: Readonly<Record<string, string | null>>;
	/** Wait before sending anything, including headers. */
	readonly headerDelayMs?: number;
	/** Override the simulator's time to first token for this reply. */
	readonly ttftMs?: number;
	/** Override the simulator's delay between deltas for this reply. */
	readonly tokenDelayMs?: number;
	/** Override fields of the computed usage. */
	readonly usage?: Partial<SimUsage>;
	/**
	 * Replay `test/fixtures/streams/<fixture>.sse` as the body, byte for byte, after the usual
	 * X-Flux headers (streaming requests only). Only `model`, `headers` and `headerDelayMs` apply.
	 */
	readonly fixture?: string;
}

/** The queue of scripted replies. */
export class SimScript {
	private readonly queue: ScriptedReply[] = [];

	/** Queues replies, answered in order by the next chat completion requests. */
	push(...replies: readonly ScriptedReply[]): void {
		this.queue.push(...replies);
	}

	/** Takes the next reply, if any. */
	shift(): ScriptedReply | undefined {
		return this.queue.shift();
	}

	/** The replies not yet used. */
	get pending(): readonly ScriptedReply[] {
		return [...this.queue];
	}

	clear(): void {
		this.queue.length = 0;
	}
}
