import * as assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type * as OpenTelemetry from '@opentelemetry/api';
import { FluxClient } from '../../../../src/flux/fluxClient';
import { guardedFetch } from '../../../../src/flux/http/guardedFetch';
import { silentLogger, type Logger } from '../../../../src/flux/logger';
import { fakeToolEnvironment, leakMarker } from '../../../fakes/fakeToolEnvironment';
import { startFluxSimulator, type FluxSimulator } from '../../../sim/fluxSimulator';
import type { SimRequestRecord } from '../../../sim/requestLog';
import { apiFormats } from '../../formats';

const fluxKey = 'sk-flux-env-test';

/** What a request carried, for comparing whole: a 200 means the simulator's one accepted key was ours. */
function carried(record: SimRequestRecord) {
	return {
		path: record.path, status: record.status, credentials: record.credentialHeaders,
		leaked: JSON.stringify({ headers: record.headers, body: record.body }).toLowerCase().includes(leakMarker),
	};
}

/** Every header name the requests carried, once, sorted. */
const headerNames = (records: readonly SimRequestRecord[]) => [...new Set(records.flatMap((r) => Object.keys(r.headers)))].sort();

/** Added by Node's fetch itself, whatever the SDK asked. */
const transportHeaders = ['accept-encoding', 'accept-language', 'connection', 'content-length', 'host', 'sec-fetch-mode'];
const stainless = ['x-stainless-arch', 'x-stainless-lang', 'x-stainless-os', 'x-stainless-package-version', 'x-stainless-retry-count', 'x-stainless-runtime', 'x-stainless-runtime-version'];

describe('Requests under environment variables meant for other tools', () => {
	let sim: FluxSimulator;
	const saved = new Map<string, string | undefined>();

	before(async () => {
		sim = await startFluxSimulator({ apiKeys: [fluxKey] });
		for (const [name, value] of Object.entries(fakeToolEnvironment)) {
			saved.set(name, process.env[name]);
			process.env[name] = value;
		}
	});

	after(async () => {
		for (const [name, value] of saved) {
			if (value === undefined) delete process.env[name];
			else process.env[name] = value;
		}
		await sim.close();
	});

	beforeEach(() => sim.reset());

	for (const format of apiFormats) it(`sends the Flux key and only the SDK's own headers on every request (${format} format)`, async () => {
		const client = new FluxClient({ baseUrl: sim.baseUrl, apiKey: fluxKey, logger: silentLogger, format, timeoutMs: 5000 });
		const request = { model: 'flux-auto', messages: [{ role: 'user' as const, content: 'hi' }] };
		const reply = await client.streamChat(request, new AbortController().signal);
		const models = await client.listModelEntries();
		const counted = await client.countTokens(request);
		await sim.idle();
		const chatPath = format === 'openai' ? '/v1/chat/completions' : '/anthropic/v1/messages';
		const ok = (path: string) => ({ path, status: 200, credentials: ['authorization'], leaked: false });
		assert.deepEqual({
			reply: reply.text.length > 0, models: models.length > 0, counted: typeof counted,
			requests: sim.requests.map(carried), names: headerNames(sim.requests),
		}, {
			reply: true, models: true, counted: format === 'openai' ? 'undefined' : 'number',
			requests: format === 'openai' ? [ok(chatPath), ok('/v1/models')] : [ok(chatPath), ok('/v1/models'), ok('/anthropic/v1/messages/count_tokens')],
			names: [...transportHeaders, 'accept', 'content-type', 'user-agent', ...stainless, ...format === 'anthropic' ? ['anthropic-version', 'x-stainless-timeout'] : []].sort(),
		});
	});

	it('hides the SDKs\' custom-header variables only while a client is built: they are back for other tools afterwards', () => {
		// The Anthropic client is built with FluxClient, the OpenAI one on its first use.
		for (const format of apiFormats) void new FluxClient({ baseUrl: sim.baseUrl, apiKey: fluxKey, logger: silentLogger, format }).listModelEntries().catch(() => {});
		assert.deepEqual([process.env.OPENAI_CUSTOM_HEADERS, process.env.ANTHROPIC_CUSTOM_HEADERS], [fakeToolEnvironment.OPENAI_CUSTOM_HEADERS, fakeToolEnvironment.ANTHROPIC_CUSTOM_HEADERS]);
	});

	it('leaves out every header off the list, and sets Authorization to the Flux key, logging names but no values', async () => {
		const logged: string[] = [];
		const logger: Logger = { ...silentLogger, debug: (message) => logged.push(message) };
		const response = await guardedFetch(fluxKey, logger)(`${sim.baseUrl}/models`, { headers: {
			Accept: 'application/json', 'OpenAI-Organization': 'org-envleak', Authorization: 'Bearer sk-envleak-other',
			'X-Api-Key': 'sk-envleak-other', traceparent: '00-envleak-01', 'Anthropic-Beta': 'envleak',
		} });
		await response.text();
		await sim.idle();
		assert.deepEqual({ request: carried(sim.requests[0]), names: headerNames(sim.requests), logged }, {
			request: { path: '/v1/models', status: 200, credentials: ['authorization'], leaked: false },
			// Node's fetch adds its own user-agent where none is given, and no length to a GET.
			names: ['accept', 'accept-encoding', 'accept-language', 'connection', 'host', 'sec-fetch-mode', 'user-agent'],
			logged: [
				'request headers left out: anthropic-beta, openai-organization, traceparent, x-api-key',
				'request header authorization did not carry the Flux key; sent the Flux key instead',
			],
		});
	});

	it('traces nothing through an OpenTelemetry provider registered in the process (Anthropic format)', async () => {
		// The instance of the API the Anthropic SDK loads: its global provider is the process's, which
		// another extension in the same extension host may have set.
		const otel = createRequire(require.resolve('@anthropic-ai/sdk'))('@opentelemetry/api') as typeof OpenTelemetry;
		const started: string[] = [];
		const tracer = {
			startSpan: (name: string) => { started.push(name); return otel.trace.wrapSpanContext(otel.INVALID_SPAN_CONTEXT); },
			startActiveSpan: () => { throw new Error('not used'); },
		};
		otel.trace.setGlobalTracerProvider({ getTracer: () => tracer });
		try {
			const client = new FluxClient({ baseUrl: sim.baseUrl, apiKey: fluxKey, logger: silentLogger, format: 'anthropic', timeoutMs: 5000 });
			await client.streamChat({ model: 'flux-auto', messages: [{ role: 'user', content: 'hi' }] }, new AbortController().signal);
		} finally {
			otel.trace.disable();
		}
		assert.deepEqual(started, []);
	});
});
