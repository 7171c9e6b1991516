// Puts a planned reply on the wire, as SSE chunks or as one chat.completion body, and breaks it
// on purpose when the reply carries a stream fault.

import { MALFORMED_LINE, errorFrameBody } from './faults';
import type { SimFault } from './faults';
import type { ReplyPlan } from './replyPlan';
import type { Responder } from './responder';
import type { SimUsage } from './tokens';

/** What the writer needs besides the plan. */
export interface CompletionContext {
	readonly completionId: string;
	readonly created: number;
	/** The id the client asked for: the body's `model` field repeats it. */
	readonly requestedModel: string;
	/** Response headers (the writer adds content type and, when not streaming, nothing else). */
	readonly headers: Readonly<Record<string, string>>;
	readonly usage: SimUsage;
	readonly includeUsage: boolean;
	readonly ttftMs: number;
	readonly tokenDelayMs: number;
	readonly fault: SimFault | undefined;
}

/**
 * Every delta after the role delta, as JSON: reasoning, content, then tool-call fragments by
 * index. Text deltas are written around their text's JSON, the bulk of a long stream.
 */
function* deltas(plan: ReplyPlan): Generator<string> {
	for (const piece of plan.reasoning) {
		yield `{"reasoning_content":${JSON.stringify(piece)}}`;
	}
	for (const piece of plan.content) {
		yield `{"content":${JSON.stringify(piece)}}`;
	}
	for (const [index, call] of plan.toolCalls.entries()) {
		yield JSON.stringify({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] });
		for (const fragment of call.argumentChunks) {
			yield JSON.stringify({ tool_calls: [{ index, function: { arguments: fragment } }] });
		}
	}
}

/** Where a stream fault strikes: after this many deltas (undefined: no stream fault). */
export function breakPoint(fault: SimFault | undefined): number | undefined {
	switch (fault?.kind) {
		case 'drop':
			return fault.afterChunks;
		case 'malformedLine':
		case 'errorFrame':
			return fault.afterChunks ?? 0;
		case 'stall':
			return fault.afterChunks;
		default:
			return undefined;
	}
}

