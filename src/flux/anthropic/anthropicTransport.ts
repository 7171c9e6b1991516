import Anthropic from '@anthropic-ai/sdk';
import type { ContentBlockParam, MessageCreateParamsBase, MessageParam, RawMessageStreamEvent, StopReason, Tool, ToolChoice } from '@anthropic-ai/sdk/resources/messages/messages';
import { defaultMaxOutputTokens, type FluxChatRequest, type FluxMessage, type FluxThinkingBlock, type FluxToolChoice, type FluxToolDefinition } from '../chatRequest';
import { FluxHttpError } from '../errors';
import type { Logger } from '../logger';
import { readMeta } from '../http/responseMeta';
import { retryAfterMs } from '../http/retryAfter';
import { sdkErrorToFlux } from '../http/sdkErrors';
import { fragment, type FluxFinishReason, type FluxStreamEvent } from '../streamEvents';
import type { FluxTransport, OpenedStream, StreamDecoder } from '../transport';

/** A transport over a new SDK client with these options (`baseURL` the Anthropic base). */
export function createAnthropicTransport(options: ConstructorParameters<typeof Anthropic>[0] & { readonly logger: Logger }): AnthropicTransport {
	return new AnthropicTransport(new Anthropic(options), options.logger);
}

/** FluxRouter's Anthropic-compatible base (`…/anthropic`) through the official `@anthropic-ai/sdk`. */
export class AnthropicTransport implements FluxTransport<RawMessageStreamEvent> {
	constructor(private readonly anthropic: Anthropic, private readonly logger: Logger) {}

	async open(request: FluxChatRequest, signal: AbortSignal): Promise<OpenedStream<RawMessageStreamEvent>> {
		this.logger.debug(`POST /v1/messages model=${request.model} messages=${request.messages.length}`);
		const { data, response } = await this.anthropic.messages.create({ ...toAnthropicParams(request), stream: true }, { signal }).withResponse();
		return { meta: readMeta(response.headers, request.model), chunks: data, decoder: new AnthropicDecoder() };
	}

	/** `POST /v1/messages/count_tokens`: the count of the model that would serve the request. */
	async countTokens(request: FluxChatRequest, signal?: AbortSignal): Promise<number> {
		// The same body as the messages request, less what only a reply needs.
		const { model, messages, system, tools, tool_choice } = toAnthropicParams(request);
		try {
			return (await this.anthropic.messages.countTokens({ model, messages, ...(system ? { system } : {}), ...(tools ? { tools } : {}), ...(tool_choice ? { tool_choice } : {}) }, { signal })).input_tokens;
		} catch (error) {
			throw this.toFluxError(error, signal);
		}
	}

	toFluxError(error: unknown, signal?: AbortSignal): Error {
		return sdkErrorToFlux(error, signal, Anthropic, httpError);
	}
}

/** Statuses of Anthropic's error types, for an `error` event inside a 200 stream, which has none. */
const statusOfType: Readonly<Record<string, number>> = {
	invalid_request_error: 400, authentication_error: 401, billing_error: 402, permission_error: 403, not_found_error: 404,
	request_too_large: 413, rate_limit_error: 429, api_error: 500, timeout_error: 504, overloaded_error: 529,
};

/**
 * `{"type":"error","error":{"type","message"}}` as a FluxHttpError. Anthropic's errors carry no
 * code or param, so what the chat must tell apart is recognised here and given the codes the
 * OpenAI format uses (above this file, errors are classified by code alone): the two 400s by
 * their documented wording (a prompt over the window, tools the model cannot take), and the
 * hourly limit as the one 402 that says when spending resumes (`retry_after`).
 */
