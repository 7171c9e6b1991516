import * as assert from 'node:assert/strict';
import { ModelLimits } from '../../../../src/chat/context/modelLimits';
import { turnMessages, type CountedTurn } from '../../../../src/chat/context/promptBuilder';
import { Summariser, type SummaryUsage } from '../../../../src/chat/context/summariser';
import { countMessageTokens, type TokenCounter } from '../../../../src/chat/context/tokenCounter';
import { silentLogger } from '../../../../src/flux/logger';
import type { Turn } from '../../../../src/chat/model';
import { startFluxSimulator, type FluxSimulator } from '../../../sim/fluxSimulator';
import { bpeTokenizer } from '../../../../src/chat/context/bpeTokenizer';
import { apiFormats, RecordingClient } from '../../formats';

const counter: TokenCounter = { exact: true, countText: bpeTokenizer.count, ready: async () => {} };
const noSignal = () => new AbortController().signal;

function counted(n: number): CountedTurn {
	const turn: Turn = { id: `t${n}`, question: `Question ${n}: why?`, reply: { status: 'done', text: `Answer ${n}: because.`, reasoning: '' } };
	const messages = turnMessages(turn);
	return { turn, number: n, messages, tokens: messages.reduce((total, m) => total + countMessageTokens(counter, m), 0) };
}

for (const format of apiFormats) describe(`Summariser: a Flux client like any other (${format} format)`, () => {
	let sim: FluxSimulator;
	let reported: SummaryUsage[];
	let limits: ModelLimits;
	const summariser = () => new Summariser({
		createClient: async () => new RecordingClient(sim, format, { timeoutMs: 5000 }),
		logger: silentLogger, counter, limits,
		onUsage: (usage) => reported.push(usage),
	});

	before(async () => { sim = await startFluxSimulator(); });
	after(async () => { await sim.close(); });
	beforeEach(() => { sim.reset(); reported = []; limits = new ModelLimits({ counter, logger: silentLogger }); });

	it('reports each call\'s tokens and cost (from usage.cost_usd where the format has it), and learns from the response', async () => {
		sim.enqueue({ content: 'SUMMARY', usage: { prompt_tokens: 1200, completion_tokens: 80, cost_usd: 0.00128 } });
		const text = await summariser().summarise(undefined, [counted(1), counted(2)], 500, undefined, noSignal());
		// Anthropic's usage carries no cost: an estimate, at $2 per million tokens for a served model with no price known.
		const cost = format === 'openai' ? { costUsd: 0.00128, costSource: 'usage' } : { costUsd: 0.00256, costSource: 'estimate' };
		assert.deepStrictEqual({ text, reported, window: limits.limits('flux-fast').windowTokens }, {
			text: 'SUMMARY',
			reported: [{ model: 'flux-fast', servedModel: 'claude-haiku', promptTokens: 1200, completionTokens: 80, ...cost, tokensReported: true }],
			window: 200_000,
		});
	});

	it('an empty summary was paid for too: reported (an estimate at the served model\'s price, without cost_usd) before it fails', async () => {
		sim.enqueue({ reasoning: 'Thinking it over.', chunks: [], usage: { prompt_tokens: 900, completion_tokens: 300, cost_usd: undefined } });
		await assert.rejects(summariser().summarise(undefined, [counted(1)], 500, undefined, noSignal()), { message: 'flux-fast returned an empty summary' });
		// flux-fast's lane price, $1 per million tokens.
		assert.deepStrictEqual(reported, [{ model: 'flux-fast', servedModel: 'claude-haiku', promptTokens: 900, completionTokens: 300, costUsd: 0.0024, costSource: 'estimate', tokensReported: true }]);
	});

	it('a call that fails reports nothing', async () => {
		sim.enqueue({ fault: { kind: 'http', status: 500 } });
		await assert.rejects(summariser().summarise(undefined, [counted(1)], 500, undefined, noSignal()));
		assert.deepStrictEqual(reported, []);
	});
});
