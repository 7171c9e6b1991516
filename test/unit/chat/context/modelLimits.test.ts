import * as assert from 'node:assert/strict';
import { ContextBudget } from '../../../../src/chat/context/contextBudget';
import { ModelLimits } from '../../../../src/chat/context/modelLimits';
import type { TokenCounter } from '../../../../src/chat/context/tokenCounter';
import type { FluxChatRequest, FluxResponseMeta } from '../../../../src/flux/fluxClient';
import { silentLogger, type Logger } from '../../../../src/flux/logger';
import { FakeLimitsStore } from '../../../fakes/fakeLimitsStore';

/** One token a word: a request of `n` words counts 3 + 4 + n of ours. */
const counter: TokenCounter = { exact: true, countText: (text) => text.split(' ').length, ready: async () => {} };

function fakeLogger(): Logger & { warnings: string[] } {
	const warnings: string[] = [];
	return { ...silentLogger, warnings, warn: (message: string) => { warnings.push(message); } };
}

/** A request of 100 words: 107 tokens of ours. */
function ask(model: string): FluxChatRequest {
	return { model, messages: [{ role: 'user', content: Array.from({ length: 100 }, () => 'w').join(' ') }] };
}

function meta(servedModel: string, requestedModel: string, modelWindow: number): FluxResponseMeta {
	return { servedModel, requestedModel, routed: requestedModel === 'flux-auto', modelWindow };
}

const ids = ['flux-pinned-gpt-5', 'flux-auto', 'claude-haiku', 'deepseek-v4', 'flux-fast'];
const limitsOf = (limits: Pick<ModelLimits, 'limits'>) => Object.fromEntries(ids.map((id) => [id, [limits.limits(id), limits.limits(id, 24_000)]]));
const nothingLearned = { version: 1, windows: {}, ratios: {}, lastServed: {}, routedServed: {} };

describe('ModelLimits: learned limits kept across restarts', () => {
	it('saves what a response teaches and a new instance on the same store starts from it', () => {
		const store = new FakeLimitsStore();
		const first = new ModelLimits({ counter, logger: silentLogger, store });
		first.observe(ask('flux-pinned-gpt-5'), meta('gpt-5', 'flux-pinned-gpt-5', 400_000), { promptTokens: 107, completionTokens: 5 });
		first.observe(ask('flux-auto'), meta('claude-haiku', 'flux-auto', 200_000), { promptTokens: 123, completionTokens: 5 });
		first.observe(ask('flux-auto'), meta('deepseek-v4', 'flux-auto', 128_000), { promptTokens: 102, completionTokens: 5 });
		const savesWhileLearning = store.saves;
		// The same response again teaches nothing new, so nothing is written.
		first.observe(ask('flux-pinned-gpt-5'), meta('gpt-5', 'flux-pinned-gpt-5', 400_000), { promptTokens: 107, completionTokens: 5 });
		const restored = new ModelLimits({ counter, logger: silentLogger, store });
		const budget = new ContextBudget({ createClient: () => Promise.reject(new Error('no calls here')), logger: silentLogger, counter, limitsStore: store });
		assert.deepStrictEqual({
			saves: [savesWhileLearning, store.saves],
			restored: limitsOf(restored),
			throughContextBudget: limitsOf(budget),
			snapshot: restored.snapshot(),
			autoAfterRestart: restored.limits('flux-auto'),
			pinnedAfterRestart: restored.limits('flux-pinned-gpt-5'),
		}, {
			saves: [3, 3],
			restored: limitsOf(first),
			throughContextBudget: limitsOf(first),
			snapshot: first.snapshot(),
			// The smallest window and the largest ratio of the models seen serving flux-auto.
			autoAfterRestart: { windowTokens: 128_000, budgetTokens: 128_000 - 8192, ratio: 123 / 107 },
			pinnedAfterRestart: { windowTokens: 400_000, budgetTokens: 400_000 - 8192, ratio: 1 },
		});
	});

	it('ignores a stored snapshot that is not a version 1 snapshot, and says so', () => {
		const defaults = limitsOf(new ModelLimits({ counter, logger: silentLogger }));
		const malformed: unknown[] = [
			'learned',
			42,
			null,
			[],
			{ ...nothingLearned, version: 2, windows: { 'gpt-5': 1000 } },
			{ version: 1, windows: { 'gpt-5': 1000 } },
			{ ...nothingLearned, windows: [1000], ratios: { 'gpt-5': 2 } },
		];
		const found = malformed.map((stored) => {
			const logger = fakeLogger();
			const limits = new ModelLimits({ counter, logger, store: new FakeLimitsStore(stored) });
			return { limits: limitsOf(limits), snapshot: limits.snapshot(), warnings: logger.warnings };
		});
		assert.deepStrictEqual(found, malformed.map(() => ({
			limits: defaults,
			snapshot: nothingLearned,
			warnings: ['ignored the saved model limits: they are not in a format this version reads'],
		})));
	});

	it('leaves out stored entries that make no sense and clamps ratios to what a measurement can give', () => {
		const store = new FakeLimitsStore({
			version: 1,
			windows: { 'gpt-5': 400_000, negative: -1, zero: 0, text: '200000', missing: null },
			ratios: { 'gpt-5': 40, 'claude-haiku': 0.01, 'deepseek-v4': 0.95, text: '1.1', missing: null },
			lastServed: { 'flux-pinned-gpt-5': 'gpt-5', number: 7, empty: '' },
			routedServed: { 'flux-auto': ['claude-haiku', 3, 'deepseek-v4'], text: 'claude-haiku' },
		});
		const limits = new ModelLimits({ counter, logger: silentLogger, store });
		assert.deepStrictEqual({ snapshot: limits.snapshot(), pinned: limits.limits('flux-pinned-gpt-5'), auto: limits.limits('flux-auto') }, {
			snapshot: {
				version: 1,
				windows: { 'gpt-5': 400_000 },
				ratios: { 'gpt-5': 3, 'claude-haiku': 0.5, 'deepseek-v4': 0.95 },
				lastServed: { 'flux-pinned-gpt-5': 'gpt-5' },
				routedServed: { 'flux-auto': ['claude-haiku', 'deepseek-v4'] },
			},
			pinned: { windowTokens: 400_000, budgetTokens: 400_000 - 8192, ratio: 3 },
			// No window known for either model that served flux-auto: the default, with their largest ratio.
			auto: { windowTokens: 128_000, budgetTokens: 128_000 - 8192, ratio: 0.95 },
		});
	});

	it('a store that fails to load or save costs only what it would have kept: never an exception', async () => {
		const logger = fakeLogger();
		const limits = new ModelLimits({
			counter, logger,
			store: { load: () => { throw new Error('storage gone'); }, save: () => Promise.reject(new Error('disk full')) },
		});
		limits.observe(ask('flux-pinned-gpt-5'), meta('gpt-5', 'flux-pinned-gpt-5', 400_000), { promptTokens: 107, completionTokens: 5 });
		await new Promise((resolve) => setImmediate(resolve));
		assert.deepStrictEqual({ warnings: logger.warnings, learned: limits.limits('flux-pinned-gpt-5') }, {
			warnings: ['could not load the learned model limits: storage gone', 'could not save the learned model limits: disk full'],
			learned: { windowTokens: 400_000, budgetTokens: 400_000 - 8192, ratio: 1 },
		});
	});
});
