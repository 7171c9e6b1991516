// Assembles an Anthropic Messages stream (as the official SDK parses it) into the neutral shape
// of the corpus' `.expected.json` files, for the simulator tests.

import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages/messages';

export type ThinkingBlockSeen = { kind: 'thinking'; text: string; signature: string } | { kind: 'redacted'; data: string };

/** What a stream carried, in the corpus' neutral terms. */
export interface AssembledMessage {
	text: string;
	reasoning: string;
	/** Neutral: stop, tool_calls, length, content_filter (undefined until a message_delta says). */
	finishReason: string | undefined;
	toolCalls: Array<{ id: string; name: string; arguments: string }>;
	usage?: { promptTokens: number; completionTokens: number };
	thinkingBlocks?: ThinkingBlockSeen[];
	/** Every event type seen, in order (the SDK drops `ping`). */
	events: string[];
}

const FINISH: Readonly<Record<string, string>> = { end_turn: 'stop', tool_use: 'tool_calls', max_tokens: 'length', refusal: 'content_filter' };

/** Reads the stream to its end; `progress` always holds what arrived so far (also when it throws). */
export async function collectAnthropicStream(stream: AsyncIterable<RawMessageStreamEvent>, progress: AssembledMessage = emptyMessage()): Promise<AssembledMessage> {
	const blocks = new Map<number, ThinkingBlockSeen | { kind: 'tool'; call: AssembledMessage['toolCalls'][number]; input: unknown; sawDelta: boolean }>();
	let promptTokens: number | undefined;
	for await (const event of stream) {
		progress.events.push(event.type);
		switch (event.type) {
			case 'message_start': {
				const u = event.message.usage;
				promptTokens = u.input_tokens + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0);
				break;
			}
			case 'content_block_start': {
				const block = event.content_block;
				if (block.type === 'thinking' || block.type === 'redacted_thinking') {
					const seen: ThinkingBlockSeen = block.type === 'thinking' ? { kind: 'thinking', text: block.thinking, signature: block.signature } : { kind: 'redacted', data: block.data };
					(progress.thinkingBlocks ??= []).push(seen);
					blocks.set(event.index, seen);
				} else if (block.type === 'tool_use') {
					const call = { id: block.id, name: block.name, arguments: '' };
					progress.toolCalls.push(call);
					blocks.set(event.index, { kind: 'tool', call, input: block.input, sawDelta: false });
				}
				break;
			}
			case 'content_block_delta': {
				const block = blocks.get(event.index);
				const delta = event.delta;
				if (delta.type === 'text_delta') {
					progress.text += delta.text;
				} else if (delta.type === 'thinking_delta' && block?.kind === 'thinking') {
					progress.reasoning += delta.thinking;
					block.text += delta.thinking;
				} else if (delta.type === 'signature_delta' && block?.kind === 'thinking') {
					block.signature = delta.signature;
				} else if (delta.type === 'input_json_delta' && block?.kind === 'tool') {
					block.call.arguments += delta.partial_json;
					block.sawDelta = true;
				}
				break;
			}
			case 'message_delta':
				progress.finishReason = FINISH[event.delta.stop_reason ?? ''] ?? event.delta.stop_reason ?? undefined;
				progress.usage = { promptTokens: promptTokens ?? 0, completionTokens: event.usage.output_tokens };
				break;
		}
	}
	for (const block of blocks.values()) {
		if (block.kind === 'tool' && !block.sawDelta) {
			block.call.arguments = JSON.stringify(block.input);
		}
	}
	return progress;
}

export function emptyMessage(): AssembledMessage {
	return { text: '', reasoning: '', finishReason: undefined, toolCalls: [], events: [] };
}
