import { randomUUID } from 'node:crypto';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { FluxAbortError, FluxIncompleteError } from '../flux/errors';
import type { FluxClient, FluxResponseMeta, FluxUsage } from '../flux/fluxClient';
import type { Logger } from '../flux/logger';
import { estimateCostUsd } from '../flux/pricing';
import { maxAttempts, retryDelayMs } from '../flux/retryPolicy';
import type { ChatSnapshot, HostMessage, ReplyMeta, ReplyUsage, ReplyView, TurnView } from '../protocol/messages';
import { restoreTurns, type ConversationStore } from './conversationStore';
import { describeError } from './errorMessages';

/** The settings one turn runs with, read once when it starts. */
export interface ChatSettings {
	readonly model: string;
	readonly systemPrompt: string;
}

export interface ChatSessionDeps {
	/** A client for this turn; throws FluxConfigError when there is no key or a bad base URL. */
	readonly createClient: () => Promise<FluxClient>;
	readonly settings: () => ChatSettings;
	readonly store: ConversationStore;
	readonly logger: Logger;
	/** Sends a message to the view (dropped when no view is open). */
	readonly emit: (message: HostMessage) => void;
	/** Waits `ms`, or rejects with FluxAbortError when `signal` fires (replaceable in tests). */
	readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

interface RunningTurn {
	readonly turnId: string;
	readonly controller: AbortController;
	readonly done: Promise<void>;
}

/**
 * The conversation and its turn loop, as in FluxRouter's chatbot guide: a system message, every
 * question and answer so far, the whole list sent each turn, the streamed reply appended when
 * it ends. Retries transient failures before any text, never after.
 */
export class ChatSession {
	private turns: TurnView[];
	private draft: string;
	private running: RunningTurn | undefined;
	private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;

	constructor(private readonly deps: ChatSessionDeps) {
		const stored = deps.store.load();
		this.turns = restoreTurns(stored);
		this.draft = stored?.draft ?? '';
		this.sleep = deps.sleep ?? abortableSleep;
	}

	snapshot(): ChatSnapshot {
		return { type: 'chat/snapshot', turns: this.turns, model: this.deps.settings().model, draft: this.draft };
	}

	get busy(): boolean {
		return this.running !== undefined;
	}

	/** Resolves when the turn in flight (if any) has ended. */
	async idle(): Promise<void> {
		await this.running?.done;
	}

	/** Appends a question and starts its turn. Ignored while a reply is in flight or when blank. */
	send(text: string): void {
		if (this.running || !text.trim()) return;
		const turn: TurnView = { id: randomUUID(), question: text, reply: emptyReply() };
		this.turns = [...this.turns, turn];
		this.draft = '';
		this.deps.emit({ type: 'turn/started', turn });
		this.start(turn.id);
	}

	/** Replaces the last question and asks again. */
	editLast(text: string): void {
		const last = this.turns.at(-1);
		if (this.running || !last || !text.trim()) return;
		this.turns = this.turns.slice(0, -1);
		this.persist();
		this.deps.emit(this.snapshot());
		this.send(text);
	}

	/** Runs the last turn again (Regenerate, or Retry after a failure). */
	retry(turnId: string): void {
		const last = this.turns.at(-1);
		if (this.running || last?.id !== turnId) return;
		this.replace(turnId, emptyReply());
		this.deps.emit({ type: 'turn/started', turn: this.turns.at(-1)! });
		this.start(turnId);
	}

	/** Aborts the turn in flight; its partial reply is kept, marked as stopped. */
	stop(turnId?: string): void {
		if (this.running && (turnId === undefined || this.running.turnId === turnId)) this.running.controller.abort();
	}

	/** Starts an empty conversation (stopping any reply in flight). */
	async newChat(): Promise<void> {
		this.stop();
		await this.idle();
		this.turns = [];
		this.persist();
		this.deps.emit(this.snapshot());
	}

	setDraft(text: string): void {
		if (text === this.draft) return;
		this.draft = text;
		this.persist();
	}

	private start(turnId: string): void {
		const controller = new AbortController();
		const done = this.run(turnId, controller.signal)
			.catch((error: unknown) => this.deps.logger.error(error instanceof Error ? error : String(error)))
			.finally(() => { this.running = undefined; });
		this.running = { turnId, controller, done };
		this.persist();
	}

