import OpenAI from 'openai';
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { CompletionAssembler } from './completionAssembler';
import { FluxAbortError, FluxHttpError, FluxIncompleteError, FluxNetworkError, FluxProtocolError, rejectsStreamOptions } from './errors';
import type { Logger } from './logger';
import { retryAfterMs } from './retryAfter';

/** About two minutes: long answers stream for a while, and the SDK default is too short. */
export const defaultTimeoutMs = 120_000;

/** A stream that sends nothing for this long is treated as broken. */
export const defaultIdleTimeoutMs = 60_000;

export interface FluxClientOptions {
	readonly baseUrl: string;
	readonly apiKey: string;
	readonly logger: Logger;
	/** Until the response headers arrive (the SDK's own timeout). */
	readonly timeoutMs?: number;
	/** Between two chunks of a stream: the SDK's timeout does not cover the body. */
	readonly idleTimeoutMs?: number;
}

/** One chat completion request; the whole history is sent every turn (FluxRouter is stateless). */
export interface FluxChatRequest {
	readonly model: string;
	readonly messages: readonly ChatCompletionMessageParam[];
	readonly tools?: readonly ChatCompletionTool[];
	/** `none` asks for a final answer even though tools are offered. */
	readonly toolChoice?: 'auto' | 'none';
}

/** A function call the model asked for, assembled from its streamed fragments. */
export interface FluxToolCall {
	readonly id: string;
	readonly name: string;
	/** JSON text as the model wrote it; may be invalid. */
	readonly arguments: string;
}

/** What the X-Flux-* headers say about the response. */
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

export interface FluxStreamHandlers {
	/** The headers arrived; called once, before any delta. */
	onMeta?(meta: FluxResponseMeta): void;
	/** A piece of the answer or of the model's reasoning. */
	onDelta?(delta: { readonly content?: string; readonly reasoning?: string }): void;
}

/** A delta as real servers send it: the SDK's type plus the two reasoning fields it does not know. */
type RawDelta = ChatCompletionChunk.Choice.Delta & { readonly reasoning_content?: string | null; readonly reasoning?: string | null };

export interface FluxStreamResult {
	readonly text: string;
	readonly reasoning: string;
	/**
	 * `stop`, `tool_calls`, `length` (cut at the model's output limit), `content_filter` (stopped
	 * by the provider's filter) or whatever else the upstream said.
	 */
	readonly finishReason: string;
	/** Why the model declined (`delta.refusal`), when it did. */
	readonly refusal?: string;
	readonly meta: FluxResponseMeta;
	readonly usage?: FluxUsage;
	readonly toolCalls: readonly FluxToolCall[];
	/** Milliseconds from sending to the first content or reasoning token. */
	readonly firstTokenMs?: number;
}

/** FluxRouter's OpenAI-compatible API through the official `openai` client. */
export class FluxClient {
	private readonly openai: OpenAI;

	constructor(private readonly options: FluxClientOptions) {
		this.openai = new OpenAI({
			baseURL: options.baseUrl,
			apiKey: options.apiKey,
			timeout: options.timeoutMs ?? defaultTimeoutMs,
			// Retries belong to the caller, which shows a countdown and never retries after text.
			maxRetries: 0,
			logger: options.logger,
			logLevel: 'warn',
		});
	}

	/**
	 * Streams one completion. Throws FluxHttpError, FluxNetworkError, FluxAbortError (when
	 * `signal` fires), FluxIncompleteError (the stream closed before a finish_reason) or
	 * FluxProtocolError; deltas already passed to `onDelta` stay valid.
	 *
	 * The answer, refusal and tool calls are assembled by the SDK (see CompletionAssembler);
	 * reasoning and usage are read from the raw chunks, since the SDK knows neither
	 * `reasoning_content` nor `reasoning`, and keeps only the last chunk's `usage` (which servers
	 * that send usage on every chunk set to null after the one that counts).
	 */
	async streamChat(request: FluxChatRequest, signal: AbortSignal, handlers: FluxStreamHandlers = {}): Promise<FluxStreamResult> {
		try {
			return await this.stream(request, signal, handlers, true);
		} catch (error) {
			// Nothing streamed yet (the request itself was refused): ask once more without it.
			if (!rejectsStreamOptions(error)) throw error;
			this.options.logger.warn('the server refused stream_options; asking again without it (no usage will be reported)');
			return this.stream(request, signal, handlers, false);
		}
	}

