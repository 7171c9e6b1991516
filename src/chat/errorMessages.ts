import { t } from '@vscode/l10n';
import { badRequestKind, FluxConfigError, FluxHttpError, FluxIncompleteError, FluxNetworkError, FluxNoProgressError, FluxProtocolError, isHourlyLimit } from '../flux/errors';
import { waitTooLong } from '../flux/retry/retryPolicy';
import type { FluxStreamResult } from '../flux/fluxClient';
import type { ErrorAction, ReplyError } from '../protocol/messages';

/**
 * Why a reply that finished normally on the wire is still not a whole answer: the model hit its
 * output limit (`length`, which Continue can pick up), the provider's filter stopped it
 * (`content_filter`), or it declined (`refusal`, shown in its own words). Undefined for a
 * complete answer.
 */
export function describeFinish(result: Pick<FluxStreamResult, 'finishReason' | 'refusal'>): ReplyError | undefined {
	if (result.refusal) return { message: result.refusal, actions: ['retry'] };
	if (result.finishReason === 'length') return { message: t('Cut off at the model\'s length limit.'), actions: ['continue', 'retry'] };
	if (result.finishReason === 'content_filter') return { message: t('The provider\'s content filter stopped this reply.'), actions: ['retry'] };
	return undefined;
}

/**
 * Why a request is being tried again, for the countdown: the failure is not final yet, so a rate
 * limit is not yet "still there after several tries".
 */
export function describeRetryWait(error: unknown, model: string, context: ErrorContext = {}): string {
	if (error instanceof FluxHttpError && error.status === 429) return t('FluxRouter is rate limiting this key: {0}', error.message);
	return describeError(error, model, context).message;
}

/**
 * A reply the model did not finish where only a whole answer will do (a rewrite: a cut-off
 * replacement would silently drop code). Carries what the user is told.
 */
export class StoppedEarlyError extends Error {
	constructor(readonly reason: ReplyError) {
		super(reason.message);
		this.name = 'StoppedEarlyError';
	}
}

/**
 * Where a turn's model came from, so an action changes what actually chose it: `setting` is
 * `flux.model`, `pin` the conversation's pin, `turn` a "Retry with…" model for that turn only.
 */
export type ModelSource = 'setting' | 'pin' | 'turn';

/** What {@link describeError} knows about the request besides the error. */
export interface ErrorContext {
	/** Where `model` came from (default `setting`: commands use `flux.model`). */
	readonly source?: ModelSource;
	/** The model that served `model` last, when known (for a routed id or a tier alias). */
	readonly servedModel?: string;
}

/** The way back to flux-auto that changes what chose the refused model. */
const fluxAutoAction: Readonly<Record<ModelSource, ErrorAction>> = {
	setting: 'useFluxAuto',
	pin: 'unpinAndRetry',
	turn: 'retryWithFluxAuto',
};

/**
 * One clear sentence and a way forward for each kind of failure, chosen by type, status and the
 * body's code, never by the message's text.
 */
export function describeError(error: unknown, model: string, context: ErrorContext = {}): ReplyError {
	if (error instanceof StoppedEarlyError) return error.reason;
	if (error instanceof FluxConfigError) {
		return error.reason === 'noApiKey'
			? { message: t('No FluxRouter API key yet. Set one to start chatting (it is kept in VS Code\'s secret storage).'), actions: ['setApiKey'] }
			: { message: error.message, actions: ['openSettings'] };
	}
	if (error instanceof FluxHttpError) {
		const ref = error.requestId ? t(' (request {0})', error.requestId) : '';
		if (waitTooLong(error) && error.retryAfterMs !== undefined) {
			const why = isHourlyLimit(error) ? t('the hourly spending limit is reached') : error.status === 429 ? t('rate limited') : t('status {0}', error.status);
			return { message: t('FluxRouter asks to wait {0} before the next request ({1}): {2}{3}', formatWait(error.retryAfterMs), why, error.message, ref), actions: ['retry'] };
		}
		switch (error.status) {
			case 400:
				if (badRequestKind(error) === 'contextLength') {
					return {
						message: t('The conversation is too long for {0}, even after Flux shortened it: {1}. Start a new chat, or pin a model with a longer context window.', context.servedModel ?? model, error.message.replace(/\.+$/, '')),
						actions: ['newChat', 'pinModel'],
					};
				}
				return { message: t('FluxRouter could not accept the request: {0}{1}', error.message, ref), actions: ['retry', 'openSettings'] };
			case 401:
				return { message: t('FluxRouter rejected the API key: {0}', error.message), actions: ['setApiKey', 'retry'] };
			case 402:
				return { message: t('FluxRouter billing: {0}{1}', error.message, ref), actions: ['retry'] };
			case 403:
				return {
					message: t('The model "{0}" is not allowed for this key: {1}. {2}', model, error.message.replace(/\.+$/, ''), model === 'flux-auto' ? t('Check the key on FluxRouter.') : t('flux-auto works with every key.')),
					actions: model === 'flux-auto' ? ['openSettings', 'retry'] : [fluxAutoAction[context.source ?? 'setting'], 'openSettings'],
				};
			case 429:
				return { message: t('FluxRouter is rate limiting this key and still was after several tries: {0}', error.message), actions: ['retry'] };
			// 529 is Anthropic's "overloaded"; the OpenAI format says 503.
			case 503:
			case 529:
				return { message: t('The models behind FluxRouter are overloaded ({0}) and still were after several tries: {1}. Try again in a moment.{2}', error.status, error.message.replace(/\.+$/, ''), ref), actions: ['retry'] };
			default:
				return { message: t('FluxRouter had a problem ({0}): {1}{2}', error.status, error.message, ref), actions: ['retry'] };
		}
	}
	if (error instanceof FluxNoProgressError) {
		return {
			message: t('FluxRouter kept the connection open for {0} without sending any answer, reasoning or tool call, so the reply was given up. Retry, or raise "flux.stream.noProgressTimeoutSeconds" for a model that thinks that long without showing it.', formatWait(error.timeoutMs)),
			actions: ['retry', 'openSettings'],
		};
	}
	if (error instanceof FluxNetworkError || error instanceof FluxProtocolError || error instanceof FluxIncompleteError) {
		return { message: error.message, actions: ['retry'] };
	}
	return { message: t('Something went wrong: {0}', error instanceof Error ? error.message : String(error)), actions: ['retry'] };
}

/** A wait in words: `45 s`, `12 min 5 s`, `1 h 0 min` (seconds rounded up). */
export function formatWait(ms: number): string {
	const total = Math.max(0, Math.ceil(ms / 1000));
	const hours = Math.floor(total / 3600);
	const minutes = Math.floor((total % 3600) / 60);
	const seconds = total % 60;
	if (hours > 0) return `${hours} h ${minutes} min`;
	if (minutes > 0) return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
	return `${seconds} s`;
}
