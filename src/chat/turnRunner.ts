import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { FluxAbortError, FluxHttpError, FluxIncompleteError } from '../flux/errors';
import type { FluxClient, FluxChatRequest, FluxStreamResult, FluxToolCall } from '../flux/fluxClient';
import type { Logger } from '../flux/logger';
import { streamChatWithRetries } from '../flux/retryingStream';
import type { ContextView, HostMessage, ReplyView } from '../protocol/messages';
import type { ContextBudget } from './context/contextBudget';
import { describeError, describeFinish } from './errorMessages';
import { ReplyInProgress } from './replyInProgress';
import { TurnUsage } from './turnUsage';

/** The workspace tools one turn may use. */
export interface TurnTools {
	readonly definitions: readonly ChatCompletionTool[];
	/** Rounds of tool calls before the model is asked to answer with `tool_choice: "none"`. */
	readonly maxRounds: number;
	/** Runs one call; never throws for bad arguments (those come back as a failed result). */
	run(call: FluxToolCall, signal: AbortSignal): Promise<{ readonly content: string; readonly summary: string; readonly ok: boolean }>;
}

/** Keeps each request of the turn within the context budget (see ContextBudget). */
export interface TurnBudget {
	readonly budget: Pick<ContextBudget, 'fit' | 'observe' | 'limits'>;
	/** `flux.context.maxInputTokens` when set. */
	readonly maxInputTokens?: number;
	/** What `prepare` reported: its summarised and dropped counts carry into every meter update. */
	readonly prepared?: ContextView;
}

export interface TurnInput {
	readonly turnId: string;
	readonly model: string;
	/** System prompt, history and the question. */
	readonly messages: readonly ChatCompletionMessageParam[];
	readonly tools?: TurnTools;
	/** Shown with the reply from the start, e.g. why tools are off. */
	readonly notices?: readonly string[];
	/**
	 * When given, every request is fitted first (tool results shortened, oldest first) and every
	 * response teaches the budget the served model's window and token count.
	 */
	readonly budget?: TurnBudget;
}

export interface TurnContext {
	readonly createClient: () => Promise<FluxClient>;
	readonly logger: Logger;
	/** Every change of the reply, so the conversation always holds its latest state. */
	readonly onReply: (reply: ReplyView) => void;
	readonly emit: (message: HostMessage) => void;
	/** Waits between retries; replaceable in tests. */
	readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
	/**
	 * The context meter (with `budget`): the estimate before each request, then what the server
	 * counted once its usage arrives. The caller forwards it as `chat/context`.
	 */
	readonly onContext?: (context: ContextView) => void;
}

/**
 * One turn: stream, run the tool calls the model asks for, send their results back, repeat
 * until a final answer. Each request retries through the Flux layer (before any text, never
 * after); this only orchestrates the tool rounds. Always resolves with the reply's final state.
 */