	private async stream(request: FluxChatRequest, signal: AbortSignal, handlers: FluxStreamHandlers, askForUsage: boolean): Promise<FluxStreamResult> {
		const started = Date.now();
		const log = this.options.logger;
		log.debug(`POST /chat/completions model=${request.model} messages=${request.messages.length}`);
		log.trace('request body', request.messages);
		let text = '';
		let reasoning = '';
		let finished = false;
		let usage: FluxUsage | undefined;
		let firstTokenMs: number | undefined;
		let meta: FluxResponseMeta | undefined;
		const assembler = new CompletionAssembler();
		const idle = new AbortController();
		const idleMs = this.options.idleTimeoutMs ?? defaultIdleTimeoutMs;
		let idleTimer: NodeJS.Timeout | undefined;
		// One timer for the whole stream that looks at when the last chunk came: re-arming a timer
		// per chunk cost a Timeout object and a timer-list insert for every token.
		let lastChunkAt = 0;
		const watchIdle = (ms: number): void => {
			idleTimer = setTimeout(() => {
				const quiet = performance.now() - lastChunkAt;
				if (quiet >= idleMs) idle.abort();
				else watchIdle(idleMs - quiet);
			}, ms);
		};
		const idleError = () => new FluxNetworkError(`FluxRouter sent nothing for ${Math.round(idleMs / 1000)} s; the stream was given up.`, true);
		try {
			const { data: stream, response } = await this.openai.chat.completions.create({
				model: request.model,
				messages: [...request.messages],
				...(request.tools?.length ? { tools: [...request.tools], ...(request.toolChoice ? { tool_choice: request.toolChoice } : {}) } : {}),
				stream: true,
				...(askForUsage ? { stream_options: { include_usage: true } } : {}),
			}, { signal: AbortSignal.any([signal, idle.signal]) }).withResponse();
			lastChunkAt = performance.now();
			watchIdle(idleMs);
			meta = readMeta(response.headers, request.model);
			log.debug(`response ${response.status} served=${meta.servedModel} routed=${meta.routed} id=${meta.requestId ?? '-'}`);
			handlers.onMeta?.(meta);
			for await (const chunk of stream) {
				lastChunkAt = performance.now();
				assembler.push(chunk);
				// n is never above 1 here: the one choice is index 0 (or has no index on some servers).
				const choice = chunk.choices.find((c) => (c.index ?? 0) === 0);
				const delta = choice?.delta as RawDelta | undefined;
				const content = delta?.content || undefined;
				// Servers that send both fields send the same words twice: take one.
				const thought = (delta?.reasoning_content || delta?.reasoning) || undefined;
				if (content || thought) {
					firstTokenMs ??= Date.now() - started;
					handlers.onDelta?.({ ...(content ? { content } : {}), ...(thought ? { reasoning: thought } : {}) });
				}
				if (content) text += content;
				if (thought) reasoning += thought;
				if (choice?.finish_reason) finished = true;
				if (chunk.usage) usage = readUsage(chunk.usage);
			}
		} catch (error) {
			assembler.abandon();
			if (idle.signal.aborted && !signal.aborted) throw idleError();
			throw toFluxError(error, signal);
		} finally {
			clearTimeout(idleTimer);
		}
		// The SDK ends iteration quietly on abort, and also when the body closes without [DONE]:
		// a finish_reason, not [DONE], says the reply is whole (only a usage chunk can be missing then).
		const unfinished = signal.aborted ? new FluxAbortError() : idle.signal.aborted ? idleError() : !finished ? new FluxIncompleteError() : undefined;
		if (unfinished) {
			assembler.abandon();
			throw unfinished;
		}
		let completion: ChatCompletion;
		try {
			completion = await assembler.finish();
		} catch (error) {
			throw new FluxProtocolError(`FluxRouter sent a reply that does not assemble: ${error instanceof Error ? error.message : String(error)}`);
		}
		const choice = completion.choices.find((c) => c.index === 0) ?? completion.choices[0];
		const message = choice?.message;
		const finishReason = choice?.finish_reason ?? 'stop';
		log.debug(`finished ${finishReason} in ${Date.now() - started} ms, ${text.length} chars`);
		const toolCalls = (message?.tool_calls ?? []).flatMap((call) => call.type === 'function' ? [{ id: call.id, name: call.function.name, arguments: call.function.arguments }] : []);
		return {
			text, reasoning, finishReason, meta: meta!, toolCalls,
			...(message?.refusal ? { refusal: message.refusal } : {}),
			...(usage ? { usage } : {}),
			...(firstTokenMs !== undefined ? { firstTokenMs } : {}),
		};
	}

