import type { FluxThinkingBlock, FluxToolCall } from './chatRequest';

/** What the X-Flux-* headers say about the response (the same on both formats). */
export interface FluxResponseMeta {
	readonly servedModel: string;
	readonly requestedModel: string;
	readonly routed: boolean;
	readonly requestId?: string;
	/** x-flux-model-window: the served model's context window, when sent. */
	readonly modelWindow?: number;
	/** X-Flux-Cost-Usd: only on non-streaming responses. */
	readonly costUsd?: number;
}

export interface FluxUsage {
	readonly promptTokens: number;
	readonly completionTokens: number;
	readonly costUsd?: number;
}

/**
 * Why the reply ended: `stop`, `tool_calls`, `length` (cut at the output limit), `content_filter`
 * (stopped by the provider's filter or refused), or whatever else an upstream said.
 */
export type FluxFinishReason = 'stop' | 'tool_calls' | 'length' | 'content_filter' | (string & {});

/**
 * One thing a transport read off its stream, in the format-neutral terms of this client. A text
 * or reasoning event is also the delta handed to `onDelta`, so a token costs one object.
 */
export type FluxStreamEvent =
	| { readonly type: 'text'; readonly content: string }
	| { readonly type: 'reasoning'; readonly reasoning: string }
	/** A whole reasoning block to send back on the next tool round (its text came as `reasoning`). */
	| { readonly type: 'thinkingBlock'; readonly block: FluxThinkingBlock }
	| { readonly type: 'toolCall'; readonly call: FluxToolCall }
	/** A piece of a tool call's arguments as it streams (the whole call still comes as `toolCall`). */
	| { readonly type: 'toolArguments'; readonly piece: FluxToolArgumentsPiece }
	/**
	 * A piece of what only comes whole later (a tool call's name or arguments, a refusal, a block's
	 * start): nothing to show yet, but the model is writing. Keep-alives are not events at all.
	 */
	| { readonly type: 'fragment' }
	| { readonly type: 'refusal'; readonly text: string }
	| { readonly type: 'usage'; readonly usage: FluxUsage }
	| { readonly type: 'finish'; readonly reason: FluxFinishReason };

/**
 * A piece of a tool call's JSON arguments, in wire order. `index` tells the calls of one reply
 * apart; `name` is given once it is known (it may come with an empty first piece).
 */
export interface FluxToolArgumentsPiece {
	readonly index: number;
	readonly name?: string;
	readonly arguments: string;
}

export interface FluxStreamHandlers {
	/** The headers arrived; called once, before any delta. */
	onMeta?(meta: FluxResponseMeta): void;
	/** A piece of the answer or of the model's reasoning. */
	onDelta?(delta: { readonly content?: string; readonly reasoning?: string }): void;
	/** A piece of a tool call's arguments, for callers that show a call as it is written. */
	onToolArguments?(piece: FluxToolArgumentsPiece): void;
}

export interface FluxStreamResult {
	readonly text: string;
	readonly reasoning: string;
	readonly finishReason: FluxFinishReason;
	/** Why the model declined, when it said so in words (OpenAI's `delta.refusal`). */
	readonly refusal?: string;
	readonly meta: FluxResponseMeta;
	readonly usage?: FluxUsage;
	readonly toolCalls: readonly FluxToolCall[];
	/** Reasoning blocks to send back with the tool calls (Anthropic's signed thinking). */
	readonly thinkingBlocks?: readonly FluxThinkingBlock[];
	/** Milliseconds from sending to the first content or reasoning token. */
	readonly firstTokenMs?: number;
}

/** The one `fragment` event: it carries nothing, so every transport sends this same object. */
export const fragment: FluxStreamEvent = Object.freeze({ type: 'fragment' });

/** Gathers a transport's events into a {@link FluxStreamResult}, passing deltas on as they come. */
export class StreamCollector {
	// Pieces joined once at the end: appending each token to a string costs an object per token.
	private readonly text: string[] = [];
	private readonly reasoning: string[] = [];
	private refusal = '';
	private finishReason: FluxFinishReason | undefined;
	private usage: FluxUsage | undefined;
	private firstTokenMs: number | undefined;
	private readonly toolCalls: FluxToolCall[] = [];
	private readonly thinkingBlocks: FluxThinkingBlock[] = [];
	private produced = 0;

	constructor(private readonly handlers: FluxStreamHandlers, private readonly started: number) {}

	/** True once a finish reason arrived: the reply is whole (only usage may still be missing). */
	get finished(): boolean {
		return this.finishReason !== undefined;
	}

	/**
	 * How many pieces of the model's output (text, reasoning, fragments) have arrived; whole tool
	 * calls and blocks come after their pieces, so they add nothing. The stream's watchdog reads it
	 * once a tick to tell a model at work from a server that only keeps the connection open.
	 */
	get progress(): number {
		return this.produced;
	}

	/** Bound, so a transport can be handed `collector.emit`. */
	readonly emit = (event: FluxStreamEvent): void => {
		switch (event.type) {
			case 'text':
				this.produced++;
				this.firstTokenMs ??= Date.now() - this.started;
				this.text.push(event.content);
				this.handlers.onDelta?.(event);
				break;
			case 'reasoning':
				this.produced++;
				this.firstTokenMs ??= Date.now() - this.started;
				this.reasoning.push(event.reasoning);
				this.handlers.onDelta?.(event);
				break;
			case 'fragment': this.produced++; break;
			case 'toolArguments':
				this.produced++;
				this.handlers.onToolArguments?.(event.piece);
				break;
			case 'thinkingBlock': this.thinkingBlocks.push(event.block); break;
			case 'toolCall': this.toolCalls.push(event.call); break;
			case 'refusal': this.refusal += event.text; break;
			case 'usage': this.usage = event.usage; break;
			case 'finish': this.finishReason = event.reason; break;
		}
	};

	result(meta: FluxResponseMeta): FluxStreamResult {
		return {
			text: this.text.join(''), reasoning: this.reasoning.join(''), finishReason: this.finishReason ?? 'stop', meta, toolCalls: this.toolCalls,
			...(this.refusal ? { refusal: this.refusal } : {}),
			...(this.usage ? { usage: this.usage } : {}),
			...(this.thinkingBlocks.length ? { thinkingBlocks: this.thinkingBlocks } : {}),
			...(this.firstTokenMs !== undefined ? { firstTokenMs: this.firstTokenMs } : {}),
		};
	}
}
