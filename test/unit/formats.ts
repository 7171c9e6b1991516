import { FluxClient, type FluxApiFormat, type FluxClientOptions } from '../../src/flux/fluxClient';
import { silentLogger } from '../../src/flux/logger';
import type { FluxChatRequest, FluxStreamHandlers, FluxStreamResult } from '../../src/flux/fluxClient';
import type { FluxSimulator } from '../sim/fluxSimulator';

/** Both of FluxRouter's wire formats: suites that must not care which is in use run once per format. */
export const apiFormats: readonly FluxApiFormat[] = ['openai', 'anthropic'];

/** The chat requests the simulator received, on either base. */
export function chatRecords(sim: FluxSimulator) {
	return sim.requests.filter((r) => r.path === '/v1/chat/completions' || r.path === '/anthropic/v1/messages');
}

/** A real client on the simulator in `format` that also keeps every request it was handed, in Flux's own terms. */
export class RecordingClient extends FluxClient {
	/** `sent` may be shared by the clients of one test, as a factory makes a client per request. */
	constructor(sim: FluxSimulator, format: FluxApiFormat, options: Partial<FluxClientOptions> = {}, readonly sent: FluxChatRequest[] = []) {
		super({ baseUrl: sim.baseUrl, apiKey: 'sk-test', logger: silentLogger, format, ...options });
	}

	override streamChat(request: FluxChatRequest, signal: AbortSignal, handlers?: FluxStreamHandlers): Promise<FluxStreamResult> {
		// A copy: the turn goes on adding to the messages array it sent.
		this.sent.push({ ...request, messages: [...request.messages] });
		return super.streamChat(request, signal, handlers);
	}
}
