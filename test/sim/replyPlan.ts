// A reply cut into the deltas that will go on the wire, with its finish reason and output token
// count. Streaming and non-streaming answers are both written from the same plan, so they agree.

import { countTokens, splitTokens } from './tokens';
import type { DefaultReply } from './replies';
import type { FinishReason, ScriptedReply, ScriptedToolCall } from './simScript';

/** A tool call with its streamed argument fragments. */
export interface PlannedToolCall {
	readonly id: string;
	readonly name: string;
	readonly argumentChunks: readonly string[];
}

/** The reply as deltas. */
export interface ReplyPlan {
	readonly reasoning: readonly string[];
	readonly content: readonly string[];
	readonly toolCalls: readonly PlannedToolCall[];
	readonly finishReason: FinishReason;
	readonly completionTokens: number;
}

/**
 * Merges a scripted reply over the default one and cuts it into deltas. When the request sets
 * `max_tokens`, reasoning spends the budget first (as flux-fast was seen to do), then content;
 * a cut reply ends with `length`.
 */
export function planReply(fallback: DefaultReply, scripted: ScriptedReply | undefined, callIdPrefix: string, maxTokens: number | undefined): ReplyPlan {
	const hasOwnAnswer = scripted !== undefined && (scripted.content !== undefined || scripted.chunks !== undefined || scripted.toolCalls !== undefined);
	const reasoning = scripted?.reasoning ?? (hasOwnAnswer ? '' : fallback.reasoning);
	const content = scripted?.chunks ?? (hasOwnAnswer ? scripted?.content ?? '' : fallback.content);
	const calls: readonly ScriptedToolCall[] = hasOwnAnswer ? scripted?.toolCalls ?? [] : fallback.toolCalls;
	const toolCalls = calls.map((call, index): PlannedToolCall => ({
		id: call.id ?? `${callIdPrefix}_${index}`,
		name: call.name,
		argumentChunks: call.argumentChunks ?? splitArguments(typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments ?? {})),
	}));
	let reasoningChunks = typeof reasoning === 'string' ? splitTokens(reasoning) : reasoning;
	let contentChunks = typeof content === 'string' ? splitTokens(content) : content;
	let cut = false;
	if (maxTokens !== undefined && toolCalls.length === 0) {
		const budget = { left: maxTokens };
		const kept = [takeWithin(reasoningChunks, budget), takeWithin(contentChunks, budget)];
		cut = kept[0].length < reasoningChunks.length || kept[1].length < contentChunks.length;
		[reasoningChunks, contentChunks] = kept;
	}
	const toolTokens = toolCalls.reduce((sum, c) => sum + countTokens(c.name) + countTokens(c.argumentChunks.join('')), 0);
	return {
		reasoning: reasoningChunks,
		content: contentChunks,
		toolCalls,
		finishReason: scripted?.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : cut ? 'length' : 'stop'),
		completionTokens: countTokens(reasoningChunks.join('')) + countTokens(contentChunks.join('')) + toolTokens,
	};
}

function takeWithin(chunks: readonly string[], budget: { left: number }): readonly string[] {
	let i = 0;
	for (; i < chunks.length; i++) {
		const cost = countTokens(chunks[i]);
		if (cost > budget.left) {
			break;
		}
		budget.left -= cost;
	}
	return chunks.slice(0, i);
}

/** Splits argument JSON into about four fragments, the way providers stream them. */
export function splitArguments(json: string): string[] {
	if (json.length < 2) {
		return [json];
	}
	const size = Math.max(1, Math.ceil(json.length / 4));
	const pieces: string[] = [];
	for (let i = 0; i < json.length; i += size) {
		pieces.push(json.slice(i, i + size));
	}
	return pieces;
}

/** Deterministic filler of at least `bytes` bytes, for the oversize reply. */
export function oversizeText(bytes: number): string {
	const lines: string[] = [];
	let length = 0;
	for (let n = 1; length < bytes; n++) {
		const line = `Line ${String(n).padStart(6, '0')}: the quick brown fox jumps over the lazy dog.\n`;
		lines.push(line);
		length += line.length;
	}
	return lines.join('');
}

/** Cuts a long text into fixed-size deltas (token-sized deltas would make a 1 MB reply needlessly slow). */
export function fixedChunks(text: string, size: number): string[] {
	const chunks: string[] = [];
	for (let i = 0; i < text.length; i += size) {
		chunks.push(text.slice(i, i + size));
	}
	return chunks;
}
