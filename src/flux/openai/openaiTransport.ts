import { t } from '@vscode/l10n';
import OpenAI from 'openai';
import type { ChatCompletionChunk, ChatCompletionMessageParam, ChatCompletionTool, ChatCompletionToolChoiceOption } from 'openai/resources/chat/completions';
import type { FluxChatRequest, FluxMessage, FluxToolChoice, FluxToolDefinition } from '../chatRequest';
import { CompletionAssembler } from './completionAssembler';
import { FluxHttpError, FluxProtocolError, rejectsStreamOptions } from '../errors';
import type { Logger } from '../logger';
import { readMeta, statusFromCode } from '../http/responseMeta';
import { retryAfterMs } from '../http/retryAfter';
import { sdkErrorToFlux } from '../http/sdkErrors';
import { fragment, type FluxStreamEvent } from '../streamEvents';
import type { FluxTransport, OpenedStream, StreamDecoder } from '../transport';

/** One entry of `GET /v1/models`. */
export interface FluxListedModel {
	readonly id: string;
	/** USD per 1M tokens, when the list says. */
	readonly price?: { readonly inputPerMillion: number; readonly outputPerMillion: number };
	/** The model's context window in tokens (`context_window`), when the list says. */
	readonly contextWindow?: number;
	/** Whether the model takes tools (`supports_tools`), when the list says. */
	readonly supportsTools?: boolean;
}

/** FluxRouter's OpenAI-compatible base (`…/v1`) through the official `openai` client. */
export class OpenAITransport implements FluxTransport<ChatCompletionChunk> {
	constructor(private readonly openai: OpenAI, private readonly logger: Logger) {}

	/**
	 * Asks for usage with `stream_options`; a server that refuses it (400/422 naming it) is asked
	 * once more without, since usage is only ever a bonus.
	 */
	async open(request: FluxChatRequest, signal: AbortSignal): Promise<OpenedStream<ChatCompletionChunk>> {
		try {
			return await this.send(request, signal, true);
		} catch (error) {
			const typed = this.toFluxError(error, signal);
			if (!rejectsStreamOptions(typed)) throw error;
			this.logger.warn('the server refused stream_options; asking again without it (no usage will be reported)');
			return this.send(request, signal, false);
		}
	}

	private async send(request: FluxChatRequest, signal: AbortSignal, askForUsage: boolean): Promise<OpenedStream<ChatCompletionChunk>> {
		this.logger.debug(`POST /chat/completions model=${request.model} messages=${request.messages.length}`);
		const tools = request.tools?.length ? request.tools : undefined;
		const { data, response } = await this.openai.chat.completions.create({
			model: request.model,
			messages: toOpenAIMessages(request.messages),
			...(tools ? { tools: tools.map(toOpenAITool), ...(request.toolChoice ? { tool_choice: toOpenAIToolChoice(request.toolChoice) } : {}) } : {}),
			...(request.maxOutputTokens ? { max_tokens: request.maxOutputTokens } : {}),
			stream: true,
			...(askForUsage ? { stream_options: { include_usage: true } } : {}),
		}, { signal }).withResponse();
		return { meta: readMeta(response.headers, request.model), chunks: data, decoder: new OpenAIDecoder() };
	}

	/** The models this key may use (`GET /v1/models`), with each entry's price when the list carries one (`pricing`, per 1M tokens). */
	async listModels(signal?: AbortSignal): Promise<FluxListedModel[]> {
		try {
			const models: FluxListedModel[] = [];
			for await (const model of this.openai.models.list({ signal })) {
				const extra = model as { pricing?: unknown; context_window?: unknown; supports_tools?: unknown };
				const price = readListedPrice(extra.pricing);
				const window = extra.context_window;
				models.push({
					id: model.id,
					...(price ? { price } : {}),
					...(typeof window === 'number' && Number.isInteger(window) && window > 0 ? { contextWindow: window } : {}),
					...(typeof extra.supports_tools === 'boolean' ? { supportsTools: extra.supports_tools } : {}),
				});
			}
			return models;
		} catch (error) {
			throw this.toFluxError(error, signal);
		}
	}

	toFluxError(error: unknown, signal?: AbortSignal): Error {
		return sdkErrorToFlux(error, signal, OpenAI, httpError);
	}
}

/** An error body (`{"error":{message,type,code,param}}`) and its headers as a FluxHttpError. */
function httpError(error: InstanceType<typeof OpenAI.APIError>): FluxHttpError {
	const body = error.error as { message?: unknown; type?: unknown; code?: unknown; param?: unknown } | undefined;
	const message = typeof body?.message === 'string' && body.message ? body.message : error.status ? `FluxRouter answered ${error.status}.` : error.message;
	const code = body?.code === undefined || body.code === null ? undefined : String(body.code);
	const type = typeof body?.type === 'string' ? body.type : undefined;
	const param = typeof body?.param === 'string' && body.param ? body.param : undefined;
	const requestId = error.headers?.get('x-flux-request-id') ?? undefined;
	// An error frame inside a 200 stream has no status of its own: it failed on the server side.
	const status = error.status ?? statusFromCode(code) ?? 500;
	const retryAfter = retryAfterMs(error.headers, body);
	return new FluxHttpError(status, message, {
		...(type ? { type } : {}), ...(code ? { code } : {}), ...(param ? { param } : {}),
		...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}), ...(requestId ? { requestId } : {}),
	});
}

/**
 * A delta as real servers send it: the SDK's type plus the two reasoning fields it does not know,
 * and `content` that may be an array of parts (Mistral's reasoning models, passed through by routers).
 */
type RawDelta = Omit<ChatCompletionChunk.Choice.Delta, 'content'> & {
	readonly content?: string | readonly unknown[] | null;
	readonly reasoning_content?: string | null;
	readonly reasoning?: string | null;
};

