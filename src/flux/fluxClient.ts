import { t } from '@vscode/l10n';
import OpenAI from 'openai';
import type { createAnthropicTransport } from './anthropic/anthropicTransport';
import { watchedFetch, watchingBodies } from './bodyActivity';
import type { FluxChatRequest } from './chatRequest';
import { FluxAbortError, FluxIncompleteError, FluxNetworkError } from './errors';
import type { Logger } from './logger';
import { OpenAITransport, type FluxListedModel } from './openai/openaiTransport';
import { StreamCollector, type FluxResponseMeta, type FluxStreamHandlers, type FluxStreamResult } from './streamEvents';
import type { FluxTransport } from './transport';

export type { FluxChatRequest, FluxMessage, FluxThinkingBlock, FluxToolCall, FluxToolChoice, FluxToolDefinition } from './chatRequest';
export type { FluxFinishReason, FluxResponseMeta, FluxStreamHandlers, FluxStreamResult, FluxUsage } from './streamEvents';
export type { FluxListedModel } from './openai/openaiTransport';

/** About two minutes: long answers stream for a while, and the SDK default is too short. */
export const defaultTimeoutMs = 120_000;

/** A stream that sends nothing for this long is treated as broken. */
export const defaultIdleTimeoutMs = 60_000;

/** FluxRouter's two wire formats: OpenAI's chat completions, or Anthropic's Messages API. */
export type FluxApiFormat = 'openai' | 'anthropic';

export interface FluxClientOptions {
	/** The OpenAI-compatible base (`…/v1`): the model list is always read there. */
	readonly baseUrl: string;
	readonly apiKey: string;
	readonly logger: Logger;
	/** `openai` unless said; with `anthropic`, chats go to {@link anthropicBaseUrl}. */
	readonly format?: FluxApiFormat;
	/** A cap on every reply the request does not cap itself (`flux.maxOutputTokens`). */
	readonly maxOutputTokens?: number;
	/** Until the response headers arrive (the SDK's own timeout). */
	readonly timeoutMs?: number;
	/** Between two chunks of a stream: the SDK's timeout does not cover the body. */
	readonly idleTimeoutMs?: number;
}

/**
 * The Anthropic transport and its SDK are loaded when first used: most users never pick that
 * format, and activating the extension should not pay for evaluating a second SDK.
 */
function loadAnthropic(): typeof createAnthropicTransport {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return (require('./anthropic/anthropicTransport') as { createAnthropicTransport: typeof createAnthropicTransport }).createAnthropicTransport;
}

/**
 * FluxRouter's Anthropic-compatible base, beside the OpenAI one: `…/v1` becomes `…/anthropic`, so
 * a proxy's path prefix is kept (the SDK appends `/v1/messages`).
 */
export function anthropicBaseUrl(openaiBaseUrl: string): string {
	return openaiBaseUrl.replace(/\/+$/, '').replace(/\/v1$/, '') + '/anthropic';
}

/**
 * FluxRouter in either format. Whatever the format, callers send a {@link FluxChatRequest} and get
 * the same deltas, result and typed errors; the transport behind decides only the wire.
 */
export class FluxClient {
	private openaiTransport: OpenAITransport | undefined;
	private readonly transport: FluxTransport;

	constructor(private readonly options: FluxClientOptions) {
		this.transport = options.format === 'anthropic' ? loadAnthropic()({ ...this.sdkOptions(), baseURL: anthropicBaseUrl(options.baseUrl) }) : this.openai;
	}

	/** The OpenAI base's transport: the chat's on that format, and the model list's on both (made when first needed). */
	private get openai(): OpenAITransport {
		return this.openaiTransport ??= new OpenAITransport(new OpenAI({ ...this.sdkOptions(), baseURL: this.options.baseUrl }), this.options.logger);
	}

	private sdkOptions() {
		// Retries belong to the caller, which shows a countdown and never retries after text. No
		// agent or dispatcher of our own: watchedFetch calls the global fetch, which VS Code's
		// extension host sends through `http.proxy` or HTTPS_PROXY (test/integration/suite/proxy.test.ts).
		return { apiKey: this.options.apiKey, timeout: this.options.timeoutMs ?? defaultTimeoutMs, maxRetries: 0, logger: this.options.logger, logLevel: 'warn' as const, fetch: watchedFetch };
	}

