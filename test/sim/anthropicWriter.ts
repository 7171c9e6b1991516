// Puts a planned reply on the wire in the Anthropic Messages shape: SSE events (`event:` +
// `data:`) or one `message` body. The plan is the same one the OpenAI writer gets, so both bases
// answer a script alike; stream faults break it at the same count of deltas.

import { thinkingSignature } from './anthropicBody';
import { answerJsonFault, breakPoint, breakStream } from './completionWriter';
import type { CompletionContext, FaultWire } from './completionWriter';
import type { SimFault } from './faults';
import type { ReplyPlan } from './replyPlan';
import type { Responder } from './responder';
import type { FinishReason } from './simScript';

/** Anthropic's `stop_reason` for each finish reason. */
export const STOP_REASON: Readonly<Record<FinishReason, string>> = {
	stop: 'end_turn',
	tool_calls: 'tool_use',
	length: 'max_tokens',
	content_filter: 'refusal',
};

/** The default malformed line on this base: an event whose JSON is cut off half-way. */
export const ANTHROPIC_MALFORMED_LINE = 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"hal';

/** One SSE event; `delta` events (thinking, text, tool input) are paced and counted for faults. */
interface WireEvent {
	readonly frame: string;
	readonly delta: boolean;
}

function event(name: string, data: unknown): string {
	return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** The content blocks of the reply as events, in order: thinking, text, then one per tool call. */
function* blockEvents(plan: ReplyPlan): Generator<WireEvent> {
	let index = 0;
	const structural = (name: string, data: unknown): WireEvent => ({ frame: event(name, data), delta: false });
	const delta = (data: unknown): WireEvent => ({ frame: event('content_block_delta', { type: 'content_block_delta', index, delta: data }), delta: true });
	if (plan.reasoning.length > 0) {
		yield structural('content_block_start', { type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } });
		for (const piece of plan.reasoning) {
			yield delta({ type: 'thinking_delta', thinking: piece });
		}
		yield structural('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: thinkingSignature(plan.reasoning.join('')) } });
		yield structural('content_block_stop', { type: 'content_block_stop', index });
		index++;
	}
	if (plan.content.length > 0) {
		yield structural('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
		for (const piece of plan.content) {
			yield delta({ type: 'text_delta', text: piece });
		}
		yield structural('content_block_stop', { type: 'content_block_stop', index });
		index++;
	}
	for (const call of plan.toolCalls) {
		yield structural('content_block_start', { type: 'content_block_start', index, content_block: { type: 'tool_use', id: call.id, name: call.name, input: {} } });
		for (const fragment of call.argumentChunks) {
			yield delta({ type: 'input_json_delta', partial_json: fragment });
		}
		yield structural('content_block_stop', { type: 'content_block_stop', index });
		index++;
	}
}

/** Streams the reply as Anthropic SSE events, from `message_start` to `message_stop`. */
export async function writeAnthropicStream(r: Responder, ctx: CompletionContext, plan: ReplyPlan): Promise<void> {
	r.head(200, { ...ctx.headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
	r.send(event('message_start', {
		type: 'message_start',
		message: {
			id: ctx.completionId, type: 'message', role: 'assistant', model: ctx.requestedModel, content: [],
			stop_reason: null, stop_sequence: null, usage: { input_tokens: ctx.usage.prompt_tokens, output_tokens: 1 },
		},
	}));
	r.send(event('ping', { type: 'ping' }));
	const at = breakPoint(ctx.fault);
	let sent = 0;
	for (const item of blockEvents(plan)) {
		if (!item.delta) {
			r.send(item.frame);
			continue;
		}
		if (sent === at && await breakStream(r, ctx.fault, anthropicFaults)) {
			return;
		}
		const wait = r.pace(sent === 0 ? ctx.ttftMs : ctx.tokenDelayMs);
		if (wait) {
			await wait;
		}
		if (r.gone) {
			return;
		}
		r.sendDelta(item.frame);
		sent++;
	}
	if (at !== undefined && at >= sent && await breakStream(r, ctx.fault, anthropicFaults)) {
		return;
	}
	await r.pace(sent === 0 ? ctx.ttftMs : ctx.tokenDelayMs);
	r.send(event('message_delta', {
		type: 'message_delta',
		delta: { stop_reason: STOP_REASON[plan.finishReason], stop_sequence: null },
		usage: { output_tokens: ctx.usage.completion_tokens },
	}));
	r.end(event('message_stop', { type: 'message_stop' }));
}

const anthropicFaults: FaultWire = {
	malformedLine: ANTHROPIC_MALFORMED_LINE,
	errorFrame: (fault) => event('error', anthropicErrorEvent(fault)),
	keepAlive: event('ping', { type: 'ping' }),
};

/** The body of an `error` event (and of a non-streaming errorFrame answer). */
export function anthropicErrorEvent(fault: Extract<SimFault, { kind: 'errorFrame' }>): unknown {
	return { type: 'error', error: { type: fault.type ?? 'overloaded_error', message: fault.message ?? 'Overloaded' } };
}

/** Sends the reply as one `message` body, with `X-Flux-Cost-Usd` in `ctx.headers`. */
export async function writeAnthropicJson(r: Responder, ctx: CompletionContext, plan: ReplyPlan): Promise<void> {
	const headers = await answerJsonFault(r, ctx, plan, {
		malformedBody: (c) => `{"id":${JSON.stringify(c.completionId)},"type":"message","role":"assistant","content":[{"type":"text","text":"hal`,
		errorBody: anthropicErrorEvent,
	});
	if (!headers) {
		return;
	}
	const reasoning = plan.reasoning.join('');
	const content = plan.content.join('');
	const blocks = [
		...(reasoning === '' ? [] : [{ type: 'thinking', thinking: reasoning, signature: thinkingSignature(reasoning) }]),
		...(content === '' ? [] : [{ type: 'text', text: content }]),
		...plan.toolCalls.map((c) => ({ type: 'tool_use', id: c.id, name: c.name, input: parseInput(c.argumentChunks.join('')) })),
	];
	r.reply(200, headers, JSON.stringify({
		id: ctx.completionId,
		type: 'message',
		role: 'assistant',
		model: ctx.requestedModel,
		content: blocks,
		stop_reason: STOP_REASON[plan.finishReason],
		stop_sequence: null,
		usage: { input_tokens: ctx.usage.prompt_tokens, output_tokens: ctx.usage.completion_tokens },
	}));
}

/** A tool call's input object; scripted arguments that are not a JSON object give `{}` (the field must be an object). */
function parseInput(json: string): unknown {
	try {
		const input: unknown = JSON.parse(json);
		return typeof input === 'object' && input !== null && !Array.isArray(input) ? input : {};
	} catch {
		return {};
	}
}
