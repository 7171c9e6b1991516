import { t } from '@vscode/l10n';
import { FluxAbortError, FluxHttpError, FluxNetworkError, FluxProtocolError } from '../errors';

type ErrorClass<E extends Error = Error> = abstract new (...args: never[]) => E;

/** The error classes that both official SDKs throw (they are generated alike). */
export interface SdkErrorClasses<HttpError extends Error> {
	readonly APIUserAbortError: ErrorClass;
	readonly APIConnectionTimeoutError: ErrorClass;
	readonly APIConnectionError: ErrorClass<Error & { readonly cause?: unknown }>;
	readonly APIError: ErrorClass<HttpError>;
}

/**
 * What an SDK threw, as one of our typed errors: a stop, a timeout, no connection, a line that
 * is not JSON, a broken stream, or an HTTP error (read by the format's own `httpError`).
 */
export function sdkErrorToFlux<HttpError extends Error>(error: unknown, signal: AbortSignal | undefined, sdk: SdkErrorClasses<HttpError>, httpError: (error: HttpError) => FluxHttpError): Error {
	if (error instanceof FluxHttpError) return error;
	if (signal?.aborted || error instanceof sdk.APIUserAbortError) return new FluxAbortError();
	if (error instanceof sdk.APIConnectionTimeoutError) return new FluxNetworkError(t('FluxRouter did not answer in time.'), true);
	if (error instanceof sdk.APIConnectionError) return new FluxNetworkError(t('Could not reach FluxRouter: {0}', error.cause instanceof Error ? error.cause.message : error.message));
	if (error instanceof sdk.APIError) return httpError(error);
	if (error instanceof SyntaxError) return new FluxProtocolError(t('FluxRouter sent a stream line that is not JSON: {0}', error.message));
	if (error instanceof Error) return new FluxNetworkError(t('The connection to FluxRouter broke: {0}', error.message));
	return new FluxNetworkError(String(error));
}
