import { randomUUID } from 'node:crypto';
import type { AttachmentView, ChatSnapshot, CodeContextView, EarlierTurns, ModelChoiceView, SpendView } from '../../protocol/messages';
import { ContextMeter } from '../context/contextMeter';
import type { OpenConversation, OpenedConversation } from '../history/conversationLibrary';
import type { ChangeSet } from '../changeSet';
import { inFlight, selectVersion, startAttempt, titleOf, waitingReply, withChanges, type Conversation, type HistoryRecord, type Turn } from '../model';
import { conversationSpend } from '../usage/spend';
import { toTurnView } from '../toView';
import { TurnExecution, type TurnEvents } from './turnExecution';
import type { ConversationRunnerDeps } from './types';

/** How many turns a snapshot or an earlier page carries: a screenful and more, cheap to render. */
export const pageSize = 40;

/** Per-turn escalation: "Retry with a stronger model" and "Retry with a faster model". */
export const strongerModel = 'flux-reasoning';
export const fasterModel = 'flux-fast';

/**
 * The open conversation and its turns, as in FluxRouter's chatbot guide: a question is sent with
 * the conversation so far (fitted to the context window), the streamed reply is kept as it comes,
 * and every turn is written to the history as it starts and as it ends. Also holds the draft.
 * Saved conversations themselves (open, list, rename, delete, export) are the library's.
 */
export class ConversationRunner implements OpenConversation, TurnEvents {
	private open: Conversation;
	private draft: string;
	private readonly meter: ContextMeter;
	private readonly turns: TurnExecution;
	/** Change sets (reply versions) whose card can undo its last Accept (the originals are held by the platform, this session). */
	private readonly undoable = new Set<string>();
	/** Set while the open conversation belongs to another window: why nothing can be changed here. */
	private readOnlyReason: string | undefined;

	private constructor(private readonly deps: ConversationRunnerDeps, opened: OpenedConversation) {
		this.open = opened.conversation;
		this.readOnlyReason = opened.readOnly;
		this.draft = deps.state.draft;
		this.meter = new ContextMeter((c) => c === this.open, deps.emit);
		this.turns = new TurnExecution(deps, this.meter, this);
		deps.library.attach(this);
	}

	/** Opens the conversation that was open last in this workspace (see ConversationLibrary.openFirst). */
	static async open(deps: ConversationRunnerDeps): Promise<ConversationRunner> {
		return new ConversationRunner(deps, await deps.library.openFirst(deps.state.currentId));
	}

	/** Stops the reply in flight and lets other windows write this window's conversations. */
	dispose(): void {
		this.stop();
		this.deps.library.dispose();
	}

	get conversation(): Conversation {
		return this.open;
	}

	get conversationId(): string {
		return this.open.id;
	}

	get readOnly(): string | undefined {
		return this.readOnlyReason;
	}

	get busy(): boolean {
		return this.turns.busy;
	}

	snapshot(): ChatSnapshot {
		const turns = this.open.turns;
		const from = Math.max(0, turns.length - pageSize);
		const context = this.meter.current;
		return {
			type: 'chat/snapshot',
			conversation: { id: this.open.id, title: titleOf(this.open) },
			turns: turns.slice(from).map((t) => this.view(t)),
			earlierTurns: from,
			model: this.modelChoice(),
			spend: this.spend(),
			...(context ? { context } : {}),
			draft: this.draft,
			...(this.readOnlyReason ? { readOnly: this.readOnlyReason } : {}),
		};
	}

	/** The page of turns before `beforeTurnId` (for a view scrolling up a long conversation). */
	earlier(beforeTurnId: string): EarlierTurns {
		const turns = this.open.turns;
		const end = turns.findIndex((t) => t.id === beforeTurnId);
		const from = Math.max(0, end - pageSize);
		return { type: 'chat/earlier', conversationId: this.open.id, turns: end < 0 ? [] : turns.slice(from, end).map((t) => this.view(t)), earlierTurns: end < 0 ? 0 : from };
	}

	modelChoice(): ModelChoiceView {
		const defaultModel = this.deps.settings().model;
		const pin = this.open.pin;
		return { model: pin ?? defaultModel, defaultModel, ...(pin ? { pin } : {}) };
	}

	/** Resolves when every turn in flight has ended and its record is written. */
	idle(): Promise<void> {
		return this.turns.idle();
	}

	/**
	 * Appends a question (with code attached, for Explain Selection) and starts its turn. Kept as
	 * the draft while a reply is in flight or the conversation is read-only; ignored when blank.
	 */
	send(text: string, context?: CodeContextView, attachments?: readonly AttachmentView[]): void {
		if (!this.canSend(text)) {
			if (text.trim()) this.keepAsDraft(text);
			return;
		}
		const turn: Turn = {
			id: randomUUID(), question: text, askedAt: Date.now(), ...(context ? { context } : {}), ...(attachments?.length ? { attachments } : {}), reply: waitingReply(),
		};
		this.open.turns.push(turn);
		this.draft = '';
		this.saveState();
		this.deps.emit({ type: 'turn/started', turn: this.view(turn) });
		this.turns.start(this.open, turn);
	}

