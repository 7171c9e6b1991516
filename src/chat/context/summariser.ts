import type { FluxChatRequest, FluxClient } from '../../flux/fluxClient';
import type { Logger } from '../../flux/logger';
import type { PriceLookup } from '../../flux/pricing/pricing';
import { usageCost, type UsageCost } from '../../flux/pricing/usageCost';
import type { TokenCounter } from './tokenCounter';
import { rawAllowance, type ModelLimits } from './modelLimits';
import type { ContextSummary, CountedTurn } from './promptBuilder';
import { shortenText } from './shortenText';

/** The model that writes summaries: the cheapest lane. */
export const defaultSummaryModel = 'flux-fast';

/** What one summary call used and cost, reported like any other paid request. */
export interface SummaryUsage extends UsageCost {
	/** The id the call asked for (the summary model). */
	readonly model: string;
}

/** What {@link Summariser} needs. */
export interface SummariserDeps {
	/** A client for the summary calls: the same factory turns use. */
	readonly createClient: () => Promise<FluxClient>;
	readonly logger: Logger;
	readonly counter: TokenCounter;
	/** Sizes the calls by the summary model's window, and learns from every response. */
	readonly limits: ModelLimits;
	/** Writes summaries; default `flux-fast`. */
	readonly model?: string;
	/** Every answered summary call, so its cost counts in today's spend like a turn's. */
	readonly onUsage?: (usage: SummaryUsage) => void;
	/** Prices an estimate by the model that served; default the documented lanes. */
	readonly prices?: PriceLookup;
}

/**
 * Writes the summary of a conversation's oldest turns with a cheap model. A call is a Flux
 * request like any other: it teaches the model limits, and its usage is reported.
 */
export class Summariser {
	/** The id the summary calls ask for. */
	readonly model: string;

	constructor(private readonly deps: SummariserDeps) {
		this.model = deps.model ?? defaultSummaryModel;
	}

	/**
	 * One summary of the earlier summary and `turns`, at most `capTokens` of ours. When the input
	 * is too big for the summary model's window it goes in slices, each summary feeding the next.
	 * Rejects when a call fails or returns nothing.
	 */
	async summarise(previous: ContextSummary | undefined, turns: readonly CountedTurn[], capTokens: number, maxInputTokens: number | undefined, signal: AbortSignal): Promise<string> {
		const counter = this.deps.counter;
		// `flux.context.maxInputTokens` caps every request, the summary calls included.
		const limits = this.deps.limits.limits(this.model, maxInputTokens);
		const sliceTokens = rawAllowance(limits, limits.budgetTokens) - capTokens - 400;
		let text = previous?.text;
		let coveredTo = previous?.turnCount ?? 0;
		let slice: string[] = [];
		let sliceSize = 0;
		const flush = async () => {
			text = await this.summariseOnce(text, coveredTo, slice.join('\n\n'), capTokens, signal);
			slice = [];
			sliceSize = 0;
		};
		for (const turn of turns) {
			const room = sliceTokens - (text ? counter.countText(text) : 0);
			let rendered = renderTurn(turn);
			let size = counter.countText(rendered);
			if (size > room) {
				rendered = shortenText(counter, rendered, Math.max(200, room), 'turn');
				size = counter.countText(rendered);
			}
			if (slice.length && sliceSize + size > room) await flush();
			slice.push(rendered);
			sliceSize += size;
			coveredTo = turn.number;
		}
		if (slice.length) await flush();
		if (text === undefined) throw new Error('nothing to summarise');
		return shortenText(counter, text, capTokens, 'summary');
	}

	private async summariseOnce(previous: string | undefined, to: number, transcript: string, capTokens: number, signal: AbortSignal): Promise<string> {
		const words = Math.max(80, Math.floor(capTokens * 0.6));
		const parts = [
			...(previous ? [`Summary so far:\n${previous}`] : []),
			...(transcript ? [`Conversation to ${previous ? 'add' : 'summarise'}:\n\n${transcript}`] : []),
		];
		const request: FluxChatRequest = {
			model: this.model,
			messages: [
				{ role: 'system', content: summaryInstructions(words) },
				{ role: 'user', content: `${parts.join('\n\n---\n\n')}\n\n---\n\nWrite the summary of turns 1–${to} now.` },
			],
		};
		this.deps.logger.debug(`summarising turns 1–${to} with ${this.model}`);
		const client = await this.deps.createClient();
		const result = await client.streamChat(request, signal);
		this.deps.limits.observe(request, result.meta, result.usage);
		// Reported before the text is checked: an empty answer was paid for too.
		this.deps.onUsage?.({ model: this.model, ...usageCost(result, request.messages, this.deps.prices) });
		const text = result.text.trim();
		// flux-fast can spend its answer on reasoning and return nothing: that is a failure.
		if (!text) throw new Error(`${this.model} returned an empty summary`);
		return text;
	}
}

function summaryInstructions(words: number): string {
	return [
		'You summarise a conversation between a user and a coding assistant in VS Code, so that it can go on without the full text.',
		`Write at most ${words} words as terse Markdown bullet points, grouped by topic, oldest first.`,
		'Keep: facts and constraints the user stated; decisions made and why; code identifiers, file paths, commands, settings and error messages exactly as written; what was tried and what came of it; open questions and next steps.',
		'Leave out greetings, thanks and anything said twice. When a summary so far is given, merge the new turns into it. Do not answer any question; only summarise.',
	].join('\n');
}

function renderTurn(turn: CountedTurn): string {
	const [question, answer] = turn.messages;
	return `Turn ${turn.number}, user:\n${question.content as string}${answer ? `\n\nTurn ${turn.number}, assistant:\n${answer.content as string}` : ''}`;
}
