import type { FluxMessage, FluxToolCall, FluxToolChoice, FluxToolDefinition } from '../flux/chatRequest';

/*
 * VS Code's language model messages and parts, mapped onto Flux's neutral messages and back. This
 * file takes plain shapes (no vscode import) so the mapping is unit-tested in plain Node; the
 * provider turns the vscode part classes into these shapes and back (fluxChatProvider.ts).
 */

/** A content part of a request message, as plain data. */
export type LmPart =
	| { readonly kind: 'text'; readonly text: string }
	/** A call the model made earlier in the conversation (in an assistant message). */
	| { readonly kind: 'toolCall'; readonly callId: string; readonly name: string; readonly input: object }
	/** What a tool answered (in a user message), its content already flattened to text. */
	| { readonly kind: 'toolResult'; readonly callId: string; readonly content: string }
	/** Anything Flux does not send (images, other data): dropped and counted in the log. */
	| { readonly kind: 'other'; readonly what: string };

export interface LmMessage {
	readonly role: 'system' | 'user' | 'assistant';
	readonly parts: readonly LmPart[];
}

/** A tool as a request offers it (`vscode.LanguageModelChatTool`). */
export interface LmTool {
	readonly name: string;
	readonly description: string;
	readonly inputSchema?: object;
}

/** A tool call of the reply, its input parsed, for a `LanguageModelToolCallPart`. */
export interface LmToolCallOut {
	readonly callId: string;
	readonly name: string;
	readonly input: object;
	/** Set when the model's arguments were not a JSON object: the input is then `{}`. */
	readonly invalidArguments?: string;
}

function textOf(parts: readonly LmPart[]): string {
	return parts.map((p) => p.kind === 'text' ? p.text : '').join('');
}

/**
 * The messages of a request in Flux's terms. A user message's tool results become `tool`
 * messages placed before its text, so each answers the assistant's calls just before it (as both
 * wire formats require); an assistant message's calls go back with their input as JSON text.
 */
export function toFluxMessages(messages: readonly LmMessage[]): FluxMessage[] {
	const out: FluxMessage[] = [];
	for (const message of messages) {
		const text = textOf(message.parts);
		if (message.role === 'system') {
			out.push({ role: 'system', content: text });
		} else if (message.role === 'assistant') {
			const toolCalls: FluxToolCall[] = message.parts.flatMap((p) => p.kind === 'toolCall' ? [{ id: p.callId, name: p.name, arguments: JSON.stringify(p.input) }] : []);
			out.push(toolCalls.length ? { role: 'assistant', content: text, toolCalls } : { role: 'assistant', content: text });
		} else {
			const results = message.parts.flatMap((p) => p.kind === 'toolResult' ? [p] : []);
			for (const result of results) out.push({ role: 'tool', toolCallId: result.callId, content: result.content });
			// A message of tool results alone has no user text to send; an empty question is still sent.
			if (text || results.length === 0) out.push({ role: 'user', content: text });
		}
	}
	return out;
}

/** What of a request's messages was left out (images, data parts), for the log. */
export function droppedParts(messages: readonly LmMessage[]): string[] {
	return messages.flatMap((m) => m.parts.flatMap((p) => p.kind === 'other' ? [p.what] : []));
}

/** The request's tools as Flux definitions; a tool without a schema takes an empty object. */
export function toFluxTools(tools: readonly LmTool[]): FluxToolDefinition[] {
	return tools.map((t) => ({ name: t.name, description: t.description, parameters: (t.inputSchema ?? { type: 'object', properties: {} }) as Record<string, unknown> }));
}

/**
 * VS Code's tool mode as a Flux tool choice. `required` means the model must call one of the
 * tools; Flux's neutral request can force one named tool only, so with several tools the choice
 * stays `auto` and `note` says so (for the log).
 */
export function toolChoiceFor(mode: 'auto' | 'required', tools: readonly FluxToolDefinition[]): { readonly toolChoice?: FluxToolChoice; readonly note?: string } {
	if (tools.length === 0) return {};
	if (mode === 'auto') return { toolChoice: 'auto' };
	if (tools.length === 1) return { toolChoice: { name: tools[0].name } };
	return { toolChoice: 'auto', note: `tool mode Required with ${tools.length} tools: Flux can force only one named tool, so the model may answer without calling one` };
}

/**
 * The reply's tool calls with their input parsed. The client hands over whole calls at the end of
 * the stream, so the arguments are complete here; arguments that are not a JSON object become
 * `{}`, marked, so the caller's tool can report the mistake to the model instead of the request failing.
 */
export function toolCallsOut(calls: readonly FluxToolCall[]): LmToolCallOut[] {
	return calls.map((call) => {
		const text = call.arguments.trim() || '{}';
		try {
			const input: unknown = JSON.parse(text);
			if (typeof input === 'object' && input !== null && !Array.isArray(input)) return { callId: call.id, name: call.name, input };
		} catch {
			// Falls through to the marked empty input.
		}
		return { callId: call.id, name: call.name, input: {}, invalidArguments: call.arguments };
	});
}