	/** True when `send(text)` would start a turn now (not blank, nothing in flight, not read-only). */
	canSend(text: string): boolean {
		return text.trim() !== '' && !this.turns.busy && !this.readOnlyReason;
	}

	/** Replaces the last question and asks again. */
	editLast(text: string): void {
		const last = this.open.turns.at(-1);
		if (!last || !text.trim()) return;
		if (this.turns.busy || this.readOnlyReason) return this.keepAsDraft(text);
		this.open.turns.pop();
		this.record({ type: 'removeTurn', at: Date.now(), turnId: last.id });
		this.deps.emit(this.snapshot());
		this.send(text, last.context, last.attachments);
	}

	/**
	 * Runs a turn again: Regenerate or Retry on the last one, or "Retry with…" on any, with
	 * `model` asked for this turn only. Later turns keep their replies and their models. The
	 * answer being replaced stays a version of the turn, and stays current unless the new one
	 * ends `done`: a retry that fails leaves it in place.
	 */
	retry(turnId: string, model?: string): void {
		const index = this.open.turns.findIndex((t) => t.id === turnId);
		if (this.turns.busy || index < 0) return;
		if (this.readOnlyReason) return this.deps.emit(this.snapshot());
		const turn = startAttempt(this.open.turns[index], model);
		this.open.turns[index] = turn;
		this.deps.emit({ type: 'turn/started', turn: this.view(turn) });
		this.turns.start(this.open, turn);
	}

	/** Shows another version of a finished turn's reply; it becomes the one later turns build on. */
	showVersion(turnId: string, index: number): void {
		const at = this.open.turns.findIndex((t) => t.id === turnId);
		if (at < 0 || this.turns.runningTurnId === turnId) return;
		if (this.readOnlyReason) return this.deps.emit(this.snapshot());
		const turn = selectVersion(this.open.turns[at], index);
		if (turn === this.open.turns[at]) return;
		this.open.turns[at] = turn;
		this.record({ type: 'turn', at: Date.now(), turn });
		this.deps.emit({ type: 'turn/changed', turn: this.view(turn) });
	}

	/**
	 * The change set of a finished turn's shown reply in the open conversation: the one version
	 * whose card the user sees, and the only one a click may act on.
	 */
	changesOf(turnId: string): ChangeSet | undefined {
		const turn = this.open.turns.find((t) => t.id === turnId);
		return turn && !inFlight(turn.reply) ? turn.reply.changes : undefined;
	}

	/**
	 * The proposed text of one file of one change set, from whichever version of the turn holds
	 * it (an open diff keeps showing exactly what it was opened with, until it is closed).
	 */
	proposedText(turnId: string, setId: string, path: string): string | undefined {
		const turn = this.open.turns.find((t) => t.id === turnId);
		const reply = turn && [turn.reply, ...turn.replies ?? []].find((r) => r.changes?.id === setId);
		return reply?.changes?.files.find((f) => f.path === path)?.text;
	}

	/**
	 * Replaces one reply version's change set (the user accepted, discarded, undid a change):
	 * saved, and shown. `undoable` says whether its card offers Undo (this session only). Nothing
	 * changes while the conversation is read-only here: the window that holds it decides.
	 */
	updateChanges(turnId: string, changes: ChangeSet, undoable = false): void {
		const at = this.open.turns.findIndex((t) => t.id === turnId);
		if (at < 0 || inFlight(this.open.turns[at].reply) || this.readOnlyReason) return;
		const turn = withChanges(this.open.turns[at], changes);
		if (turn === this.open.turns[at]) return;
		if (undoable) this.undoable.add(changes.id);
		else this.undoable.delete(changes.id);
		this.open.turns[at] = turn;
		this.record({ type: 'turn', at: Date.now(), turn });
		this.deps.emit({ type: 'turn/changed', turn: this.view(turn) });
	}

	/** Aborts the turn in flight; its partial reply is kept, marked as stopped. */
	stop(turnId?: string): void {
		this.turns.stop(turnId);
	}

	/** The user clicked a choice on a tool call's approval card; a card nothing waits for any more is left as it is. */
	decideTool(turnId: string, callId: string, choice: string): void {
		this.turns.approvals.decide(turnId, callId, choice);
	}

	setDraft(text: string): void {
		if (text === this.draft) return;
		this.draft = text;
		this.saveState();
	}

