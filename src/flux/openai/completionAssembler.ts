import { ChatCompletionStream } from 'openai/lib/ChatCompletionStream';
import type { ChatCompletion, ChatCompletionChunk } from 'openai/resources/chat/completions';

/**
 * Assembles a streamed completion with the openai SDK's own accumulation (`ChatCompletionStream`),
 * fed chunk by chunk as they arrive. The SDK concatenates content, refusal and tool-call
 * arguments, and assigns (never concatenates) a repeated tool-call `id` or `function.name`.
 *
 * It is fed through `ChatCompletionStream.fromReadableStream` rather than driven by
 * `chat.completions.stream()` because some real upstreams send chunks the SDK cannot assemble
 * as they are, and the helper accumulates before any event could fix them. `normalise` is the
 * minimal hand logic for those shapes only (see its comments); everything else is the SDK's.
 */
export class CompletionAssembler {
	private readonly runner: ChatCompletionStream;
	private readonly final: Promise<ChatCompletion>;
	private readonly encoder = new TextEncoder();
	private controller!: ReadableStreamDefaultController<Uint8Array>;
	private closed = false;
	private readonly calls = new ToolCallIndexer();
	private streamId: string | undefined;

	constructor() {
		const readable = new ReadableStream<Uint8Array>({ start: (controller) => { this.controller = controller; } });
		// The helper reads newline-delimited JSON chunks (what its own toReadableStream writes).
		this.runner = ChatCompletionStream.fromReadableStream(readable);
		this.final = this.runner.finalChatCompletion();
		// Abandoned on failure: the caller throws its own typed error, this rejection is not news.
		this.final.catch(() => undefined);
	}

	/**
	 * One chunk as it came off the wire. The answer's text is only ever appended, which the caller
	 * does itself; the SDK is given what is not trivial to assemble (tool calls, refusal, the
	 * finish), so a long answer does not pay a JSON round trip per token.
	 */
	push(chunk: ChatCompletionChunk): readonly PlacedToolCallFragment[] {
		if (this.closed || !chunk.choices.some((c) => c.finish_reason || c.delta?.tool_calls?.length || c.delta?.refusal)) return [];
		const normalised = this.normalise(chunk);
		this.controller.enqueue(this.encoder.encode(`${JSON.stringify(normalised)}\n`));
		// The first choice's tool-call pieces, numbered as the SDK will number the assembled calls.
		return (normalised.choices.find((c) => (c.index ?? 0) === 0)?.delta?.tool_calls ?? []) as PlacedToolCallFragment[];
	}

	/**
	 * The assembled completion once the stream ended. Rejects with the SDK's error when the chunks
	 * do not make a completion (a tool call that never got a name, for instance).
	 */
	finish(): Promise<ChatCompletion> {
		this.close();
		return this.final;
	}

	/** The stream failed or was stopped: nothing more will come. */
	abandon(): void {
		this.close();
		this.runner.abort();
	}

	private close(): void {
		if (this.closed) return;
		this.closed = true;
		try {
			this.controller.close();
		} catch {
			// The helper already cancelled its reader (it was aborted): there is nothing to close.
		}
	}

	private normalise(chunk: ChatCompletionChunk): ChatCompletionChunk {
		// The helper starts a new completion whenever the chunk id changes; some servers vary it
		// per chunk or leave it empty (and then it ignores a usage-only chunk). One stream, one id.
		this.streamId ??= chunk.id || 'chatcmpl-flux';
		const choices = chunk.choices.map((choice) => {
			const delta = choice.delta;
			if (!delta) return choice;
			return {
				...choice,
				// It refuses a message that never had a role; some servers only send content. The text
				// itself is the caller's (see push).
				delta: {
					...delta,
					content: null,
					role: delta.role ?? 'assistant',
					...(delta.tool_calls ? { tool_calls: delta.tool_calls.map((fragment) => this.calls.place(fragment)) } : {}),
				},
			};
		});
		return { ...chunk, id: this.streamId, choices };
	}
}

type ToolCallFragment = ChatCompletionChunk.Choice.Delta.ToolCall;

/** A tool-call fragment with the call's index as this stream numbers it. */
export type PlacedToolCallFragment = ToolCallFragment & { readonly index: number };

/**
 * Which call a tool-call fragment belongs to. The SDK keys fragments by `index` alone; real
 * servers also omit `index` (a fragment with a new `id` is a new call, one without continues the
 * last) or reuse one `index` for several calls with different ids. Calls are numbered in the
 * order they first appear, which is the upstream order whenever the upstream numbers them.
 */
class ToolCallIndexer {
	private readonly byId = new Map<string, number>();
	private readonly byUpstreamIndex = new Map<number, number>();
	private next = 0;
	private last: number | undefined;

	place(fragment: ToolCallFragment): ToolCallFragment {
		const upstream = typeof fragment.index === 'number' ? fragment.index : undefined;
		let index: number;
		if (fragment.id && this.byId.has(fragment.id)) index = this.byId.get(fragment.id)!;
		else if (fragment.id) index = this.next++;
		else if (upstream !== undefined) index = this.byUpstreamIndex.get(upstream) ?? this.next++;
		else index = this.last ?? this.next++;
		if (fragment.id) this.byId.set(fragment.id, index);
		if (upstream !== undefined) this.byUpstreamIndex.set(upstream, index);
		this.last = index;
		// The SDK refuses a call whose `type` never arrived; only function calls exist here.
		return { ...fragment, index, type: fragment.type ?? 'function' };
	}
}
