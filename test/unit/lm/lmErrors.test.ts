import * as assert from 'node:assert/strict';
import { FluxAbortError, FluxConfigError, FluxNetworkError } from '../../../src/flux/errors';
import { FluxClient } from '../../../src/flux/fluxClient';
import { silentLogger } from '../../../src/flux/logger';
import { lmFailure } from '../../../src/lm/lmErrors';
import { startFluxSimulator, type FluxSimulator } from '../../sim/fluxSimulator';
import type { ScriptedReply } from '../../sim/simScript';

describe('language model errors from Flux failures', () => {
	let sim: FluxSimulator;
	before(async () => { sim = await startFluxSimulator({ apiKeys: ['sk-good'] }); });
	after(async () => { await sim.close(); });
	beforeEach(() => sim.reset());

	/** The failure a real request to the simulator turns into. */
	async function failureOf(reply: ScriptedReply | undefined, options: { key?: string; model?: string } = {}) {
		if (reply) sim.script.push(reply);
		const model = options.model ?? 'flux-auto';
		const client = new FluxClient({ baseUrl: sim.baseUrl, apiKey: options.key ?? 'sk-good', logger: silentLogger });
		const error = await client.streamChat({ model, messages: [{ role: 'user', content: 'hi' }] }, new AbortController().signal).then(() => undefined, (e: unknown) => e);
		return lmFailure(error, model);
	}

	it('maps no key and 401 to NoPermissions, 402 and 429 to Blocked with the wait, 403 to NotFound, the rest to a plain error', async () => {
		const found = {
			noKey: lmFailure(new FluxConfigError('noApiKey', 'No FluxRouter API key.'), 'flux-auto'),
			unauthorized: await failureOf(undefined, { key: 'sk-bad' }),
			billing: await failureOf({ fault: { kind: 'billing', reason: 'hourly_limit', retryAfter: 90 } }),
			forbidden: await failureOf(undefined, { model: 'flux-pinned-nothing' }),
			rateLimited: await failureOf({ fault: { kind: 'rateLimited', retryAfter: 30 } }),
			server: await failureOf({ fault: { kind: 'http', status: 500, message: 'Upstream exploded.' } }),
			network: lmFailure(new FluxNetworkError('Could not reach FluxRouter: ECONNREFUSED'), 'flux-auto'),
			aborted: lmFailure(new FluxAbortError(), 'flux-auto'),
		};
		const kinds = Object.fromEntries(Object.entries(found).map(([k, v]) => [k, v.kind]));
		assert.deepEqual(kinds, { noKey: 'NoPermissions', unauthorized: 'NoPermissions', billing: 'Blocked', forbidden: 'NotFound', rateLimited: 'Blocked', server: 'other', network: 'other', aborted: 'cancelled' });
		const message = (f: typeof found.noKey) => 'message' in f ? f.message : '';
		assert.match(message(found.noKey), /Flux: Set API Key/);
		assert.match(message(found.unauthorized), /^FluxRouter rejected the API key: .+ Run "Flux: Set API Key"/);
		assert.match(message(found.billing), /^FluxRouter billing \(hourly spending limit\): .+ Try again in 1 min 30 s\.$/);
		assert.match(message(found.forbidden), /The model "flux-pinned-nothing" is not allowed for this key/);
		assert.match(message(found.rateLimited), /^FluxRouter is rate limiting this key: .+ Try again in 30 s\.$/);
		assert.match(message(found.server), /Upstream exploded/);
		assert.equal(message(found.network), 'Could not reach FluxRouter: ECONNREFUSED');
	});

	it('ends a request that only gets keep-alives with a plain error that says so', async () => {
		sim.script.push({ chunks: ['never sent'], fault: { kind: 'stall', seconds: 60, afterChunks: 0, keepAliveMs: 30 } });
		const client = new FluxClient({ baseUrl: sim.baseUrl, apiKey: 'sk-good', logger: silentLogger, idleTimeoutMs: 200, noProgressTimeoutMs: 400 });
		const error = await client.streamChat({ model: 'flux-auto', messages: [{ role: 'user', content: 'hi' }] }, new AbortController().signal).then(() => undefined, (e: unknown) => e);
		assert.deepEqual(lmFailure(error, 'flux-auto'), {
			kind: 'other',
			message: 'FluxRouter kept the connection open for 1 s without sending any answer, reasoning or tool call, so the reply was given up. Retry, or raise "flux.stream.noProgressTimeoutSeconds" for a model that thinks that long without showing it.',
		});
	});
});
