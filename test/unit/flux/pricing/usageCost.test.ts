import * as assert from 'node:assert/strict';
import type { FluxResponseMeta } from '../../../../src/flux/fluxClient';
import { usageCost } from '../../../../src/flux/pricing/usageCost';

describe('usageCost: one rule for every paid request', () => {
	it('takes the header, else usage.cost_usd, else the served model\'s price; tokens from usage, else four characters a token', () => {
		const meta: FluxResponseMeta = { servedModel: 'claude-haiku', requestedModel: 'flux-reasoning', routed: false };
		const messages = [{ role: 'user' as const, content: 'x'.repeat(50) }];
		const usage = { promptTokens: 1000, completionTokens: 500 };
		const reply = { text: 'y'.repeat(30), reasoning: 'z'.repeat(10) };
		const served = { servedModel: 'claude-haiku', tokensReported: true };
		assert.deepStrictEqual({
			header: usageCost({ ...reply, meta: { ...meta, costUsd: 0.004 }, usage: { ...usage, costUsd: 0.003 } }, messages),
			usage: usageCost({ ...reply, meta, usage: { ...usage, costUsd: 0.003 } }, messages),
			estimate: usageCost({ ...reply, meta, usage }, messages),
			noUsage: usageCost({ ...reply, meta: { servedModel: 'flux-fast', requestedModel: 'flux-fast', routed: false } }, messages),
		}, {
			header: { promptTokens: 1000, completionTokens: 500, costUsd: 0.004, costSource: 'header', ...served },
			usage: { promptTokens: 1000, completionTokens: 500, costUsd: 0.003, costSource: 'usage', ...served },
			// Served by claude-haiku, which nothing was learned about: the Daily Driver rate, $2 per
			// million, never the Deep Thought lane of the flux-reasoning id that was asked for.
			estimate: { promptTokens: 1000, completionTokens: 500, costUsd: 0.003, costSource: 'estimate', ...served },
			// No X-Flux-Model: the id asked for is all that is known. 80 characters of JSON and 40 of reply, at $1 per million.
			noUsage: { promptTokens: 20, completionTokens: 10, costUsd: 30 / 1_000_000, costSource: 'estimate', servedModel: 'flux-fast', tokensReported: false },
		});
	});
});
