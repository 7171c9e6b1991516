import { randomUUID } from 'node:crypto';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { FluxAbortError } from '../flux/errors';
import type { FluxClient } from '../flux/fluxClient';
import type { Logger } from '../flux/logger';
import type { ChatSnapshot, CodeContextView, ContextView, EarlierTurns, HistoryList, HostMessage, ModelChoiceView, ReplyView, SpendView } from '../protocol/messages';
import { historyMessages, type ContextBudget, type PreparedContext } from './context/contextBudget';
import { ConversationLockedError } from './conversationLocks';
import { modelsIn, searchHistory } from './historySearch';
import { titleOf, type Conversation, type HistoryRecord, type HistoryStore } from './historyStore';
import { endAttempt, inFlight, interruptedTurn, selectVersion, startAttempt, waitingReply, type Turn } from './model';
import { toTurnView } from './toView';
import { conversationSpend } from './spend';
import { runTurn, type TurnTools } from './turnRunner';

/** The settings one turn runs with, read once when it starts. */
export interface ChatSettings {
	readonly model: string;
	readonly systemPrompt: string;
	/** `flux.context.maxInputTokens`; undefined when not set. */
	readonly maxInputTokens?: number;
}

/** What is kept per workspace besides the conversations themselves. */
export interface SessionState {
	readonly currentId: string | undefined;
	readonly draft: string;
	save(state: { readonly currentId: string; readonly draft: string }): Promise<void>;
}

/** Today's spend across every conversation (the host keeps it per local day). */
export interface SpendLedger {
	today(): number;
	add(usd: number): void;
}


export interface ChatSessionDeps {
	/** A client for this turn; throws FluxConfigError when there is no key or a bad base URL. */
	readonly createClient: () => Promise<FluxClient>;
	readonly settings: () => ChatSettings;
	readonly history: HistoryStore;
	readonly state: SessionState;
	readonly spend: SpendLedger;
	/** Fits each request into the context window; without it the whole history is sent. */
	readonly context?: ContextBudget;
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

/** How many turns a snapshot or an earlier page carries: a screenful and more, cheap to render. */
export const pageSize = 40;

/** Shown over a conversation another window is writing: it is read-only here. */
export const openElsewhereNotice = 'This conversation is open in another VS Code window, which writes it. You can read it here; to go on with it here, close it there first, or start a new chat.';

/** Per-turn escalation: "Retry with a stronger model" and "Retry with a faster model". */
export const strongerModel = 'flux-reasoning';
export const fasterModel = 'flux-fast';

/**
 * The open conversation and its turn loop, as in FluxRouter's chatbot guide: a system message,
 * the questions and answers so far (summarised when they no longer fit), the new question; the
 * streamed reply appended when it ends. Retries transient failures before any text, never
 * after. Every turn is written to the history as it starts and as it ends.
 */
export class ChatSession {
	private conversation: Conversation;
	private draft: string;
	private running: RunningTurn | undefined;
	/** Every turn still ending, including one left behind in a conversation the user switched away from. */
	private readonly ending = new Set<Promise<void>>();
	private lastContext: ContextView | undefined;
	/** How many deltas each reply in flight has sent (transport state, kept apart from the model). */
	private readonly deltaSeqs = new Map<string, number>();
	private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;

	/** Set while the open conversation belongs to another window: why nothing can be changed here. */
	private readOnly: string | undefined;

	private constructor(private readonly deps: ChatSessionDeps, conversation: Conversation, readOnly?: string) {
		this.conversation = conversation;
		this.readOnly = readOnly;
		this.draft = deps.state.draft;
		this.sleep = deps.sleep ?? abortableSleep;
	}

	/**
	 * Opens the conversation that was open last in this workspace. When that is not known (the
	 * workspace state lives in the browser under VS Code for the Web, and can be lost), opens the
	 * most recent one; with no history at all, a new one.
	 */
	static async open(deps: ChatSessionDeps): Promise<ChatSession> {
		const id = deps.state.currentId ?? (await deps.history.all())[0]?.id;
		const opened = id === undefined ? undefined : await openSaved(deps.history, id);
		return opened ? new ChatSession(deps, opened.conversation, opened.readOnly) : new ChatSession(deps, deps.history.create());
	}

