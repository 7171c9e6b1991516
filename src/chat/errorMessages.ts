import { FluxConfigError, FluxHttpError, FluxIncompleteError, FluxNetworkError, FluxProtocolError } from '../flux/errors';
import type { ReplyError } from '../protocol/messages';

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