	/**
	 * Streams one reply. Throws FluxHttpError, FluxNetworkError, FluxAbortError (when `signal`
	 * fires), FluxIncompleteError (the stream closed before saying why it ended) or
	 * FluxProtocolError; deltas already passed to `onDelta` stay valid.
	 */
	async streamChat(asked: FluxChatRequest, signal: AbortSignal, handlers: FluxStreamHandlers = {}): Promise<FluxStreamResult> {
		const request = this.withDefaults(asked);
		const started = Date.now();
		const log = this.options.logger;
		log.trace('request body', request.messages);
		const collector = new StreamCollector(handlers, started);
		const idle = new AbortController();
		const idleMs = this.options.idleTimeoutMs ?? defaultIdleTimeoutMs;
		let idleTimer: NodeJS.Timeout | undefined;
		// One timer for the whole stream, ticking every half idle time, that counts pieces of the body
		// (keep-alives too, see bodyActivity.ts): re-arming a timer per piece cost a Timeout object and
		// a timer-list insert for every token, and even a clock read per piece shows. Two quiet ticks
		// in a row: quiet for 1 to 1.5 idle times.
		let chunks = 0;
		const watchIdle = (): void => {
			let seen = chunks;
			let quietTicks = 0;
			idleTimer = setInterval(() => {
				quietTicks = chunks === seen ? quietTicks + 1 : 0;
				seen = chunks;
				if (quietTicks >= 2) idle.abort();
			}, idleMs / 2);
		};
		const idleError = () => new FluxNetworkError(t('FluxRouter sent nothing for {0} s; the stream was given up.', Math.round(idleMs / 1000)), true);
		let meta: FluxResponseMeta;
		let decoder: { abandon(): void; finish(emit: StreamCollector['emit']): Promise<void> } | undefined;
		try {
			const opened = await watchingBodies(() => { chunks++; }, () => this.transport.open(request, AbortSignal.any([signal, idle.signal])));
			decoder = opened.decoder;
			watchIdle();
			meta = opened.meta;
			log.debug(`response served=${meta.servedModel} routed=${meta.routed} id=${meta.requestId ?? '-'}`);
			handlers.onMeta?.(meta);
			for await (const chunk of opened.chunks) opened.decoder.push(chunk, collector.emit);
		} catch (error) {
			decoder?.abandon();
			if (idle.signal.aborted && !signal.aborted) throw idleError();
			throw this.transport.toFluxError(error, signal);
		} finally {
			clearInterval(idleTimer);
		}
		// The SDKs end iteration quietly on abort, and also when the body closes early: a finish
		// reason, not the end marker, says the reply is whole (only usage can be missing then).
		const unfinished = signal.aborted ? new FluxAbortError() : idle.signal.aborted ? idleError() : !collector.finished ? new FluxIncompleteError() : undefined;
		if (unfinished) {
			decoder.abandon();
			throw unfinished;
		}
		await decoder.finish(collector.emit);
		const result = collector.result(meta);
		log.debug(`finished ${result.finishReason} in ${Date.now() - started} ms, ${result.text.length} chars`);
		return result;
	}

	/**
	 * The served model's exact count of the request's input where the format serves one
	 * (`count_tokens` on the Anthropic base); undefined where it does not.
	 */
	async countTokens(request: FluxChatRequest, signal?: AbortSignal): Promise<number | undefined> {
		return this.transport.countTokens?.(this.withDefaults(request), signal);
	}

	private withDefaults(request: FluxChatRequest): FluxChatRequest {
		const cap = request.maxOutputTokens ?? this.options.maxOutputTokens;
		return cap === undefined ? request : { ...request, maxOutputTokens: cap };
	}

	/** The models this key may use (`GET /v1/models`), with each entry's price when the list carries one. */
	listModelEntries(signal?: AbortSignal): Promise<FluxListedModel[]> {
		return this.openai.listModels(signal);
	}
}