/**
 * Text, reasoning, usage and the finish come straight off each chunk; tool calls and refusal are
 * assembled by the SDK (see CompletionAssembler). The SDK knows neither `reasoning_content` nor
 * `reasoning`, and keeps only the last chunk's `usage` (which servers that send usage on every
 * chunk set to null after the one that counts).
 */
class OpenAIDecoder implements StreamDecoder<ChatCompletionChunk> {
	private readonly assembler = new CompletionAssembler();

	push(chunk: ChatCompletionChunk, emit: (event: FluxStreamEvent) => void): void {
		const pieces = this.assembler.push(chunk);
		// n is never above 1 here: the one choice is index 0 (or has no index on some servers).
		const choice = chunk.choices.find((c) => (c.index ?? 0) === 0);
		const delta = choice?.delta as RawDelta | undefined;
		// Servers that send both fields send the same words twice: take one.
		const thought = delta?.reasoning_content || delta?.reasoning;
		if (thought) emit({ type: 'reasoning', reasoning: thought });
		const content = delta?.content;
		if (typeof content === 'string') {
			if (content) emit({ type: 'text', content });
		} else if (Array.isArray(content)) emitContentParts(content, emit);
		// Assembled at the end (see finish), yet the model is writing them now; a tool call's
		// pieces are passed on for callers that show it as it is written (an inline rewrite).
		for (const piece of pieces) emit({ type: 'toolArguments', piece: { index: piece.index, ...(piece.function?.name ? { name: piece.function.name } : {}), arguments: piece.function?.arguments ?? '' } });
		if (!pieces.length && (delta?.tool_calls?.length || delta?.refusal)) emit(fragment);
		if (choice?.finish_reason) emit({ type: 'finish', reason: choice.finish_reason });
		if (chunk.usage) emit({ type: 'usage', usage: readUsage(chunk.usage) });
	}

	async finish(emit: (event: FluxStreamEvent) => void): Promise<void> {
		let message;
		try {
			const completion = await this.assembler.finish();
			message = (completion.choices.find((c) => c.index === 0) ?? completion.choices[0])?.message;
		} catch (error) {
			throw new FluxProtocolError(t('FluxRouter sent a reply that does not assemble: {0}', error instanceof Error ? error.message : String(error)));
		}
		if (message?.refusal) emit({ type: 'refusal', text: message.refusal });
		for (const call of message?.tool_calls ?? []) {
			if (call.type === 'function') emit({ type: 'toolCall', call: { id: call.id, name: call.function.name, arguments: call.function.arguments } });
		}
	}

	abandon(): void {
		this.assembler.abandon();
	}
}

/**
 * `delta.content` as an array of parts, as Mistral's reasoning models stream it:
 * `{"type":"thinking","thinking":[{"type":"text","text":…}]}` is reasoning, `{"type":"text","text":…}`
 * answer text. Any other part (a reference, an image) is skipped: stringified it would put
 * `[object Object]` into the kept answer.
 */
function emitContentParts(parts: readonly unknown[], emit: (event: FluxStreamEvent) => void): void {
	for (const part of parts) {
		if (typeof part !== 'object' || part === null) continue;
		const { type, text, thinking } = part as { type?: unknown; text?: unknown; thinking?: unknown };
		if (type === 'text') {
			if (typeof text === 'string' && text) emit({ type: 'text', content: text });
		} else if (type === 'thinking') {
			// A list of text parts; a plain string is taken too.
			const reasoning = typeof thinking === 'string' ? thinking : Array.isArray(thinking) ? thinking.map(textOfPart).join('') : '';
			if (reasoning) emit({ type: 'reasoning', reasoning });
		}
	}
}

/** The text of a `{"type":"text","text":…}` part; '' for anything else. */
function textOfPart(part: unknown): string {
	const { type, text } = (typeof part === 'object' && part !== null ? part : {}) as { type?: unknown; text?: unknown };
	return type === 'text' && typeof text === 'string' ? text : '';
}

/** Flux messages as chat completion messages; reasoning blocks have no place on this wire. */
export function toOpenAIMessages(messages: readonly FluxMessage[]): ChatCompletionMessageParam[] {
	return messages.map((message): ChatCompletionMessageParam => {
		switch (message.role) {
			case 'tool': return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
			case 'assistant': return message.toolCalls?.length
				? {
					role: 'assistant', content: message.content || null,
					tool_calls: message.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })),
				}
				: { role: 'assistant', content: message.content };
			default: return { role: message.role, content: message.content };
		}
	});
}

function toOpenAITool(tool: FluxToolDefinition): ChatCompletionTool {
	return { type: 'function', function: { name: tool.name, description: tool.description, parameters: { ...tool.parameters } } };
}

function toOpenAIToolChoice(choice: FluxToolChoice): ChatCompletionToolChoiceOption {
	return typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
}

function readUsage(usage: NonNullable<ChatCompletionChunk['usage']>) {
	const cost = (usage as { cost_usd?: unknown }).cost_usd;
	return {
		promptTokens: usage.prompt_tokens,
		completionTokens: usage.completion_tokens,
		...(typeof cost === 'number' ? { costUsd: cost } : {}),
	};
}

/** `pricing: { input_per_million, output_per_million }` when both are sane numbers; anything else is skipped. */
function readListedPrice(pricing: unknown): FluxListedModel['price'] {
	if (typeof pricing !== 'object' || pricing === null) return undefined;
	const { input_per_million: input, output_per_million: output } = pricing as Record<string, unknown>;
	const rate = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
	return rate(input) && rate(output) ? { inputPerMillion: input as number, outputPerMillion: output as number } : undefined;
}