/** Streams the reply as `chat.completion.chunk` events ending with `[DONE]`. */
export async function writeStream(r: Responder, ctx: CompletionContext, plan: ReplyPlan): Promise<void> {
	const prefix = `data: {"id":${JSON.stringify(ctx.completionId)},"object":"chat.completion.chunk","created":${ctx.created},"model":${JSON.stringify(ctx.requestedModel)},`;
	// Built once: a stream of 20,000 deltas spent a fifth of its time building frames.
	const head = `${prefix}"choices":[{"index":0,"delta":`;
	const tail = (finish: string | null): string => `,"logprobs":null,"finish_reason":${JSON.stringify(finish)}}]}\n\n`;
	const unfinished = tail(null);
	const frame = (delta: string, finish: string | null = null): string => head + delta + (finish === null ? unfinished : tail(finish));

	r.head(200, { ...ctx.headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
	r.send(frame('{"role":"assistant","content":""}'));
	const at = breakPoint(ctx.fault);
	let sent = 0;
	for (const delta of deltas(plan)) {
		if (sent === at && await breakStream(r, ctx.fault)) {
			return;
		}
		const wait = r.pace(sent === 0 ? ctx.ttftMs : ctx.tokenDelayMs);
		if (wait) {
			await wait;
		}
		if (r.gone) {
			return;
		}
		r.sendDelta(frame(delta));
		sent++;
	}
	if (at !== undefined && at >= sent && await breakStream(r, ctx.fault)) {
		return;
	}
	await r.pace(sent === 0 ? ctx.ttftMs : ctx.tokenDelayMs);
	r.send(frame('{}', plan.finishReason));
	if (ctx.includeUsage) {
		r.send(`${prefix}"choices":[],"usage":${JSON.stringify(ctx.usage)}}\n\n`);
	}
	r.end('data: [DONE]\n\n');
}

/** How a wire writes the two faults whose bytes differ between the formats. */
export interface FaultWire {
	/** A cut-off line that is not valid JSON. */
	readonly malformedLine: string;
	/** The whole frame (or event) of an error inside the stream. */
	errorFrame(fault: Extract<SimFault, { kind: 'errorFrame' }>): string;
	/** What keeps a quiet stream open. */
	readonly keepAlive: string;
}

const openaiFaults: FaultWire = {
	malformedLine: MALFORMED_LINE,
	errorFrame: (fault) => `data: ${JSON.stringify(errorFrameBody(fault))}\n\n`,
	keepAlive: ': keep-alive\n\n',
};

/** Applies a stream fault; returns true when the stream is over. */
export async function breakStream(r: Responder, fault: SimFault | undefined, wire: FaultWire = openaiFaults): Promise<boolean> {
	switch (fault?.kind) {
		case 'drop':
			await r.drop();
			return true;
		case 'malformedLine':
			// The stream goes on after the bad line: a tolerant client may skip it.
			r.send(`${fault.line ?? wire.malformedLine}\n\n`);
			return false;
		case 'errorFrame':
			r.end(wire.errorFrame(fault));
			return true;
		case 'stall': {
			r.flush();
			const until = Date.now() + fault.seconds * 1000;
			// Real upstreams keep a quiet stream open this way while a model thinks.
			while (fault.keepAliveMs && Date.now() + fault.keepAliveMs < until && !r.gone) {
				await r.sleep(fault.keepAliveMs);
				r.send(wire.keepAlive);
				r.flush();
			}
			await r.sleep(Math.max(0, until - Date.now()));
			return r.gone;
		}
		default:
			return false;
	}
}

/** How a wire words the faults of a non-streaming answer. */
export interface JsonFaultWire {
	/** A body cut off mid-JSON. */
	malformedBody(ctx: CompletionContext): string;
	/** The error object sent as a 200 body. */
	errorBody(fault: Extract<SimFault, { kind: 'errorFrame' }>): unknown;
}

/**
 * Waits as long as the reply would have streamed, then applies a fault of a non-streaming answer.
 * Returns the headers to answer with, or undefined when the fault (or the client leaving) ended it.
 */
export async function answerJsonFault(r: Responder, ctx: CompletionContext, plan: ReplyPlan, wire: JsonFaultWire): Promise<Record<string, string> | undefined> {
	const fault = ctx.fault;
	if (fault?.kind === 'stall' && fault.afterChunks !== undefined) {
		await r.sleep(fault.seconds * 1000);
	}
	const chunkCount = plan.reasoning.length + plan.content.length;
	await r.sleep(ctx.ttftMs + ctx.tokenDelayMs * Math.max(0, chunkCount - 1));
	if (r.gone) {
		return undefined;
	}
	const headers = { ...ctx.headers, 'content-type': 'application/json' };
	switch (fault?.kind) {
		case 'drop':
			await r.drop();
			return undefined;
		case 'malformedLine':
			r.reply(200, headers, wire.malformedBody(ctx));
			return undefined;
		case 'errorFrame':
			r.reply(200, headers, JSON.stringify(wire.errorBody(fault)));
			return undefined;
	}
	return headers;
}

/** Sends the reply as one `chat.completion` body, with `X-Flux-Cost-Usd` in `ctx.headers`. */
export async function writeJson(r: Responder, ctx: CompletionContext, plan: ReplyPlan): Promise<void> {
	const headers = await answerJsonFault(r, ctx, plan, {
		malformedBody: (c) => `{"id":${JSON.stringify(c.completionId)},"object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"hal`,
		errorBody: errorFrameBody,
	});
	if (!headers) {
		return;
	}
	const content = plan.content.join('');
	const reasoning = plan.reasoning.join('');
	const message = {
		role: 'assistant',
		content: content === '' && plan.toolCalls.length > 0 ? null : content,
		...(reasoning === '' ? {} : { reasoning_content: reasoning }),
		...(plan.toolCalls.length === 0 ? {} : {
			tool_calls: plan.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.argumentChunks.join('') } })),
		}),
		refusal: null,
	};
	const body = {
		id: ctx.completionId,
		object: 'chat.completion',
		created: ctx.created,
		model: ctx.requestedModel,
		choices: [{ index: 0, message, logprobs: null, finish_reason: plan.finishReason }],
		usage: ctx.usage,
	};
	r.reply(200, headers, JSON.stringify(body));
}