	/** Stops the reply in flight and lets other windows write this window's conversations. */
	dispose(): void {
		this.stop();
		this.deps.history.dispose();
	}

	get conversationId(): string {
		return this.conversation.id;
	}

	snapshot(): ChatSnapshot {
		const turns = this.conversation.turns;
		const from = Math.max(0, turns.length - pageSize);
		return {
			type: 'chat/snapshot',
			conversation: { id: this.conversation.id, title: titleOf(this.conversation) },
			turns: turns.slice(from).map((t) => this.view(t)),
			earlierTurns: from,
			model: this.modelChoice(),
			spend: this.spend(),
			...(this.lastContext ? { context: this.lastContext } : {}),
			draft: this.draft,
			...(this.readOnly ? { readOnly: this.readOnly } : {}),
		};
	}

	/** The page of turns before `beforeTurnId` (for a view scrolling up a long conversation). */
	earlier(beforeTurnId: string): EarlierTurns {
		const turns = this.conversation.turns;
		const end = turns.findIndex((t) => t.id === beforeTurnId);
		const from = Math.max(0, end - pageSize);
		return { type: 'chat/earlier', conversationId: this.conversation.id, turns: end < 0 ? [] : turns.slice(from, end).map((t) => this.view(t)), earlierTurns: end < 0 ? 0 : from };
	}

	modelChoice(): ModelChoiceView {
		const defaultModel = this.deps.settings().model;
		const pin = this.conversation.pin;
		return { model: pin ?? defaultModel, defaultModel, ...(pin ? { pin } : {}) };
	}

	get busy(): boolean {
		return this.running !== undefined;
	}

	/** Resolves when every turn in flight has ended and its record is written. */
	async idle(): Promise<void> {
		await Promise.all([...this.ending]);
		await this.deps.history.flush();
	}

	/**
	 * Appends a question (with code attached, for Explain Selection) and starts its turn. Ignored
	 * while a reply is in flight or when blank.
	 */
	send(text: string, context?: CodeContextView): void {
		if (!text.trim()) return;
		if (this.running || this.readOnly) return this.keepAsDraft(text);
		const turn: Turn = { id: randomUUID(), question: text, askedAt: Date.now(), ...(context ? { context } : {}), reply: waitingReply() };
		this.conversation.turns.push(turn);
		this.draft = '';
		this.saveState();
		this.deps.emit({ type: 'turn/started', turn: this.view(turn) });
		this.start(turn);
	}

	/** Replaces the last question and asks again. */
	editLast(text: string): void {
		const last = this.conversation.turns.at(-1);
		if (!last || !text.trim()) return;
		if (this.running || this.readOnly) return this.keepAsDraft(text);
		this.conversation.turns.pop();
		this.record({ type: 'removeTurn', at: Date.now(), turnId: last.id });
		this.deps.emit(this.snapshot());
		this.send(text, last.context);
	}

	/**
	 * Runs a turn again: Regenerate or Retry on the last one, or "Retry with…" on any, with
	 * `model` asked for this turn only. Later turns keep their replies and their models. The
	 * answer being replaced stays a version of the turn, and stays current unless the new one
	 * ends `done`: a retry that fails leaves it in place.
	 */
	retry(turnId: string, model?: string): void {
		const index = this.conversation.turns.findIndex((t) => t.id === turnId);
		if (this.running || index < 0) return;
		if (this.readOnly) return this.deps.emit(this.snapshot());
		const turn = startAttempt(this.conversation.turns[index], model);
		this.conversation.turns[index] = turn;
		this.deps.emit({ type: 'turn/started', turn: this.view(turn) });
		this.start(turn);
	}

	/** Shows another version of a finished turn's reply; it becomes the one later turns build on. */
	showVersion(turnId: string, index: number): void {
		const at = this.conversation.turns.findIndex((t) => t.id === turnId);
		if (at < 0 || this.running?.turnId === turnId) return;
		if (this.readOnly) return this.deps.emit(this.snapshot());
		const turn = selectVersion(this.conversation.turns[at], index);
		if (turn === this.conversation.turns[at]) return;
		this.conversation.turns[at] = turn;
		this.record({ type: 'turn', at: Date.now(), turn });
		this.deps.emit({ type: 'turn/changed', turn: this.view(turn) });
	}

