// Assembles a chat completion stream the way a client would, for the simulator tests.

import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';

/** A tool call put together from its fragments. */
export interface AssembledToolCall {
	id: string;
	name: string;
	arguments: string;
	/** How many `arguments` fragments arrived. */
	fragments: number;
}

/** Everything a stream carried, assembled. */
export interface CollectedStream {
	content: string;
	reasoning: string;
	toolCalls: AssembledToolCall[];
	finishReason: string | null;
	/** Chunks received (every `data:` object, including role, finish and usage chunks). */
	chunks: number;
	/** The usage of a final chunk with empty `choices`, if one came. */
	usage: CompletionUsage | undefined;
}

/** Reads a stream to its end (or until `onChunk` returns false) and assembles it. */
export async function collectStream(stream: AsyncIterable<ChatCompletionChunk>, onChunk?: (collected: CollectedStream) => boolean | void): Promise<CollectedStream> {
	const collected: CollectedStream = { content: '', reasoning: '', toolCalls: [], finishReason: null, chunks: 0, usage: undefined };
	for await (const chunk of stream) {
		collected.chunks++;
		if (chunk.choices.length === 0 && chunk.usage) {
			collected.usage = chunk.usage;
		}
		for (const choice of chunk.choices) {
			const delta = choice.delta as typeof choice.delta & { reasoning_content?: string };
			collected.content += delta.content ?? '';
			collected.reasoning += delta.reasoning_content ?? '';
			for (const fragment of delta.tool_calls ?? []) {
				const call = collected.toolCalls[fragment.index] ??= { id: '', name: '', arguments: '', fragments: 0 };
				call.id += fragment.id ?? '';
				call.name += fragment.function?.name ?? '';
				if (fragment.function?.arguments) {
					call.arguments += fragment.function.arguments;
					call.fragments++;
				}
			}
			collected.finishReason = choice.finish_reason ?? collected.finishReason;
		}
		if (onChunk?.(collected) === false) {
			break;
		}
	}
	return collected;
}
