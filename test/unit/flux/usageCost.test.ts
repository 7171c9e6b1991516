import * as assert from 'node:assert/strict';
import type { FluxResponseMeta } from '../../../src/flux/fluxClient';
import { usageCost } from '../../../src/flux/usageCost';

describe('usageCost: one rule for every paid request', () => {
	it('takes the header, else usage.cost_usd, else lane prices; tokens from usage, else four characters a token', () => {
		const meta: FluxResponseMeta = { servedModel: 'claude-sonnet', requestedModel: 'flux-standard', routed: false };
		const messages = [{ role: 'user' as const, content: 'x'.repeat(50) }];
		const usage = { promptTokens: 1000, completionTokens: 500 };
		const reply = { text: 'y'.repeat(30), reasoning: 'z'.repeat(10) };
		assert.deepStrictEqual({
			header: usageCost({ ...reply, meta: { ...meta, costUsd: 0.004 }, usage: { ...usage, costUsd: 0.003 } }, messages, 'flux-standard'),
			usage: usageCost({ ...reply, meta, usage: { ...usage, costUsd: 0.003 } }, messages, 'flux-standard'),
			estimate: usageCost({ ...reply, meta, usage }, messages, 'flux-standard'),
			noUsage: usageCost({ ...reply, meta }, messages, 'flux-fast'),
		}, {
			header: { promptTokens: 1000, completionTokens: 500, costUsd: 0.004, costSource: 'header' },
			usage: { promptTokens: 1000, completionTokens: 500, costUsd: 0.003, costSource: 'usage' },
			// flux-standard's lane: $2 per million tokens.
			estimate: { promptTokens: 1000, completionTokens: 500, costUsd: 0.003, costSource: 'estimate' },
			// 80 characters of JSON and 40 of reply, at $1 per million (flux-fast).
			noUsage: { promptTokens: 20, completionTokens: 10, costUsd: 30 / 1_000_000, costSource: 'estimate' },
		});
	});
});