export async function runTurn(input: TurnInput, signal: AbortSignal, ctx: TurnContext): Promise<ReplyView> {
	const { turnId, model } = input;
	const messages = [...input.messages];
	const reply = new ReplyInProgress(turnId, input.notices, ctx.onReply, ctx.emit);
	const usage = new TurnUsage();
	const budget = turnBudget(input.budget, ctx, (text) => reply.notice(text));
	let tools = input.tools;
	let rounds = 0;

	const request = (body: FluxChatRequest): Promise<FluxStreamResult> => streamChatWithRetries(body, signal, {
		onMeta: (meta) => reply.meta(meta),
		onDelta: (delta) => reply.delta(delta),
	}, {
		createClient: ctx.createClient,
		logger: ctx.logger,
		...(ctx.sleep ? { sleep: ctx.sleep } : {}),
		onRetry: (wait) => ctx.emit({ type: 'turn/retrying', turnId, attempt: wait.attempt, maxAttempts: wait.maxAttempts, retryAt: wait.retryAt, reason: describeError(wait.error, model).message }),
	});

	try {
		for (;;) {
			const lastRound = tools !== undefined && rounds >= tools.maxRounds;
			const body = budget.fit({
				model, messages,
				...(tools ? { tools: tools.definitions, toolChoice: lastRound ? 'none' : 'auto' } : {}),
			});
			let result: FluxStreamResult;
			try {
				result = await request(body);
			} catch (error) {
				// A model that cannot use tools answers 400 to a request that offers them: ask again without.
				if (tools && error instanceof FluxHttpError && error.status === 400 && !reply.reply.text) {
					ctx.logger.warn(`${model} refused tools (${error.message}); asking again without them`);
					tools = undefined;
					reply.notice(`The model that answered does not accept tools, so this reply was written without access to the workspace. To use tools, pin a tool-capable model with "Flux: Select Model".`);
					continue;
				}
				throw error;
			}
			usage.add(result, body.messages, model);
			budget.observe(body, result);
			// A reply cut off or filtered ends here even with tool calls: their arguments may be cut too.
			const stoppedEarly = describeFinish(result);
			if (!tools || lastRound || result.toolCalls.length === 0 || stoppedEarly) return reply.done(result.meta, usage.total, stoppedEarly);
			rounds++;
			messages.push({
				role: 'assistant',
				content: result.text || null,
				tool_calls: result.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })),
			});
			// The calls of one round do not depend on each other, so they run in parallel.
			const outputs = await Promise.all(result.toolCalls.map((call) => runTool(tools!, call, signal, reply)));
			result.toolCalls.forEach((call, i) => messages.push({ role: 'tool', tool_call_id: call.id, content: outputs[i] }));
			if (signal.aborted) throw new FluxAbortError();
			if (rounds === tools.maxRounds) {
				reply.notice(`Flux reached the limit of ${tools.maxRounds} tool rounds ("flux.tools.maxRounds") and was asked to answer with what it has.`);
			}
		}
	} catch (error) {
		if (error instanceof FluxAbortError || signal.aborted) return reply.stopped();
		ctx.logger.warn(`turn failed: ${(error as Error).message}`);
		return reply.failed(describeError(error, model), error instanceof FluxIncompleteError);
	}
}

async function runTool(tools: TurnTools, call: FluxToolCall, signal: AbortSignal, reply: ReplyInProgress): Promise<string> {
	const started = Date.now();
	const card = { id: call.id, name: call.name, arguments: call.arguments, status: 'running' } as const;
	reply.card(card);
	try {
		const result = await tools.run(call, signal);
		const status = signal.aborted ? 'cancelled' : result.ok ? 'done' : 'error';
		reply.card({ ...card, status, summary: result.summary, durationMs: Date.now() - started });
		return result.content;
	} catch (error) {
		// A tool that throws is a bug of ours; the model still gets an answer it can work with.
		const message = error instanceof Error ? error.message : String(error);
		reply.card({ ...card, status: signal.aborted ? 'cancelled' : 'error', summary: message, durationMs: Date.now() - started });
		return `Error: the tool failed: ${message}`;
	}
}

/**
 * Every request of the turn fitted to the context budget (tool results shortened, oldest first,
 * said once), and every response teaching it the served model's window and token count, with
 * the meter updated both times. Without a budget, requests go out as they are.
 */
function turnBudget(turn: TurnBudget | undefined, ctx: TurnContext, notice: (text: string) => void): { fit(request: FluxChatRequest): FluxChatRequest; observe(request: FluxChatRequest, result: FluxStreamResult): void } {
	if (!turn) return { fit: (request) => request, observe: () => {} };
	const carried = { summarisedTurns: turn.prepared?.summarisedTurns ?? 0, droppedTurns: turn.prepared?.droppedTurns ?? 0 };
	let shortenedNoticed = false;
	return {
		fit(request) {
			const fit = turn.budget.fit(request, turn.maxInputTokens);
			ctx.onContext?.({ ...fit.context, ...carried });
			if (fit.shortenedToolResults && !shortenedNoticed) {
				shortenedNoticed = true;
				notice('Some tool results were shortened to fit the context window.');
			}
			return fit.request;
		},
		observe(request, result) {
			turn.budget.observe(request, result.meta, result.usage);
			if (!result.usage) return;
			const limits = turn.budget.limits(result.meta.servedModel, turn.maxInputTokens);
			ctx.onContext?.({ usedTokens: result.usage.promptTokens, budgetTokens: limits.budgetTokens, windowTokens: limits.windowTokens, ...carried });
		},
	};
}
