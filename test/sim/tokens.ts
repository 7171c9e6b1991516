// A deterministic stand-in for a tokenizer. A "token" is a run of up to 8 letters/digits/underscores
// or a single other non-space character, together with the whitespace before it. Real tokenizers
// differ, but this one is stable, cheap, and makes streamed deltas look like real tokens: the
// content deltas of a default reply are exactly these tokens, so `completion_tokens` equals the
// number of reasoning and content deltas.

import type { BackingModel } from './catalogue';

const TOKEN = /\s*(?:[\p{L}\p{N}_]{1,8}|[^\s\p{L}\p{N}_])|\s+/gu;

/** Splits text into token-sized pieces whose concatenation is the text itself. */
export function splitTokens(text: string): string[] {
	return text.match(TOKEN) ?? [];
}

/** The approximate token count of a text. */
export function countTokens(text: string): number {
	let count = 0;
	TOKEN.lastIndex = 0;
	while (TOKEN.exec(text) !== null) {
		count++;
	}
	return count;
}

/** Per-message framing tokens, as OpenAI-style chat formats add, plus 3 to prime the reply. */
const MESSAGE_OVERHEAD = 4;
const REPLY_PRIMING = 3;

/**
 * Approximate prompt tokens of a chat request: message texts (string content, text parts, tool
 * call names and arguments), 4 per message, 3 for priming, plus the JSON of any `tools`.
 * Image parts count a flat 85, the price of a low-detail image at OpenAI.
 */
export function countPromptTokens(messages: readonly unknown[], tools: unknown): number {
	let total = REPLY_PRIMING;
	for (const message of messages) {
		total += MESSAGE_OVERHEAD + countTokens(messageText(message));
		total += 85 * imageParts(message);
	}
	if (Array.isArray(tools) && tools.length > 0) {
		total += countTokens(JSON.stringify(tools));
	}
	return total;
}

/** The text a message carries, for counting and for heuristics. */
export function messageText(message: unknown): string {
	if (typeof message !== 'object' || message === null) {
		return '';
	}
	const { content, tool_calls: toolCalls } = message as { content?: unknown; tool_calls?: unknown };
	const parts: string[] = [contentText(content)];
	if (Array.isArray(toolCalls)) {
		for (const call of toolCalls as Array<{ function?: { name?: unknown; arguments?: unknown } }>) {
			parts.push(String(call.function?.name ?? ''), String(call.function?.arguments ?? ''));
		}
	}
	return parts.filter((p) => p !== '').join('\n');
}

/** The text of a `content` field: a string, or the text parts of an array of parts. */
export function contentText(content: unknown): string {
	if (typeof content === 'string') {
		return content;
	}
	if (!Array.isArray(content)) {
		return '';
	}
	return content
		.filter((part): part is { type: 'text'; text: string } => part?.type === 'text' && typeof part.text === 'string')
		.map((part) => part.text)
		.join('\n');
}

/** How many image parts a message carries. */
export function imageParts(message: unknown): number {
	const content = (message as { content?: unknown } | null)?.content;
	return Array.isArray(content) ? content.filter((part) => part?.type === 'image_url').length : 0;
}

/**
 * Prompt tokens as `model` counts them: the simulator's count scaled by the model's tokenizer
 * ratio (rounded), which `usage.prompt_tokens` reports and the context-length check uses.
 */
export function servedPromptTokens(model: Pick<BackingModel, 'tokenRatio'>, simTokens: number): number {
	return Math.round(simTokens * model.tokenRatio);
}

/** Usage as FluxRouter reports it: OpenAI's three counts plus `cost_usd`. */
export interface SimUsage {
	readonly prompt_tokens: number;
	readonly completion_tokens: number;
	readonly total_tokens: number;
	readonly cost_usd: number;
}

/** Usage and cost, metered at the served model's rates and rounded to 6 decimals (micro-dollars). */
export function usageFor(model: Pick<BackingModel, 'inputPerMillion' | 'outputPerMillion'>, promptTokens: number, completionTokens: number): SimUsage {
	const cost = (promptTokens * model.inputPerMillion + completionTokens * model.outputPerMillion) / 1_000_000;
	return {
		prompt_tokens: promptTokens,
		completion_tokens: completionTokens,
		total_tokens: promptTokens + completionTokens,
		cost_usd: Math.round(cost * 1_000_000) / 1_000_000,
	};
}

/** The `X-Flux-Cost-Usd` header value: fixed 6 decimals, e.g. `0.000412`. */
export function formatCost(costUsd: number): string {
	return costUsd.toFixed(6);
}
