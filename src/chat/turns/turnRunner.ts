import { t } from '@vscode/l10n';
import type { FluxMessage, FluxToolDefinition } from '../../flux/chatRequest';
import { badRequestKind, FluxAbortError, FluxIncompleteError } from '../../flux/errors';
import type { FluxClient, FluxChatRequest, FluxResponseMeta, FluxStreamResult, FluxToolCall } from '../../flux/fluxClient';
import type { Logger } from '../../flux/logger';
import { lanePrices } from '../../flux/pricing/pricing';
import { usageCost } from '../../flux/pricing/usageCost';
import type { ProposedFile } from '../../tools/edits/proposedChanges';
import { streamChatWithRetries } from '../../flux/retry/retryingStream';
import type { ContextView, HostMessage, ReplyView, TerminalRunView, ToolCallView } from '../../protocol/messages';
import type { ContextBudget } from '../context/contextBudget';
import { describeError, describeFinish, describeRetryWait, type ErrorContext, type ModelSource } from '../errorMessages';
import { ReplyInProgress, type FrameTimer, type StreamMark } from './replyInProgress';
import type { AskApproval, ToolApprovals } from './toolApprovals';
import { TurnUsage } from '../usage/turnUsage';
import type { UsageMeter } from '../usage/usageMeter';

/** The workspace tools one turn may use. */
export interface TurnTools {
	readonly definitions: readonly FluxToolDefinition[];
	/** Rounds of tool calls before the model is asked to answer with `tool_choice: "none"`. */
	readonly maxRounds: number;
	/**
	 * Runs one call; never throws for bad arguments (those come back as a failed result). A call
	 * that needs the user's approval asks through `ask` first and reports `declined` when refused.
	 */
	run(call: FluxToolCall, signal: AbortSignal, ask: AskApproval): Promise<{ readonly content: string; readonly summary: string; readonly ok: boolean; readonly declined?: boolean; readonly terminal?: TerminalRunView }>;
	/** The file changes the turn's calls proposed so far (with edits on): its change card when it ends. */
	proposed?(): readonly ProposedFile[];
}

/** Keeps each request of the turn within the context budget (see ContextBudget). */
export interface TurnBudget {
	readonly budget: Pick<ContextBudget, 'fit' | 'observe' | 'limits' | 'overflowed' | 'servedModel'>;
	/** `flux.context.maxInputTokens` when set. */
	readonly maxInputTokens?: number;
	/** What `prepare` reported: its summarised and dropped counts carry into every meter update. */
	readonly prepared?: ContextView;
	/**
	 * Prepares the turn's first messages again (after an overflow raised the model's ratio, so the
	 * history is summarised or cut harder); undefined when `signal` fired meanwhile. Without it,
	 * an overflow is retried with what `fit` can shorten (tool results) only.
	 */
	readonly reprepare?: (signal: AbortSignal) => Promise<readonly FluxMessage[] | undefined>;
}

export interface TurnInput {
	readonly turnId: string;
	readonly model: string;
	/** Where `model` came from, so a refusal offers to change what chose it (default `setting`). */
	readonly modelSource?: ModelSource;
	/** System prompt, history and the question. */
	readonly messages: readonly FluxMessage[];
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
	/** Every request of the turn is recorded here as it ends (today's total, learned prices); its prices price the estimates. */
	readonly meter?: Pick<UsageMeter, 'record' | 'prices'>;
	/** The clock and timer that pace `turn/delta`s (one per frame); replaceable in tests. */
	readonly frames?: FrameTimer;
	/** Where approval cards wait for the user's click; without it, every call that asks is declined. */
	readonly approvals?: ToolApprovals;
}

/** What streamed of the request in flight, so one cut short by Stop or a failure is still counted. */
interface InFlight {
	readonly body: FluxChatRequest;
	meta?: FluxResponseMeta;
	/** Where the reply stood when this request's answer started (what streamed since is its own). */
	from?: StreamMark;
}

/**
 * One turn: stream, run the tool calls the model asks for, send their results back, repeat
 * until a final answer. Each request retries through the Flux layer (before any text, never
 * after); this only orchestrates the tool rounds. Always resolves with the reply's final state.
 */
