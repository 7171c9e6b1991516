import { t } from '@vscode/l10n';
import { describeError, formatWait } from '../chat/errorMessages';
import { FluxAbortError, FluxConfigError, FluxHttpError, isHourlyLimit } from '../flux/errors';

/**
 * Which `vscode.LanguageModelError` a failure becomes, with FluxRouter's words in the message.
 * `cancelled` is the caller's own cancellation (a `CancellationError`, not a model error).
 */
export type LmFailure =
	| { readonly kind: 'cancelled' }
	| { readonly kind: 'NoPermissions' | 'NotFound' | 'Blocked' | 'other'; readonly message: string };

/**
 * Classifies a failure by type and status (never by its text):
 * no key and 401 are `NoPermissions` (the management command sets a key); 403, the model not
 * allowed for this key or unknown, is `NotFound`; 402 (billing, limits) and 429 (rate limited,
 * with its wait) are `Blocked`; anything else is a plain error. No request is retried here: the
 * calling extension decides, and a rate limit's wait is in the message.
 */
export function lmFailure(error: unknown, model: string): LmFailure {
	if (error instanceof FluxAbortError) return { kind: 'cancelled' };
	if (error instanceof FluxConfigError && error.reason === 'noApiKey') {
		return { kind: 'NoPermissions', message: t('No FluxRouter API key yet: run "Flux: Set API Key" (Manage Models) to use Flux models.') };
	}
	if (error instanceof FluxHttpError) {
		const wait = error.retryAfterMs !== undefined ? t(' Try again in {0}.', formatWait(error.retryAfterMs)) : '';
		switch (error.status) {
			case 401:
				return { kind: 'NoPermissions', message: t('FluxRouter rejected the API key: {0} Run "Flux: Set API Key" to change it.', error.message) };
			case 402:
				return { kind: 'Blocked', message: isHourlyLimit(error) ? t('FluxRouter billing (hourly spending limit): {0}{1}', error.message, wait) : t('FluxRouter billing: {0}{1}', error.message, wait) };
			case 403:
				return { kind: 'NotFound', message: describeError(error, model).message };
			case 429:
				return { kind: 'Blocked', message: t('FluxRouter is rate limiting this key: {0}{1}', error.message, wait) };
		}
	}
	return { kind: 'other', message: describeError(error, model).message };
}
