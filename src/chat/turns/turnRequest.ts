import type { FluxMessage, FluxToolDefinition } from '../../flux/chatRequest';
import { historyMessages, type ContextBudget, type ContextSummary, type PreparedContext } from '../context/contextBudget';
import type { ChatSettings } from './types';
import type { Conversation } from '../model';

/** A turn's first request, as the context budget made it. */
export interface PreparedTurn {
	readonly messages: FluxMessage[];
	/** What the budget reported (absent without a budget). */
	readonly context?: PreparedContext;
	/** A summary made for this request, to be saved with the conversation. */
	readonly newSummary?: ContextSummary;
}

/**
 * The messages of turn `turnId`'s first request: the system prompt, the turns before it (fitted
 * to the context window, summarising the oldest when there is a budget) and its question.
 * Undefined when `signal` fired while older turns were being summarised: nothing was asked yet.
 */
export async function prepareTurn(
	conversation: Conversation,
	turnId: string,
	request: { readonly model: string; readonly settings: ChatSettings; readonly tools?: readonly FluxToolDefinition[] },
	budget: ContextBudget | undefined,
	signal: AbortSignal,
): Promise<PreparedTurn | undefined> {
	const index = conversation.turns.findIndex((t) => t.id === turnId);
	const turn = conversation.turns[index];
	const history = conversation.turns.slice(0, index);
	const { settings } = request;
	if (!budget) return { messages: historyMessages(settings.systemPrompt, history, turn) };
	try {
		const context = await budget.prepare({
			model: request.model, systemPrompt: settings.systemPrompt, history, current: turn, summary: conversation.summary,
			...(request.tools ? { tools: request.tools } : {}), maxInputTokens: settings.maxInputTokens,
		}, signal);
		return { messages: context.messages, context, ...(context.summaryIsNew && context.summary ? { newSummary: context.summary } : {}) };
	} catch (error) {
		if (signal.aborted) return undefined;
		throw error;
	}
}
