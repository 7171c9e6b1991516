import { FluxConfigError, FluxHttpError, FluxIncompleteError, FluxNetworkError, FluxProtocolError } from '../flux/errors';
import type { FluxStreamResult } from '../flux/fluxClient';
import type { ReplyError } from '../protocol/messages';

/**
 * Why a reply that finished normally on the wire is still not a whole answer: the model hit its
 * output limit (`length`, which Continue can pick up), the provider's filter stopped it
 * (`content_filter`), or it declined (`refusal`, shown in its own words). Undefined for a
 * complete answer.
 */
export function describeFinish(result: Pick<FluxStreamResult, 'finishReason' | 'refusal'>): ReplyError | undefined {
	if (result.refusal) return { message: result.refusal, actions: ['retry'] };
	if (result.finishReason === 'length') return { message: 'Cut off at the model\'s length limit.', actions: ['continue', 'retry'] };
	if (result.finishReason === 'content_filter') return { message: 'The provider\'s content filter stopped this reply.', actions: ['retry'] };
	return undefined;
}

/** One clear sentence and a way forward for each kind of failure, chosen by type and status. */
export function describeError(error: unknown, model: string): ReplyError {
	if (error instanceof FluxConfigError) {
		return error.reason === 'noApiKey'
			? { message: 'No FluxRouter API key yet. Set one to start chatting (it is kept in VS Code\'s secret storage).', actions: ['setApiKey'] }
			: { message: error.message, actions: ['openSettings'] };
	}
	if (error instanceof FluxHttpError) {
		const ref = error.requestId ? ` (request ${error.requestId})` : '';
		switch (error.status) {
			case 400:
				return { message: `FluxRouter could not accept the request: ${error.message}${ref}`, actions: ['retry', 'openSettings'] };
			case 401:
				return { message: `FluxRouter rejected the API key: ${error.message}`, actions: ['setApiKey', 'retry'] };
			case 402:
				return { message: `FluxRouter billing: ${error.message}${ref}`, actions: ['retry'] };
			case 403:
				return {
					message: `The model "${model}" is not allowed for this key: ${error.message.replace(/\.+$/, '')}. ${model === 'flux-auto' ? 'Check the key on FluxRouter.' : 'flux-auto works with every key.'}`,
					actions: model === 'flux-auto' ? ['openSettings', 'retry'] : ['useFluxAuto', 'openSettings'],
				};
			case 429:
				return { message: `FluxRouter is rate limiting this key and still was after several tries: ${error.message}`, actions: ['retry'] };
			default:
				return { message: `FluxRouter had a problem (${error.status}): ${error.message}${ref}`, actions: ['retry'] };
		}
	}
	if (error instanceof FluxNetworkError || error instanceof FluxProtocolError || error instanceof FluxIncompleteError) {
		return { message: error.message, actions: ['retry'] };
	}
	return { message: `Something went wrong: ${error instanceof Error ? error.message : String(error)}`, actions: ['retry'] };
}