function httpError(error: InstanceType<typeof Anthropic.APIError>): FluxHttpError {
	const body = error.error as { error?: { type?: unknown; message?: unknown; code?: unknown; retry_after?: unknown; details?: { error_code?: unknown } } } | undefined;
	const inner = body?.error;
	const type = typeof inner?.type === 'string' ? inner.type : error.type ?? undefined;
	const message = typeof inner?.message === 'string' && inner.message ? inner.message : error.status ? `FluxRouter answered ${error.status}.` : error.message;
	const status = error.status ?? (type ? statusOfType[type] : undefined) ?? 500;
	const given = inner?.code ?? inner?.details?.error_code;
	const code = given !== undefined && given !== null ? String(given)
		: status === 402 && inner?.retry_after !== undefined ? 'hourly_limit_reached'
		: status === 400 && /prompt is too long|context (length|window)/i.test(message) ? 'context_length_exceeded'
			: status === 400 && /\btools?\b.*\bnot supported|does not support tools/i.test(message) ? 'tools_not_supported'
				: undefined;
	const retryAfter = retryAfterMs(error.headers, inner);
	const requestId = error.headers?.get('x-flux-request-id') ?? undefined;
	return new FluxHttpError(status, message, {
		...(type ? { type } : {}), ...(code ? { code } : {}),
		...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}), ...(requestId ? { requestId } : {}),
	});
}

/** A content block being streamed, by its index. */
type OpenBlock =
	| { readonly type: 'thinking'; text: string; signature: string }
	| { readonly type: 'redacted'; readonly data: string }
	| { readonly type: 'toolUse'; readonly id: string; readonly name: string; readonly input: unknown; json: string }
	| { readonly type: 'other' };

/**
 * Anthropic's stream events as Flux events: text and thinking deltas as they come; a thinking
 * block (with its signature) and a tool call once their block stops; usage from `message_start`
 * (input) and `message_delta` (output, cumulative); the finish from `message_delta`.
 */
class AnthropicDecoder implements StreamDecoder<RawMessageStreamEvent> {
	private readonly blocks = new Map<number, OpenBlock>();
	private inputTokens: number | undefined;

	push(event: RawMessageStreamEvent, emit: (event: FluxStreamEvent) => void): void {
		switch (event.type) {
			case 'message_start': {
				const usage = event.message.usage;
				this.inputTokens = usage.input_tokens + (usage.cache_creation_input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0);
				break;
			}
			case 'content_block_start': {
				// A tool call or a block we do not show is output too (what the watchdog counts).
				emit(fragment);
				const block = event.content_block;
				if (block.type === 'text') {
					this.blocks.set(event.index, { type: 'other' });
					if (block.text) emit({ type: 'text', content: block.text });
				} else if (block.type === 'thinking') {
					this.blocks.set(event.index, { type: 'thinking', text: block.thinking, signature: block.signature ?? '' });
					if (block.thinking) emit({ type: 'reasoning', reasoning: block.thinking });
				} else if (block.type === 'redacted_thinking') {
					this.blocks.set(event.index, { type: 'redacted', data: block.data });
				} else if (block.type === 'tool_use') {
					this.blocks.set(event.index, { type: 'toolUse', id: block.id, name: block.name, input: block.input, json: '' });
				} else {
					this.blocks.set(event.index, { type: 'other' });
				}
				break;
			}
			case 'content_block_delta': {
				const delta = event.delta;
				if (delta.type === 'text_delta') {
					emit({ type: 'text', content: delta.text });
					break;
				}
				const block = this.blocks.get(event.index);
				if (delta.type === 'thinking_delta') {
					if (block?.type === 'thinking') block.text += delta.thinking;
					emit({ type: 'reasoning', reasoning: delta.thinking });
					break;
				}
				if (delta.type === 'input_json_delta' && block?.type === 'toolUse') {
					block.json += delta.partial_json;
					emit({ type: 'toolArguments', piece: { index: event.index, name: block.name, arguments: delta.partial_json } });
					break;
				}
				emit(fragment);
				if (delta.type === 'signature_delta' && block?.type === 'thinking') block.signature += delta.signature;
				break;
			}
			case 'content_block_stop':
				this.close(event.index, emit);
				break;
			case 'message_delta': {
				const usage = event.usage;
				if (typeof usage.input_tokens === 'number') {
					this.inputTokens = usage.input_tokens + (usage.cache_creation_input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0);
				}
				if (this.inputTokens !== undefined) emit({ type: 'usage', usage: { promptTokens: this.inputTokens, completionTokens: usage.output_tokens } });
				// Blocks a server never stopped are whole once the message says why it ended.
				for (const index of [...this.blocks.keys()]) this.close(index, emit);
				if (event.delta.stop_reason) emit({ type: 'finish', reason: finishReason(event.delta.stop_reason) });
				break;
			}
		}
	}