	/** The models this key may use (`GET /v1/models`), with each entry's price when the list carries one (`pricing`, per 1M tokens). */
	async listModelEntries(signal?: AbortSignal): Promise<FluxListedModel[]> {
		try {
			const models: FluxListedModel[] = [];
			for await (const model of this.openai.models.list({ signal })) {
				const price = readListedPrice((model as { pricing?: unknown }).pricing);
				models.push({ id: model.id, ...(price ? { price } : {}) });
			}
			return models;
		} catch (error) {
			throw toFluxError(error, signal);
		}
	}
}

/** One entry of `GET /v1/models`. */
export interface FluxListedModel {
	readonly id: string;
	/** USD per 1M tokens, when the list says. */
	readonly price?: { readonly inputPerMillion: number; readonly outputPerMillion: number };
}

/** `pricing: { input_per_million, output_per_million }` when both are sane numbers; anything else is skipped. */
function readListedPrice(pricing: unknown): FluxListedModel['price'] {
	if (typeof pricing !== 'object' || pricing === null) return undefined;
	const { input_per_million: input, output_per_million: output } = pricing as Record<string, unknown>;
	const rate = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
	return rate(input) && rate(output) ? { inputPerMillion: input as number, outputPerMillion: output as number } : undefined;
}

function header(headers: Headers, name: string): string | undefined {
	return headers.get(name) ?? undefined;
}

function readMeta(headers: Headers, requestedModel: string): FluxResponseMeta {
	const window = Number(header(headers, 'x-flux-model-window'));
	const cost = Number(header(headers, 'x-flux-cost-usd'));
	const requestId = header(headers, 'x-flux-request-id');
	return {
		servedModel: header(headers, 'x-flux-model') ?? requestedModel,
		requestedModel: header(headers, 'x-flux-original-model') ?? requestedModel,
		routed: header(headers, 'x-flux-routed') === 'true',
		...(requestId ? { requestId } : {}),
		...(Number.isFinite(window) && window > 0 ? { modelWindow: window } : {}),
		...(header(headers, 'x-flux-cost-usd') !== undefined && Number.isFinite(cost) ? { costUsd: cost } : {}),
	};
}

function readUsage(usage: NonNullable<ChatCompletionChunk['usage']>): FluxUsage {
	const cost = (usage as { cost_usd?: unknown }).cost_usd;
	return {
		promptTokens: usage.prompt_tokens,
		completionTokens: usage.completion_tokens,
		...(typeof cost === 'number' ? { costUsd: cost } : {}),
	};
}

/** Maps what the SDK throws onto our typed errors. */
export function toFluxError(error: unknown, signal?: AbortSignal): Error {
	if (signal?.aborted || error instanceof OpenAI.APIUserAbortError) return new FluxAbortError();
	if (error instanceof OpenAI.APIConnectionTimeoutError) return new FluxNetworkError('FluxRouter did not answer in time.', true);
	if (error instanceof OpenAI.APIConnectionError) return new FluxNetworkError(`Could not reach FluxRouter: ${error.cause instanceof Error ? error.cause.message : error.message}`);
	if (error instanceof OpenAI.APIError) {
		const body = error.error as { message?: unknown; type?: unknown; code?: unknown; param?: unknown } | undefined;
		const message = typeof body?.message === 'string' && body.message ? body.message : plainMessage(error);
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
	if (error instanceof SyntaxError) return new FluxProtocolError(`FluxRouter sent a stream line that is not JSON: ${error.message}`);
	if (error instanceof Error) return new FluxNetworkError(`The connection to FluxRouter broke: ${error.message}`);
	return new FluxNetworkError(String(error));
}

function statusFromCode(code: string | undefined): number | undefined {
	const n = Number(code);
	return Number.isInteger(n) && n >= 400 && n < 600 ? n : undefined;
}

/** A body that is not JSON (a CDN's `error code: 502`) reaches us as the SDK's generic text. */
function plainMessage(error: InstanceType<typeof OpenAI.APIError>): string {
	return error.status ? `FluxRouter answered ${error.status}.` : error.message;
}