	private async run(turnId: string, signal: AbortSignal): Promise<void> {
		const settings = this.deps.settings();
		const index = this.turns.findIndex((t) => t.id === turnId);
		const messages = toMessages(settings.systemPrompt, this.turns.slice(0, index), this.turns[index].question);
		let reply: ReplyView = emptyReply();
		const sent = Date.now();
		let firstTokenMs: number | undefined;

		for (let attempt = 1; ; attempt++) {
			try {
				const client = await this.deps.createClient();
				const result = await client.streamChat({ model: settings.model, messages }, signal, {
					onMeta: (meta) => {
						reply = { ...reply, status: 'streaming', meta: toReplyMeta(meta) };
						this.replace(turnId, reply);
						this.deps.emit({ type: 'turn/meta', turnId, meta: reply.meta! });
					},
					onDelta: (delta) => {
						firstTokenMs ??= Date.now() - sent;
						const seq = reply.deltaSeq;
						reply = {
							...reply,
							text: reply.text + (delta.content ?? ''),
							reasoning: reply.reasoning + (delta.reasoning ?? ''),
							deltaSeq: seq + 1,
						};
						this.replace(turnId, reply);
						this.deps.emit({ type: 'turn/delta', turnId, seq, ...delta });
					},
				});
				const meta = { ...toReplyMeta(result.meta), ...(firstTokenMs !== undefined ? { firstTokenMs } : {}) };
				this.finish(turnId, { ...reply, status: 'done', meta, usage: toReplyUsage(result.meta, result.usage, settings.model, messages, result.text) });
				return;
			} catch (error) {
				const withMeta = reply.meta && firstTokenMs !== undefined ? { ...reply, meta: { ...reply.meta, firstTokenMs } } : reply;
				if (error instanceof FluxAbortError) {
					this.finish(turnId, { ...withMeta, status: 'stopped' });
					return;
				}
				const producedText = reply.text.length > 0 || reply.reasoning.length > 0;
				const delay = producedText ? undefined : retryDelayMs(error, attempt);
				if (delay !== undefined) {
					this.deps.logger.warn(`attempt ${attempt} failed (${(error as Error).message}); retrying in ${delay} ms`);
					this.deps.emit({ type: 'turn/retrying', turnId, attempt, maxAttempts, retryAt: Date.now() + delay, reason: describeError(error, settings.model).message });
					try {
						await this.sleep(delay, signal);
					} catch {
						this.finish(turnId, { ...withMeta, status: 'stopped' });
						return;
					}
					continue;
				}
				this.deps.logger.warn(`turn failed: ${(error as Error).message}`);
				const described = describeError(error, settings.model);
				// Text that arrived stays: the reply is incomplete rather than failed.
				this.finish(turnId, producedText || error instanceof FluxIncompleteError
					? { ...withMeta, status: 'incomplete', error: described }
					: { ...withMeta, status: 'error', error: described });
				return;
			}
		}
	}

	private finish(turnId: string, reply: ReplyView): void {
		this.replace(turnId, reply);
		this.persist();
		this.deps.emit({ type: 'turn/ended', turnId, reply });
	}

	private replace(turnId: string, reply: ReplyView): void {
		this.turns = this.turns.map((t) => t.id === turnId ? { ...t, reply } : t);
	}

	private persist(): void {
		this.deps.store.save({ version: 1, turns: this.turns, draft: this.draft })
			.catch((error: unknown) => this.deps.logger.error(`could not save the conversation: ${String(error)}`));
	}
}

function emptyReply(): ReplyView {
	return { status: 'waiting', text: '', reasoning: '', deltaSeq: 0 };
}

/** The messages for one request: system prompt, the history so far, then the new question. */
export function toMessages(systemPrompt: string, history: readonly TurnView[], question: string): ChatCompletionMessageParam[] {
	const messages: ChatCompletionMessageParam[] = [];
	if (systemPrompt.trim()) messages.push({ role: 'system', content: systemPrompt });
	for (const turn of history) {
		messages.push({ role: 'user', content: turn.question });
		if (turn.reply.text) messages.push({ role: 'assistant', content: turn.reply.text });
	}
	messages.push({ role: 'user', content: question });
	return messages;
}

function toReplyMeta(meta: FluxResponseMeta): ReplyMeta {
	return {
		servedModel: meta.servedModel,
		requestedModel: meta.requestedModel,
		routed: meta.routed,
		...(meta.requestId ? { requestId: meta.requestId } : {}),
	};
}

/**
 * Cost from the header (non-streaming only), else `usage.cost_usd`, else an estimate from lane
 * prices; tokens from `usage`, else a rough count (also an estimate).
 */
function toReplyUsage(meta: FluxResponseMeta, usage: FluxUsage | undefined, model: string, messages: readonly ChatCompletionMessageParam[], text: string): ReplyUsage {
	const promptTokens = usage?.promptTokens ?? roughTokens(messages.map((m) => String(m.content ?? '')).join('\n'));
	const completionTokens = usage?.completionTokens ?? roughTokens(text);
	if (meta.costUsd !== undefined) return { promptTokens, completionTokens, costUsd: meta.costUsd, costSource: 'header' };
	if (usage?.costUsd !== undefined) return { promptTokens, completionTokens, costUsd: usage.costUsd, costSource: 'usage' };
	return { promptTokens, completionTokens, costUsd: estimateCostUsd(model, promptTokens, completionTokens), costSource: 'estimate' };
}

/** About four characters a token: only for display when the server sent no usage. */
function roughTokens(text: string): number {
	return Math.ceil(text.length / 4);
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal.aborted) return reject(new FluxAbortError());
		const timer = setTimeout(() => { signal.removeEventListener('abort', onAbort); resolve(); }, ms);
		const onAbort = () => { clearTimeout(timer); reject(new FluxAbortError()); };
		signal.addEventListener('abort', onAbort, { once: true });
	});
}
