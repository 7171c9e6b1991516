/**
 * A chat request in Flux Chat's own terms. Everything above `src/flux/` builds these; each
 * transport (OpenAI's chat completions, Anthropic's Messages API) maps them onto its wire.
 */

/** A function call the model asked for, assembled from its streamed fragments. */
export interface FluxToolCall {
	readonly id: string;
	readonly name: string;
	/** JSON text as the model wrote it; may be invalid. */
	readonly arguments: string;
}

/**
 * A block of the model's visible reasoning that must go back unchanged on the next tool round
 * (Anthropic signs them); formats that do not sign reasoning ignore them.
 */
export type FluxThinkingBlock =
	| { readonly kind: 'thinking'; readonly text: string; readonly signature: string }
	| { readonly kind: 'redacted'; readonly data: string };

export type FluxMessage =
	| { readonly role: 'system'; readonly content: string }
	| { readonly role: 'user'; readonly content: string }
	| {
		readonly role: 'assistant';
		readonly content: string;
		readonly toolCalls?: readonly FluxToolCall[];
		/** The reasoning of a tool round, sent back as it came. */
		readonly thinking?: readonly FluxThinkingBlock[];
	}
	/** The output of one tool call, answering the call with `toolCallId`. */
	| { readonly role: 'tool'; readonly toolCallId: string; readonly content: string };

/** A function the model may call: `parameters` is a JSON Schema object. */
export interface FluxToolDefinition {
	readonly name: string;
	readonly description: string;
	readonly parameters: Readonly<Record<string, unknown>>;
}

/** `auto` lets the model choose, `none` asks for a final answer, `{ name }` forces that tool. */
export type FluxToolChoice = 'auto' | 'none' | { readonly name: string };

/** One request; the whole history is sent every turn (FluxRouter is stateless). */
export interface FluxChatRequest {
	readonly model: string;
	readonly messages: readonly FluxMessage[];
	readonly tools?: readonly FluxToolDefinition[];
	readonly toolChoice?: FluxToolChoice;
	/**
	 * The most tokens the reply may use (`flux.maxOutputTokens`). Without it the OpenAI format
	 * leaves the server's default; the Anthropic format, which requires one, asks for
	 * {@link defaultMaxOutputTokens}.
	 */
	readonly maxOutputTokens?: number;
}

/**
 * What a reply may use when nothing else says: the room the context budget keeps free for the
 * reply in any window of 32k tokens or more.
 */
export const defaultMaxOutputTokens = 8192;
