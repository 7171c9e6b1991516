import { randomUUID } from 'node:crypto';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { FluxAbortError } from '../flux/errors';
import type { FluxClient } from '../flux/fluxClient';
import type { Logger } from '../flux/logger';
import type { ChatSnapshot, CodeContextView, HostMessage, ReplyView, TurnView } from '../protocol/messages';
import { restoreTurns, type ConversationStore } from './conversationStore';
import { describeCode } from './codeContext';
import { runTurn, type TurnTools } from './turnRunner';

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
	/** The tools for a turn that starts now, or why there are none (read once per turn). */
	readonly tools?: () => { readonly tools?: TurnTools; readonly notices?: readonly string[] };
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

	/**
	 * Appends a question (with code attached, for Explain Selection) and starts its turn. Ignored
	 * while a reply is in flight or when blank.
	 */
	send(text: string, context?: CodeContextView): void {
		if (!text.trim()) return;
		if (this.running) return this.keepAsDraft(text);
		const turn: TurnView = { id: randomUUID(), question: text, ...(context ? { context } : {}), reply: emptyReply() };
		this.turns = [...this.turns, turn];
		this.draft = '';
		this.deps.emit({ type: 'turn/started', turn });
		this.start(turn.id);
	}

	/** Replaces the last question and asks again. */
	editLast(text: string): void {
		const last = this.turns.at(-1);
		if (!last || !text.trim()) return;
		if (this.running) return this.keepAsDraft(text);
		this.turns = this.turns.slice(0, -1);
		this.persist();
		this.deps.emit(this.snapshot());
		this.send(text, last.context);
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

	/** A message that cannot be sent now goes back into the composer rather than being lost. */
	private keepAsDraft(text: string): void {
		this.draft = text;
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
		const { tools, notices } = this.deps.tools?.() ?? {};
		const reply = await runTurn({
			turnId,
			model: settings.model,
			messages: toMessages(settings.systemPrompt, this.turns.slice(0, index), this.turns[index]),
			...(tools ? { tools } : {}),
			...(notices ? { notices } : {}),
		}, signal, {
			createClient: this.deps.createClient,
			logger: this.deps.logger,
			onReply: (r) => this.replace(turnId, r),
			emit: this.deps.emit,
			sleep: this.sleep,
		});
		this.finish(turnId, reply);
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

/**
 * The messages for one request: system prompt, the questions and answers so far, then the new
 * question. Tool exchanges stay inside their turn; later turns see only the answers.
 */
export function toMessages(systemPrompt: string, history: readonly TurnView[], current: Pick<TurnView, 'question' | 'context'>): ChatCompletionMessageParam[] {
	const messages: ChatCompletionMessageParam[] = [];
	if (systemPrompt.trim()) messages.push({ role: 'system', content: systemPrompt });
	for (const turn of history) {
		messages.push({ role: 'user', content: questionText(turn) });
		if (turn.reply.text) messages.push({ role: 'assistant', content: turn.reply.text });
	}
	messages.push({ role: 'user', content: questionText(current) });
	return messages;
}

function questionText(turn: Pick<TurnView, 'question' | 'context'>): string {
	return turn.context ? `${turn.question}\n\n${describeCode(turn.context)}` : turn.question;
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal.aborted) return reject(new FluxAbortError());
		const timer = setTimeout(() => { signal.removeEventListener('abort', onAbort); resolve(); }, ms);
		const onAbort = () => { clearTimeout(timer); reject(new FluxAbortError()); };
		signal.addEventListener('abort', onAbort, { once: true });
	});
}