	/** Aborts the turn in flight; its partial reply is kept, marked as stopped. */
	stop(turnId?: string): void {
		if (this.running && (turnId === undefined || this.running.turnId === turnId)) this.running.controller.abort();
	}

	/** Starts an empty conversation (stopping any reply in flight); it is saved with its first turn. */
	newChat(): void {
		this.switchTo(this.deps.history.create());
	}

	/** Opens a saved conversation. */
	async openConversation(id: string): Promise<boolean> {
		if (id === this.conversation.id) return true;
		const opened = await openSaved(this.deps.history, id);
		if (!opened) return false;
		this.switchTo(opened.conversation, opened.readOnly);
		return true;
	}

	async rename(id: string, title: string): Promise<void> {
		const current = id === this.conversation.id;
		if (current && this.readOnly) throw new ConversationLockedError(id);
		const target = current ? this.conversation : await this.deps.history.load(id);
		if (!target) return;
		await this.deps.history.append(target, { type: 'title', at: Date.now(), title: title.trim() });
		target.title = title.trim() || undefined;
		// Renaming from the list takes the conversation only for as long as the write.
		if (!current && target.id !== this.conversation.id) await this.deps.history.release(id);
		if (target === this.conversation) this.deps.emit(this.snapshot());
	}

	/** Deletes a saved conversation; deleting the open one opens a new, empty one. */
	async delete(id: string): Promise<void> {
		if (id === this.conversation.id) {
			this.stop();
			await this.idle();
			await this.deps.history.delete(id);
			await this.newChat();
		} else {
			await this.deps.history.delete(id);
		}
	}

	/** Pins a model for this conversation (undefined goes back to `flux.model`). */
	setPin(model: string | undefined): void {
		if (this.readOnly) return this.deps.emit(this.snapshot());
		this.conversation.pin = model;
		// Saved at once, even before the first question: the pin is the conversation's, and an empty
		// chat that was reloaded must come back with it (and so must the id that finds it).
		this.record({ type: 'pin', at: Date.now(), ...(model ? { model } : {}) });
		this.saveState();
		this.deps.emit({ type: 'chat/model', model: this.modelChoice() });
	}

	/** The saved conversations matching a search, for the history list. */
	async history(query: string, modelFilter?: string): Promise<HistoryList> {
		const all = await this.deps.history.all();
		return { type: 'history/list', query, ...(modelFilter ? { modelFilter } : {}), items: searchHistory(all, query, modelFilter), models: modelsIn(all), currentId: this.conversation.id };
	}

	/** A saved conversation (the open one included), for export. */
	async load(id: string): Promise<Conversation | undefined> {
		return id === this.conversation.id ? this.conversation : this.deps.history.load(id);
	}

	setDraft(text: string): void {
		if (text === this.draft) return;
		this.draft = text;
		this.saveState();
	}

	/** A message that cannot be sent now goes back into the composer rather than being lost. */
	private keepAsDraft(text: string): void {
		if (this.readOnly) this.deps.logger.info('the conversation is open in another window: the message was kept as the draft');
		this.draft = text;
		this.saveState();
		this.deps.emit(this.snapshot());
	}

	/**
	 * Shows another conversation at once. A reply in flight is stopped and left to end in its own
	 * conversation, so a question sent right after switching goes to the new one.
	 */
	private switchTo(conversation: Conversation, readOnly?: string): void {
		this.stop();
		this.running = undefined;
		const left = this.conversation;
		if (left.turns.length === 0 && !this.readOnly) {
			// A chat left without a question holds nothing worth listing: only a pin, if anything.
			this.deps.history.delete(left.id)
				.catch((error: unknown) => this.deps.logger.error(`could not remove an empty conversation: ${String(error)}`));
		} else if (!this.readOnly) {
			// Another window may go on with it once the reply stopped here has been saved.
			this.idle()
				.then(() => this.conversation.id === left.id ? undefined : this.deps.history.release(left.id))
				.catch((error: unknown) => this.deps.logger.error(`could not release a conversation: ${String(error)}`));
		}
		this.conversation = conversation;
		this.readOnly = readOnly;
		this.lastContext = undefined;
		this.saveState();
		this.deps.emit(this.snapshot());
	}

