// The parts of a chat completion request the simulator reads. Bodies arrive as untrusted JSON,
// so this checks just enough shape to answer like the real service (400 on nonsense) and leaves
// the rest alone.

import { contentText } from './tokens';

/** A function tool as offered in `tools`. */
export interface ToolDefinition {
	readonly type: 'function';
	readonly function: {
		readonly name: string;
		readonly description?: string;
		readonly parameters?: { readonly properties?: Record<string, unknown>; readonly required?: readonly string[] };
	};
}

/** One message of the request (loosely typed: content may be a string or parts). */
export interface ChatMessage {
	readonly role: string;
	readonly content?: unknown;
	readonly tool_calls?: ReadonlyArray<{ readonly id?: string; readonly function?: { readonly name?: string; readonly arguments?: string } }>;
	readonly tool_call_id?: string;
}

/** The fields of a `POST /v1/chat/completions` body the simulator honours. */
export interface ChatRequestBody {
	readonly model: string;
	readonly messages: readonly ChatMessage[];
	readonly stream?: boolean;
	readonly stream_options?: { readonly include_usage?: boolean };
	readonly tools?: readonly ToolDefinition[];
	readonly tool_choice?: 'none' | 'auto' | 'required' | { readonly type: 'function'; readonly function: { readonly name: string } };
	readonly response_format?: { readonly type: string };
	readonly max_tokens?: number;
	readonly max_completion_tokens?: number;
}

/** Checks the shape of a parsed body; returns the reason it is not a chat request, if any. */
export function invalidChatBody(body: unknown): string | undefined {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		return 'Request body must be a JSON object.';
	}
	const { model, messages, tools } = body as Record<string, unknown>;
	if (typeof model !== 'string' || model === '') {
		return 'Missing required parameter: \'model\'.';
	}
	if (!Array.isArray(messages) || messages.length === 0) {
		return 'Missing required parameter: \'messages\' must be a non-empty array.';
	}
	if (messages.some((m) => typeof m !== 'object' || m === null || typeof (m as { role?: unknown }).role !== 'string')) {
		return 'Invalid \'messages\': every message needs a string \'role\'.';
	}
	if (tools !== undefined && (!Array.isArray(tools) || tools.some((t) => typeof t?.function?.name !== 'string'))) {
		return 'Invalid \'tools\': every tool needs \'function.name\'.';
	}
	return undefined;
}

/** The text of the last user message ('' when there is none). */
export function lastUserText(messages: readonly ChatMessage[]): string {
	for (let i = messages.length - 1; i >= 0; i--) {
		if (messages[i].role === 'user') {
			return contentText(messages[i].content);
		}
	}
	return '';
}

/** The output token budget the request sets, if any. */
export function maxOutputTokens(body: ChatRequestBody): number | undefined {
	const limit = body.max_completion_tokens ?? body.max_tokens;
	return typeof limit === 'number' && limit >= 0 ? limit : undefined;
}
