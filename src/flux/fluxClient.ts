import { t } from '@vscode/l10n';
import OpenAI from 'openai';
import type { createAnthropicTransport } from './anthropic/anthropicTransport';
import { watchingBodies } from './http/bodyActivity';
import type { FluxChatRequest } from './chatRequest';
import { FluxAbortError, FluxIncompleteError, FluxNetworkError, FluxNoProgressError } from './errors';
import { guardedFetch } from './http/guardedFetch';
import { withoutSdkHeaderVariables } from './http/sdkEnvironment';
import type { Logger } from './logger';
import { OpenAITransport, type FluxListedModel } from './openai/openaiTransport';
import { StreamCollector, type FluxResponseMeta, type FluxStreamHandlers, type FluxStreamResult } from './streamEvents';
import { watchStream, type StreamGiveUp } from './streamWatchdog';
import type { FluxTransport } from './transport';

export type { FluxChatRequest, FluxMessage, FluxThinkingBlock, FluxToolCall, FluxToolChoice, FluxToolDefinition } from './chatRequest';
export type { FluxFinishReason, FluxResponseMeta, FluxStreamHandlers, FluxStreamResult, FluxToolArgumentsPiece, FluxUsage } from './streamEvents';
export type { FluxListedModel } from './openai/openaiTransport';

/** About two minutes: long answers stream for a while, and the SDK default is too short. */
export const defaultTimeoutMs = 120_000;

/** A stream that sends nothing for this long is treated as broken. */
export const defaultIdleTimeoutMs = 60_000;

/**
 * Five minutes: a stream that sends only keep-alives for this long, with no answer text, reasoning
 * or tool call, is given up (`flux.stream.noProgressTimeoutSeconds`). Generous, as some models
 * think for minutes without streaming their thoughts.
 */
export const defaultNoProgressTimeoutMs = 300_000;

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
	/** Between two pieces of the model's output (text, reasoning, tool calls): keep-alives do not count. */
	readonly noProgressTimeoutMs?: number;
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
	private readonly fetch: typeof fetch;

	constructor(private readonly options: FluxClientOptions) {
		this.fetch = guardedFetch(options.apiKey, options.logger);
		// The Anthropic SDK reads ANTHROPIC_AUTH_TOKEN unless told null, and traces through whatever
		// OpenTelemetry provider another extension registered (ANTHROPIC_OPEN_TELEMETRY*) unless told false.
		this.transport = options.format === 'anthropic'
			? withoutSdkHeaderVariables(() => loadAnthropic()({ ...this.sdkOptions(), baseURL: anthropicBaseUrl(options.baseUrl), authToken: null, openTelemetry: false }))
			: this.openai;
	}

	/** The OpenAI base's transport: the chat's on that format, and the model list's on both (made when first needed). */
	private get openai(): OpenAITransport {
		// Left unset, these come from OPENAI_ORG_ID, OPENAI_PROJECT_ID and OPENAI_ADMIN_KEY, meant for OpenAI itself.
		return this.openaiTransport ??= new OpenAITransport(withoutSdkHeaderVariables(() => new OpenAI({ ...this.sdkOptions(), baseURL: this.options.baseUrl, organization: null, project: null, adminAPIKey: null })), this.options.logger);
	}

	/**
	 * What both SDKs get. Each option the SDKs would otherwise read from the environment (key, base
	 * URL, log level) is given; the custom headers they read from it are hidden while they are built
	 * (withoutSdkHeaderVariables), and whatever else is no header of theirs is left out by {@link guardedFetch}.
	 */
	private sdkOptions() {
		// Retries belong to the caller, which shows a countdown and never retries after text. No
		// agent or dispatcher of our own: guardedFetch calls the global fetch, which VS Code's
		// extension host sends through `http.proxy` or HTTPS_PROXY (test/integration/suite/proxy.test.ts).
		return { apiKey: this.options.apiKey, timeout: this.options.timeoutMs ?? defaultTimeoutMs, maxRetries: 0, logger: this.options.logger, logLevel: 'warn' as const, fetch: this.fetch };
	}

	/**
	 * Streams one reply. Throws FluxHttpError, FluxNetworkError, FluxAbortError (when `signal`
	 * fires), FluxIncompleteError (the stream closed before saying why it ended),
	 * FluxNoProgressError (it stayed open with no output for `noProgressTimeoutMs`) or
	 * FluxProtocolError; deltas already passed to `onDelta` stay valid.
	 */
	async streamChat(asked: FluxChatRequest, signal: AbortSignal, handlers: FluxStreamHandlers = {}): Promise<FluxStreamResult> {
		const request = this.withDefaults(asked);
		const started = Date.now();
		const log = this.options.logger;
		log.trace('request body', request.messages);
		const collector = new StreamCollector(handlers, started);
		const limits = { idleMs: this.options.idleTimeoutMs ?? defaultIdleTimeoutMs, noProgressMs: this.options.noProgressTimeoutMs ?? defaultNoProgressTimeoutMs };
		const watchdog = new AbortController();
		let gaveUp: StreamGiveUp | undefined;
		let stopWatching = (): void => {};
		let chunks = 0;
		const gaveUpError = (why: StreamGiveUp) => why === 'idle'
			? new FluxNetworkError(t('FluxRouter sent nothing for {0} s; the stream was given up.', Math.round(limits.idleMs / 1000)), true)
			: new FluxNoProgressError(limits.noProgressMs);
		let meta: FluxResponseMeta;
		let decoder: { abandon(): void; finish(emit: StreamCollector['emit']): Promise<void> } | undefined;
		try {
			const opened = await watchingBodies(() => { chunks++; }, () => this.transport.open(request, AbortSignal.any([signal, watchdog.signal])));
			decoder = opened.decoder;
			stopWatching = watchStream(limits, () => chunks, () => collector.progress, (why) => {
				gaveUp = why;
				watchdog.abort();
			});
			meta = opened.meta;
			log.debug(`response served=${meta.servedModel} routed=${meta.routed} id=${meta.requestId ?? '-'}`);
			handlers.onMeta?.(meta);
			for await (const chunk of opened.chunks) opened.decoder.push(chunk, collector.emit);
		} catch (error) {
			decoder?.abandon();
			if (gaveUp && !signal.aborted) throw gaveUpError(gaveUp);
			throw this.transport.toFluxError(error, signal);
		} finally {
			stopWatching();
		}
		// The SDKs end iteration quietly on abort, and also when the body closes early: a finish
		// reason, not the end marker, says the reply is whole (only usage can be missing then).
		const unfinished = signal.aborted ? new FluxAbortError() : gaveUp ? gaveUpError(gaveUp) : !collector.finished ? new FluxIncompleteError() : undefined;
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