	private start(turn: Turn): void {
		const controller = new AbortController();
		const conversation = this.conversation;
		const done = this.deps.history.append(conversation, { type: 'turn', at: Date.now(), turn })
			.then(() => this.run(conversation, turn.id, controller.signal), (error: unknown) => {
				// Another window took the conversation: nothing is asked that could not be saved.
				if (error instanceof ConversationLockedError) return this.lockedOut(conversation, turn.question);
				this.deps.logger.error(`could not save the question: ${String(error)}`);
				return this.run(conversation, turn.id, controller.signal);
			})
			.catch((error: unknown) => this.deps.logger.error(error instanceof Error ? error : String(error)))
			.finally(() => {
				this.ending.delete(done);
				if (this.running?.done === done) this.running = undefined;
			});
		this.ending.add(done);
		this.running = { turnId: turn.id, controller, done };
	}

	private async run(conversation: Conversation, turnId: string, signal: AbortSignal): Promise<void> {
		const started = Date.now();
		const settings = this.deps.settings();
		const index = conversation.turns.findIndex((t) => t.id === turnId);
		const turn = conversation.turns[index];
		const model = turn.model ?? conversation.pin ?? settings.model;
		const history = conversation.turns.slice(0, index);
		const { tools, notices = [] } = this.deps.tools?.() ?? {};
		let messages: ChatCompletionMessageParam[];
		let prepared: PreparedContext | undefined;
		if (this.deps.context) {
			try {
				prepared = await this.deps.context.prepare({
					model, systemPrompt: settings.systemPrompt, history, current: turn, summary: conversation.summary,
					...(tools ? { tools: tools.definitions } : {}), maxInputTokens: settings.maxInputTokens,
				}, signal);
			} catch (error) {
				// Stop pressed while older turns were being summarised: nothing was asked yet.
				if (signal.aborted) return this.finish(conversation, turnId, { ...waitingReply(), deltaSeq: 0, status: 'stopped' });
				throw error;
			}
			messages = prepared.messages;
			if (prepared.summaryIsNew && prepared.summary) {
				conversation.summary = prepared.summary;
				this.record({ type: 'summary', at: Date.now(), summary: prepared.summary }, conversation);
			}
			this.showContext(conversation, prepared.context);
		} else {
			messages = historyMessages(settings.systemPrompt, history, turn);
		}
		const budgetNotice = prepared?.notice;
		const allNotices = budgetNotice ? [...notices, budgetNotice] : notices;
		const reply = await runTurn({
			turnId,
			model,
			messages,
			...(tools ? { tools } : {}),
			...(allNotices.length ? { notices: allNotices } : {}),
			...(this.deps.context ? { budget: { budget: this.deps.context, maxInputTokens: settings.maxInputTokens, prepared: prepared?.context } } : {}),
		}, signal, {
			onContext: (context) => this.showContext(conversation, context),
			createClient: this.deps.createClient,
			logger: this.deps.logger,
			onReply: (r) => this.replace(conversation, turnId, r),
			emit: (message) => { if (conversation === this.conversation) this.deps.emit(message); },
			sleep: this.sleep,
		});
		this.finish(conversation, turnId, { ...reply, durationMs: Date.now() - started });
	}

	private finish(conversation: Conversation, turnId: string, final: ReplyView): void {
		const { deltaSeq, ...reply } = final;
		this.deltaSeqs.delete(turnId);
		const index = conversation.turns.findIndex((t) => t.id === turnId);
		const turn = index < 0 ? undefined : endAttempt(conversation.turns[index], reply);
		if (turn) {
			conversation.turns[index] = turn;
			this.record({ type: 'turn', at: Date.now(), turn }, conversation);
		}
		if (reply.usage?.costUsd) this.deps.spend.add(reply.usage.costUsd);
		if (conversation !== this.conversation || !turn) return;
		const { reply: shown, versions, retryFailed } = toTurnView(turn, turn.reply === reply ? deltaSeq : 0);
		this.deps.emit({ type: 'turn/ended', turnId, reply: shown, ...(versions ? { versions } : {}), ...(retryFailed ? { retryFailed } : {}) });
		this.deps.emit({ type: 'chat/spend', spend: this.spend() });
	}