export async function runTurn(input: TurnInput, signal: AbortSignal, ctx: TurnContext): Promise<ReplyView> {
	const { turnId, model } = input;
	let messages = [...input.messages];
	const reply = new ReplyInProgress(turnId, input.notices, ctx.onReply, ctx.emit, ctx.frames);
	const usage = new TurnUsage();
	const budget = turnBudget(input.budget, ctx, (text) => reply.notice(text));
	let tools = input.tools;
	let rounds = 0;
	const prices = ctx.meter?.prices ?? lanePrices;
	let inFlight: InFlight | undefined;
	const count = (result: Pick<FluxStreamResult, 'meta' | 'usage' | 'text' | 'reasoning'>, body: FluxChatRequest) => {
		const cost = usageCost(result, body.messages, prices);
		usage.add(cost);
		ctx.meter?.record(cost, { kind: 'turn', turnId });
	};
	// A request cut short is paid for as far as it streamed, as an estimate (no usage arrives): nothing
	// when no text had come, since a retry or a stop before the answer started leaves nothing to price.
	const countCutShort = () => {
		const cut = inFlight;
		inFlight = undefined;
		const { text, reasoning } = cut?.from ? reply.streamedSince(cut.from) : { text: '', reasoning: '' };
		if (!cut || (!text && !reasoning)) return;
		count({ meta: cut.meta ?? { servedModel: model, requestedModel: model, routed: false }, text, reasoning }, cut.body);
	};
	let overflowRetried = false;
	const errorContext = (): ErrorContext => {
		const servedModel = input.budget?.budget.servedModel(model);
		return { ...(input.modelSource ? { source: input.modelSource } : {}), ...(servedModel ? { servedModel } : {}) };
	};

	const request = (body: FluxChatRequest): Promise<FluxStreamResult> => streamChatWithRetries(body, signal, {
		onMeta: (meta) => {
			// Each attempt starts over: text is never retried after, so only the last attempt streamed any.
			if (inFlight) Object.assign(inFlight, { meta, from: reply.mark() });
			reply.meta(meta);
		},
		onDelta: (delta) => reply.delta(delta),
	}, {
		createClient: ctx.createClient,
		logger: ctx.logger,
		...(ctx.sleep ? { sleep: ctx.sleep } : {}),
		onRetry: (wait) => reply.send({ type: 'turn/retrying', turnId, attempt: wait.attempt, maxAttempts: wait.maxAttempts, retryAt: wait.retryAt, reason: describeRetryWait(wait.error, model, errorContext()) }),
	});

	try {
		for (;;) {
			const lastRound = tools !== undefined && rounds >= tools.maxRounds;
			const body = budget.fit({
				model, messages,
				...(tools ? { tools: tools.definitions, toolChoice: lastRound ? 'none' : 'auto' } : {}),
			});
			let result: FluxStreamResult;
			inFlight = { body };
			try {
				result = await request(body);
				inFlight = undefined;
			} catch (error) {
				const kind = reply.reply.text ? undefined : badRequestKind(error);
				// Over the window: learn that the model counts more than we thought, cut harder, ask once more.
				if (kind === 'contextLength' && input.budget && !overflowRetried) {
					overflowRetried = true;
					ctx.logger.warn(`${model} refused the request as too long; fitting it harder and asking once more`);
					input.budget.budget.overflowed(model, body, input.budget.maxInputTokens);
					messages = await refitted(input, messages, signal);
					continue;
				}
				// The error names the tools (code or param): ask again without them. Other 400s are not about tools.
				if (tools && kind === 'tools') {
					ctx.logger.warn(`${model} refused tools (${(error as Error).message}); asking again without them`);
					tools = undefined;
					reply.notice(t('The model that answered does not accept tools, so this reply was written without access to the workspace. To use tools, pin a tool-capable model with "Flux: Select Model".'));
					continue;
				}
				throw error;
			}
			count(result, body);
			budget.observe(body, result);
			// A reply cut off or filtered ends here even with tool calls: their arguments may be cut too.
			const stoppedEarly = describeFinish(result);
			if (!tools || lastRound || result.toolCalls.length === 0 || stoppedEarly) return reply.done(result.meta, usage.total, stoppedEarly);
			rounds++;
			// Reasoning blocks go back with the calls they led to (Anthropic checks their signatures).
			messages.push({ role: 'assistant', content: result.text, toolCalls: result.toolCalls, ...(result.thinkingBlocks ? { thinking: result.thinkingBlocks } : {}) });
			// The calls of one round do not depend on each other, so they run in parallel.
			const outputs = await Promise.all(result.toolCalls.map((call) => runTool(tools!, call, signal, reply, turnId, ctx.approvals)));
			result.toolCalls.forEach((call, i) => messages.push({ role: 'tool', toolCallId: call.id, content: outputs[i] }));
			if (signal.aborted) throw new FluxAbortError();
			if (rounds === tools.maxRounds) {
				reply.notice(t('Flux reached the limit of {0} tool rounds ("flux.tools.maxRounds") and was asked to answer with what it has.', tools.maxRounds));
			}
		}
	} catch (error) {
		countCutShort();
		if (error instanceof FluxAbortError || signal.aborted) return reply.stopped(usage.total);
		ctx.logger.warn(`turn failed: ${(error as Error).message}`);
		return reply.failed(describeError(error, model, errorContext()), error instanceof FluxIncompleteError, usage.total);
	}
}

/**
 * The turn's messages after an overflow: the first request's part prepared again (the history
 * summarised or cut to the raised ratio) with the turn's own tool rounds kept after it. Without a
 * way to prepare again they stay as they are, and `fit` shortens what it can.
 */
async function refitted(input: TurnInput, messages: FluxMessage[], signal: AbortSignal): Promise<FluxMessage[]> {
	const first = input.budget?.reprepare ? await input.budget.reprepare(signal) : undefined;
	if (signal.aborted) throw new FluxAbortError();
	return first ? [...first, ...messages.slice(input.messages.length)] : messages;
}

async function runTool(tools: TurnTools, call: FluxToolCall, signal: AbortSignal, reply: ReplyInProgress, turnId: string, approvals: ToolApprovals | undefined): Promise<string> {
	let started = Date.now();
	let card: ToolCallView = { id: call.id, name: call.name, arguments: call.arguments, status: 'running' };
	reply.card(card);
	// The card asks and waits; the time it took the user to click is not the tool's.
	const ask: AskApproval = async (approval) => {
		reply.card({ ...card, status: 'awaiting', approval });
		const chosen = approvals ? await approvals.wait(turnId, call.id, approval.choices.map((c) => c.id), signal) : undefined;
		card = { ...card, approval: chosen === undefined ? approval : { ...approval, chosen } };
		reply.card(card);
		started = Date.now();
		return chosen;
	};
	try {
		const result = await tools.run(call, signal, ask);
		const status = signal.aborted ? 'cancelled' : result.declined ? 'declined' : result.ok ? 'done' : 'error';
		reply.card({ ...card, status, summary: result.summary, durationMs: Date.now() - started, ...(result.terminal ? { terminal: result.terminal } : {}) });
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
				notice(t('Some tool results were shortened to fit the context window.'));
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