	/** Pins a model for the open conversation (undefined goes back to `flux.model`). */
	setPin(model: string | undefined): void {
		if (this.readOnlyReason) return this.deps.emit(this.snapshot());
		// Saved at once, even before the first question: the pin is the conversation's, and an empty
		// chat that was reloaded must come back with it (and so must the id that finds it).
		this.deps.library.pin(this.open, model);
		this.saveState();
		this.deps.emit({ type: 'chat/model', model: this.modelChoice() });
		this.deps.onModelChoice?.(this.modelChoice());
	}

	/** Starts an empty conversation (stopping any reply in flight); it is saved with its first turn. */
	newChat(): void {
		this.show({ conversation: this.deps.library.create() });
	}

	/** Opens a saved conversation; false when it no longer exists. */
	async openConversation(id: string): Promise<boolean> {
		if (id === this.open.id) return true;
		const opened = await this.deps.library.openSaved(id);
		if (opened) this.show(opened);
		return opened !== undefined;
	}

	/** OpenConversation: the title or pin changed from the library. */
	changed(): void {
		this.deps.emit(this.snapshot());
		this.deps.onModelChoice?.(this.modelChoice());
	}

	/** OpenConversation: before the library deletes the open conversation. */
	async settle(): Promise<void> {
		this.stop();
		await this.idle();
	}

	/** OpenConversation: after the library deleted the open conversation. */
	replaceWithNew(): void {
		this.newChat();
	}

	/** A message that cannot be sent now goes back into the composer rather than being lost. */
	private keepAsDraft(text: string): void {
		if (this.readOnlyReason) this.deps.logger.info('the conversation is open in another window: the message was kept as the draft');
		this.draft = text;
		this.saveState();
		this.deps.emit(this.snapshot());
	}

	/**
	 * Shows another conversation at once. A reply in flight is stopped and left to end in its own
	 * conversation, so a question sent right after switching goes to the new one.
	 */
	private show(opened: OpenedConversation): void {
		this.turns.detach();
		if (!this.readOnlyReason) this.deps.library.leave(this.open, this.idle());
		this.open = opened.conversation;
		this.readOnlyReason = opened.readOnly;
		this.meter.reset();
		this.saveState();
		this.deps.emit(this.snapshot());
		this.deps.onModelChoice?.(this.modelChoice());
	}

	/** TurnEvents: a turn ended; the open conversation's view gets its final state and the spend. */
	ended(conversation: Conversation, turn: Turn, deltaSeq: number): void {
		if (conversation !== this.open) return;
		const { reply, versions, retryFailed } = toTurnView(turn, deltaSeq, { readOnly: this.readOnlyReason !== undefined });
		this.deps.emit({ type: 'turn/ended', turnId: turn.id, reply, ...(versions ? { versions } : {}), ...(retryFailed ? { retryFailed } : {}) });
		this.deps.emit({ type: 'chat/spend', spend: this.spend() });
	}

	isOpen(conversation: Conversation): boolean {
		return conversation === this.open;
	}

	/** A turn as the view shows it, with the deltas it already has when it is in flight. */
	private view(turn: Turn): ReturnType<typeof toTurnView> {
		const setId = turn.reply.changes?.id;
		return toTurnView(turn, this.turns.deltaSeq(turn.id), { undoable: setId !== undefined && this.undoable.has(setId), readOnly: this.readOnlyReason !== undefined });
	}

	private spend(): SpendView {
		return conversationSpend(this.open.turns, this.deps.meter.today());
	}

	/** TurnEvents, and the runner's own changes: saved, or read-only from now on when another window took it. */
	record(record: HistoryRecord, conversation: Conversation = this.open): void {
		this.deps.library.record(conversation, record, () => void this.lockedOut(conversation));
	}

	/**
	 * Another window holds the conversation now (it opened it while this one was not writing, or
	 * took over a lock it judged stale): show what is on disk, read-only, and keep an unsaved
	 * question as the draft.
	 */
	async lockedOut(conversation: Conversation, unsent?: string): Promise<void> {
		this.deps.logger.warn(`conversation ${conversation.id} is open in another window: read-only here`);
		if (conversation !== this.open) return;
		const opened = await this.deps.library.reopenReadOnly(conversation);
		if (conversation !== this.open) return;
		this.stop();
		this.open = opened.conversation;
		this.readOnlyReason = opened.readOnly;
		if (unsent !== undefined && !this.draft.trim()) {
			this.draft = unsent;
			this.saveState();
		}
		this.deps.emit(this.snapshot());
		this.deps.onModelChoice?.(this.modelChoice());
	}

	private saveState(): void {
		this.deps.state.save({ currentId: this.open.id, draft: this.draft, pin: this.open.pin })
			.catch((error: unknown) => this.deps.logger.error(`could not save the draft: ${String(error)}`));
	}
}