	/** Updates the reply in flight in place: called on every streamed delta, so no copying of the list. */
	private replace(conversation: Conversation, turnId: string, { deltaSeq, ...reply }: ReplyView): void {
		this.deltaSeqs.set(turnId, deltaSeq);
		const turns = conversation.turns;
		for (let i = turns.length - 1; i >= 0; i--) {
			if (turns[i].id !== turnId) continue;
			turns[i] = { ...turns[i], reply };
			return;
		}
	}

	/** A turn as the view shows it, with the deltas it already has when it is in flight. */
	private view(turn: Turn): ReturnType<typeof toTurnView> {
		return toTurnView(turn, this.deltaSeqs.get(turn.id) ?? 0);
	}

	/** The context meter follows the open conversation's latest request. */
	private showContext(conversation: Conversation, context: ContextView): void {
		if (conversation !== this.conversation) return;
		this.lastContext = context;
		this.deps.emit({ type: 'chat/context', context });
	}

	private spend(): SpendView {
		return conversationSpend(this.conversation.turns, this.deps.spend.today());
	}

	private record(record: HistoryRecord, conversation: Conversation = this.conversation): void {
		this.deps.history.append(conversation, record).catch((error: unknown) => {
			if (error instanceof ConversationLockedError) return this.lockedOut(conversation);
			this.deps.logger.error(`could not save the conversation: ${String(error)}`);
		});
	}

	/**
	 * Another window holds the conversation now (it opened it while this one was not writing, or
	 * took over a lock it judged stale): show what is on disk, read-only, and keep an unsaved
	 * question as the draft.
	 */
	private async lockedOut(conversation: Conversation, unsent?: string): Promise<void> {
		this.deps.logger.warn(`conversation ${conversation.id} is open in another window: read-only here`);
		if (conversation !== this.conversation) return;
		const fresh = await this.deps.history.load(conversation.id);
		if (conversation !== this.conversation) return;
		this.stop();
		this.conversation = readOnlyView(fresh ?? conversation);
		this.readOnly = openElsewhereNotice;
		if (unsent !== undefined && !this.draft.trim()) {
			this.draft = unsent;
			this.saveState();
		}
		this.deps.emit(this.snapshot());
	}

	private saveState(): void {
		this.deps.state.save({ currentId: this.conversation.id, draft: this.draft })
			.catch((error: unknown) => this.deps.logger.error(`could not save the draft: ${String(error)}`));
	}
}

/**
 * Turns that were still running when the host stopped come back with the reason and a Retry: a
 * first reply with whatever text had been saved, a retry with the answer it would have replaced.
 */
function interruptedMarked(conversation: Conversation): Conversation {
	conversation.turns = conversation.turns.map(interruptedTurn);
	return conversation;
}

/**
 * A conversation another window writes, as shown here: a reply it is still writing is not
 * interrupted, and is not saved as such; it is shown as going on elsewhere.
 */
function readOnlyView(conversation: Conversation): Conversation {
	conversation.turns = conversation.turns.map((turn) => inFlight(turn.reply)
		? { ...turn, reply: { ...turn.reply, status: 'incomplete', error: { message: 'Still being written in another VS Code window.', actions: [] } } }
		: turn);
	return conversation;
}

/**
 * Opens a saved conversation for this window to write, or read-only when another live window
 * holds it. Undefined when there is no such conversation.
 */
async function openSaved(history: HistoryStore, id: string): Promise<{ conversation: Conversation; readOnly?: string } | undefined> {
	const writable = await history.acquire(id);
	const saved = await history.load(id);
	if (!saved) {
		if (writable) await history.release(id);
		return undefined;
	}
	return writable ? { conversation: interruptedMarked(saved) } : { conversation: readOnlyView(saved), readOnly: openElsewhereNotice };
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal.aborted) return reject(new FluxAbortError());
		const timer = setTimeout(() => { signal.removeEventListener('abort', onAbort); resolve(); }, ms);
		const onAbort = () => { clearTimeout(timer); reject(new FluxAbortError()); };
		signal.addEventListener('abort', onAbort, { once: true });
	});
}
