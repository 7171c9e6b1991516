import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { FluxAbortError, FluxHttpError, FluxIncompleteError } from '../flux/errors';
import type { FluxClient, FluxChatRequest, FluxResponseMeta, FluxStreamResult, FluxToolCall } from '../flux/fluxClient';
import type { Logger } from '../flux/logger';
import { maxAttempts, retryDelayMs } from '../flux/retryPolicy';
import { usageCost } from '../flux/usageCost';
import type { ContextView, HostMessage, ReplyMeta, ReplyUsage, ReplyView, ToolCallView } from '../protocol/messages';
import type { ContextBudget } from './context/contextBudget';
import { describeError } from './errorMessages';

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
	readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
	/**
	 * The context meter (with `budget`): the estimate before each request, then what the server
	 * counted once its usage arrives. The caller forwards it as `chat/context`.
	 */
	readonly onContext?: (context: ContextView) => void;
}

/**
 * One turn: stream, run the tool calls the model asks for, send their results back, repeat
 * until a final answer. Transient failures are retried before a request produced text, never
 * after. Always resolves with the reply's final state.
 */
export async function runTurn(input: TurnInput, signal: AbortSignal, ctx: TurnContext): Promise<ReplyView> {
	const { turnId, model } = input;
	const messages = [...input.messages];
	const sent = Date.now();
	let reply: ReplyView = { status: 'waiting', text: '', reasoning: '', deltaSeq: 0, ...(input.notices?.length ? { notices: input.notices } : {}) };
	let firstTokenMs: number | undefined;
	let tools = input.tools;
	let rounds = 0;
	const totals: UsageTotals = { prompt: 0, completion: 0, cost: 0, source: 'header' };

	const update = (next: ReplyView) => { reply = next; ctx.onReply(reply); };
	const notice = (text: string) => {
		update({ ...reply, notices: [...(reply.notices ?? []), text] });
		ctx.emit({ type: 'turn/notice', turnId, notice: text });
	};
	const setCard = (card: ToolCallView) => {
		const cards = reply.tools ?? [];
		update({ ...reply, tools: cards.some((c) => c.id === card.id) ? cards.map((c) => c.id === card.id ? card : c) : [...cards, card] });
		ctx.emit({ type: 'turn/tool', turnId, call: card });
	};
	const withFirstToken = (r: ReplyView): ReplyView => r.meta && firstTokenMs !== undefined ? { ...r, meta: { ...r.meta, firstTokenMs } } : r;

	/** One request, with the documented retries while it has produced nothing. */
	const request = async (body: FluxChatRequest): Promise<FluxStreamResult> => {
		for (let attempt = 1; ; attempt++) {
			let produced = false;
			try {
				const client = await ctx.createClient();
				return await client.streamChat(body, signal, {
					onMeta: (meta) => {
						update({ ...reply, status: 'streaming', meta: toReplyMeta(meta) });
						ctx.emit({ type: 'turn/meta', turnId, meta: reply.meta! });
					},
					onDelta: (delta) => {
						produced = true;
						firstTokenMs ??= Date.now() - sent;
						const seq = reply.deltaSeq;
						update({ ...reply, text: reply.text + (delta.content ?? ''), reasoning: reply.reasoning + (delta.reasoning ?? ''), deltaSeq: seq + 1 });
						ctx.emit({ type: 'turn/delta', turnId, seq, ...delta });
					},
				});
			} catch (error) {
				const delay = produced ? undefined : retryDelayMs(error, attempt);
				if (delay === undefined) throw error;
				ctx.logger.warn(`attempt ${attempt} failed (${(error as Error).message}); retrying in ${delay} ms`);
				ctx.emit({ type: 'turn/retrying', turnId, attempt, maxAttempts, retryAt: Date.now() + delay, reason: describeError(error, model).message });
				await ctx.sleep(delay, signal);
			}
		}
	};

	const budget = input.budget;
	const carried = { summarisedTurns: budget?.prepared?.summarisedTurns ?? 0, droppedTurns: budget?.prepared?.droppedTurns ?? 0 };
	let shortenedNoticed = false;
	/** The request as it goes out: within the budget when there is one. */
	const fitted = (full: FluxChatRequest): FluxChatRequest => {
		if (!budget) return full;
		const fit = budget.budget.fit(full, budget.maxInputTokens);
		ctx.onContext?.({ ...fit.context, ...carried });
		if (fit.shortenedToolResults && !shortenedNoticed) {
			shortenedNoticed = true;
			notice('Some tool results were shortened to fit the context window.');
		}
		return fit.request;
	};

	try {
		for (;;) {
			const lastRound = tools !== undefined && rounds >= tools.maxRounds;
			const body = fitted({
				model, messages,
				...(tools ? { tools: tools.definitions, toolChoice: lastRound ? 'none' : 'auto' } : {}),
			});
			let result: FluxStreamResult;
			try {
				result = await request(body);
			} catch (error) {
				// A model that cannot use tools answers 400 to a request that offers them: ask again without.
				if (tools && error instanceof FluxHttpError && error.status === 400 && !reply.text) {
					ctx.logger.warn(`${model} refused tools (${error.message}); asking again without them`);
					tools = undefined;
					notice(`The model that answered does not accept tools, so this reply was written without access to the workspace. To use tools, pin a tool-capable model with "Flux: Select Model".`);
					continue;
				}
				throw error;
			}
			addUsage(totals, result, body.messages, model);
			if (budget) {
				budget.budget.observe(body, result.meta, result.usage);
				if (result.usage) {
					const limits = budget.budget.limits(result.meta.servedModel, budget.maxInputTokens);
					ctx.onContext?.({ usedTokens: result.usage.promptTokens, budgetTokens: limits.budgetTokens, windowTokens: limits.windowTokens, ...carried });
				}
			}
			if (!tools || lastRound || result.toolCalls.length === 0) {
				const meta = { ...toReplyMeta(result.meta), ...(firstTokenMs !== undefined ? { firstTokenMs } : {}) };
				update({ ...reply, status: 'done', meta, usage: { promptTokens: totals.prompt, completionTokens: totals.completion, costUsd: totals.cost, costSource: totals.source } });
				return reply;
			}
			rounds++;
			messages.push({
				role: 'assistant',
				content: result.text || null,
				tool_calls: result.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })),
			});
			// The calls of one round do not depend on each other, so they run in parallel.
			const outputs = await Promise.all(result.toolCalls.map((call) => runTool(tools!, call, signal, setCard)));
			result.toolCalls.forEach((call, i) => messages.push({ role: 'tool', tool_call_id: call.id, content: outputs[i] }));
			if (signal.aborted) throw new FluxAbortError();
			if (rounds === tools.maxRounds) {
				notice(`Flux reached the limit of ${tools.maxRounds} tool rounds ("flux.tools.maxRounds") and was asked to answer with what it has.`);
			}
		}
	} catch (error) {
		const current = withFirstToken(reply);
		if (error instanceof FluxAbortError || signal.aborted) {
			update({ ...current, status: 'stopped', ...(current.tools ? { tools: current.tools.map(cancelRunning) } : {}) });
			return reply;
		}
		ctx.logger.warn(`turn failed: ${(error as Error).message}`);
		const described = describeError(error, model);
		// Text that arrived stays: the reply is incomplete rather than failed.
		update(current.text || current.reasoning || error instanceof FluxIncompleteError
			? { ...current, status: 'incomplete', error: described }
			: { ...current, status: 'error', error: described });
		return reply;
	}
}