	finish(): Promise<void> {
		return Promise.resolve();
	}

	abandon(): void {
		this.blocks.clear();
	}

	private close(index: number, emit: (event: FluxStreamEvent) => void): void {
		const block = this.blocks.get(index);
		this.blocks.delete(index);
		if (block?.type === 'thinking') emit({ type: 'thinkingBlock', block: { kind: 'thinking', text: block.text, signature: block.signature } });
		else if (block?.type === 'redacted') emit({ type: 'thinkingBlock', block: { kind: 'redacted', data: block.data } });
		// A call whose input came whole in its start event has no deltas.
		else if (block?.type === 'toolUse') emit({ type: 'toolCall', call: { id: block.id, name: block.name, arguments: block.json || JSON.stringify(block.input ?? {}) } });
	}
}

function finishReason(stop: StopReason | (string & {})): FluxFinishReason {
	switch (stop) {
		case 'end_turn': case 'stop_sequence': case 'pause_turn': return 'stop';
		case 'tool_use': return 'tool_calls';
		case 'max_tokens': case 'model_context_window_exceeded': return 'length';
		// The model declined, stopped by the provider's safety system.
		case 'refusal': return 'content_filter';
		default: return stop;
	}
}

/**
 * A Flux request as Messages API parameters: system prompts to the top-level `system`; tool
 * results to `tool_result` blocks of a user message; consecutive messages of one role merged
 * (the API wants them alternating); empty text left out (the API refuses empty text blocks).
 */
export function toAnthropicParams(request: FluxChatRequest): MessageCreateParamsBase {
	const system = request.messages.flatMap((m) => m.role === 'system' && m.content.trim() ? [m.content] : []).join('\n\n');
	const messages: MessageParam[] = [];
	for (const message of request.messages) {
		if (message.role === 'system') continue;
		const role = message.role === 'assistant' ? 'assistant' : 'user';
		const blocks = contentBlocks(message);
		if (blocks.length === 0) continue;
		const last = messages.at(-1);
		if (last?.role === role) (last.content as ContentBlockParam[]).push(...blocks);
		else messages.push({ role, content: blocks });
	}
	const tools = request.tools?.length ? request.tools : undefined;
	return {
		model: request.model,
		max_tokens: request.maxOutputTokens ?? defaultMaxOutputTokens,
		messages,
		...(system ? { system } : {}),
		...(tools ? { tools: tools.map(toAnthropicTool), ...(request.toolChoice ? { tool_choice: toAnthropicToolChoice(request.toolChoice) } : {}) } : {}),
	};
}

function contentBlocks(message: Exclude<FluxMessage, { role: 'system' }>): ContentBlockParam[] {
	switch (message.role) {
		case 'tool': return [{ type: 'tool_result', tool_use_id: message.toolCallId, content: message.content || '(empty)' }];
		case 'user': return message.content ? [{ type: 'text', text: message.content }] : [];
		case 'assistant': return [
			...(message.toolCalls?.length ? message.thinking ?? [] : []).map(thinkingBlock),
			...(message.content ? [{ type: 'text' as const, text: message.content }] : []),
			...(message.toolCalls ?? []).map((call) => ({ type: 'tool_use' as const, id: call.id, name: call.name, input: toolInput(call.arguments) })),
		];
	}
}

/** Sent back exactly as it came: the signature covers the text. */
function thinkingBlock(block: FluxThinkingBlock): ContentBlockParam {
	return block.kind === 'thinking'
		? { type: 'thinking', thinking: block.text, signature: block.signature }
		: { type: 'redacted_thinking', data: block.data };
}

/** The API takes a call's input as an object; arguments the model garbled go back as `{}` (the tool result says what was wrong). */
function toolInput(json: string): Record<string, unknown> {
	try {
		const value: unknown = JSON.parse(json || '{}');
		return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : {};
	} catch {
		return {};
	}
}

function toAnthropicTool(tool: FluxToolDefinition): Tool {
	return { name: tool.name, description: tool.description, input_schema: { type: 'object', ...tool.parameters } };
}

function toAnthropicToolChoice(choice: FluxToolChoice): ToolChoice {
	return typeof choice === 'string' ? { type: choice } : { type: 'tool', name: choice.name };
}
