import * as assert from 'node:assert/strict';
import { FluxHttpError } from '../../../src/flux/errors';
import { FluxClient } from '../../../src/flux/fluxClient';
import { silentLogger } from '../../../src/flux/logger';
import { startFluxSimulator, type FluxSimulator } from '../../sim/fluxSimulator';
import { readStreamExpectation, readStreamFixture, streamFixtureNames } from '../../sim/streamFixtures';
import type { FluxStreamResult } from '../../../src/flux/fluxClient';

/** What a corpus file assembled to, in the shape of its `.expected.json`. */
function assembled(result: FluxStreamResult): Record<string, unknown> {
	const { text, reasoning, refusal, finishReason, toolCalls, usage, thinkingBlocks } = result;
	return { text, reasoning, ...(refusal !== undefined ? { refusal } : {}), finishReason, toolCalls, ...(usage ? { usage } : {}), ...(thinkingBlocks ? { thinkingBlocks } : {}) };
}

/** A typed error by the fields callers classify it with (the request id depends on the run). */
function classified(error: unknown): Record<string, unknown> {
	const e = error as Error;
	return error instanceof FluxHttpError
		? { name: e.name, message: e.message, status: error.status, ...(error.type !== undefined ? { type: error.type } : {}), ...(error.code !== undefined ? { code: error.code } : {}) }
		: { name: e.name, message: e.message };
}

/**
 * Every file of the conformance corpus (test/fixtures/streams/) goes through the real client,
 * replayed byte for byte by the simulator, and must assemble to its `.expected.json`: the result,
 * or the typed error with the text that streamed before it.
 */
describe('FluxClient on the stream corpus', () => {
	let sim: FluxSimulator;
	before(async () => { sim = await startFluxSimulator(); });
	after(async () => { await sim.close(); });
	beforeEach(() => sim.reset());

	it('is replayed byte for byte, scripted through the control endpoint, with the X-Flux headers', async () => {
		const script = async (body: unknown) => (await fetch(`${sim.url}/_sim/script`, { method: 'POST', body: JSON.stringify(body) })).status;
		const statuses = [await script({ fixture: 'no/such' }), await script({ fixture: 'parallelRepeatedCrlf' })];
		const response = await fetch(`${sim.baseUrl}/chat/completions`, {
			method: 'POST',
			headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
			body: JSON.stringify({ model: 'flux-fast', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
		});
		const body = Buffer.from(await response.arrayBuffer());
		assert.deepStrictEqual({
			statuses,
			served: response.headers.get('x-flux-model'),
			routed: response.headers.get('x-flux-routed'),
			exact: body.equals(readStreamFixture('parallelRepeatedCrlf')),
			crlf: body.includes('\r\n\r\n'),
		}, { statuses: [400, 200], served: 'claude-haiku', routed: 'false', exact: true, crlf: true });
	});

	// The OpenAI shapes through the OpenAI format, Anthropic's (anthropic/…) through the Anthropic format.
	const corpus = [...streamFixtureNames().map((name) => [name, 'openai'] as const), ...streamFixtureNames('anthropic').map((name) => [name, 'anthropic'] as const)];
	for (const [name, format] of corpus) {
		it(name, async () => {
			sim.script.push({ fixture: name, model: 'claude-sonnet' });
			const client = new FluxClient({ baseUrl: sim.baseUrl, apiKey: 'sk-test', logger: silentLogger, timeoutMs: 5000, format });
			const events: string[] = [];
			const streamed = { text: '', reasoning: '' };
			const outcome = await client.streamChat({ model: 'flux-auto', messages: [{ role: 'user', content: 'hi' }] }, new AbortController().signal, {
				onMeta: (meta) => events.push(`meta ${meta.servedModel}`),
				onDelta: (delta) => {
					if (events.at(-1) !== 'delta') events.push('delta');
					streamed.text += delta.content ?? '';
					streamed.reasoning += delta.reasoning ?? '';
				},
			}).then((result) => ({ result }), (error: unknown) => ({ error }));
			const expected = readStreamExpectation(name) as Record<string, unknown>;
			if ('result' in outcome) {
				// What streamed is what was assembled: the view and the saved reply agree.
				assert.deepStrictEqual({ ...assembled(outcome.result), streamed, metaFirst: events[0] },
					{ ...expected, streamed: { text: expected.text, reasoning: expected.reasoning }, metaFirst: 'meta claude-sonnet' });
			} else {
				assert.deepStrictEqual({ streamed, error: classified(outcome.error), metaFirst: events[0] }, { ...expected, metaFirst: 'meta claude-sonnet' });
			}
		});
	}
});