async function runTool(tools: TurnTools, call: FluxToolCall, signal: AbortSignal, setCard: (card: ToolCallView) => void): Promise<string> {
	const started = Date.now();
	const card: ToolCallView = { id: call.id, name: call.name, arguments: call.arguments, status: 'running' };
	setCard(card);
	try {
		const result = await tools.run(call, signal);
		const status = signal.aborted ? 'cancelled' : result.ok ? 'done' : 'error';
		setCard({ ...card, status, summary: result.summary, durationMs: Date.now() - started });
		return result.content;
	} catch (error) {
		// A tool that throws is a bug of ours; the model still gets an answer it can work with.
		const message = error instanceof Error ? error.message : String(error);
		setCard({ ...card, status: signal.aborted ? 'cancelled' : 'error', summary: message, durationMs: Date.now() - started });
		return `Error: the tool failed: ${message}`;
	}
}

function cancelRunning(card: ToolCallView): ToolCallView {
	return card.status === 'running' ? { ...card, status: 'cancelled' } : card;
}

function toReplyMeta(meta: FluxResponseMeta): ReplyMeta {
	return {
		servedModel: meta.servedModel,
		requestedModel: meta.requestedModel,
		routed: meta.routed,
		...(meta.requestId ? { requestId: meta.requestId } : {}),
	};
}

type CostSource = NonNullable<ReplyUsage['costSource']>;

/** Over several requests, the cost is only as sure as its least sure part. */
interface UsageTotals { prompt: number; completion: number; cost: number; source: CostSource }

const sureness: readonly CostSource[] = ['estimate', 'usage', 'header'];

/** Adds one request's tokens and cost, counted by the one rule every paid request uses (usageCost). */
function addUsage(totals: UsageTotals, result: FluxStreamResult, messages: readonly ChatCompletionMessageParam[], model: string): void {
	const { promptTokens, completionTokens, costUsd, costSource } = usageCost(result, messages, model);
	totals.prompt += promptTokens;
	totals.completion += completionTokens;
	totals.cost += costUsd;
	if (sureness.indexOf(costSource) < sureness.indexOf(totals.source)) totals.source = costSource;
}
