import { t } from '@vscode/l10n';
import type { Logger } from '../../flux/logger';
import type { HistoryList } from '../../protocol/messages';
import { ConversationLockedError } from './conversationLocks';
import { toJson, toMarkdown, type ExportFormat } from './exportConversation';
import { modelsIn, searchHistory } from './historySearch';
import type { HistoryStore } from './historyStore';
import { inFlight, interruptedTurn, type Conversation, type HistoryRecord } from '../model';

/** Shown over a conversation another window is writing: it is read-only here. */
export const openElsewhereNotice = 'This conversation is open in another VS Code window, which writes it. You can read it here; to go on with it here, close it there first, or start a new chat.';

/** A conversation as a window opens it: writable, or read-only with the reason why. */
export interface OpenedConversation {
	readonly conversation: Conversation;
	readonly readOnly?: string;
}

/** The conversation open in the view, as the library needs to know it (the runner holds it). */
export interface OpenConversation {
	readonly conversation: Conversation;
	readonly readOnly?: string;
	/** Its title or pin changed: show it again. */
	changed(): void;
	/** Stops its reply and waits for every write (before it is deleted). */
	settle(): Promise<void>;
	/** Shows a new, empty chat in its place (after it was deleted). */
	replaceWithNew(): void;
}

/**
 * The saved conversations of this workspace: opening (writable, or read-only when another window
 * writes one), listing and searching, renaming, deleting, pins and export. It owns the history
 * store; the runner writes turns through {@link record}.
 */
export class ConversationLibrary {
	private open: OpenConversation | undefined;

	constructor(private readonly store: HistoryStore, private readonly logger: Logger) {}

	/** Tells the library which conversation is open (so renaming or deleting it goes through the runner). */
	attach(open: OpenConversation): void {
		this.open = open;
	}

	/** A new, empty conversation; it is saved with its first turn or pin. */
	create(): Conversation {
		return this.store.create();
	}

	/**
	 * The conversation to show at start: `id` when it still exists, else the most recent one;
	 * with no history at all, a new one. (The workspace state that names `id` lives in the
	 * browser under VS Code for the Web, and can be lost.)
	 */
	async openFirst(id: string | undefined): Promise<OpenedConversation> {
		const wanted = id ?? (await this.store.all())[0]?.id;
		return (wanted === undefined ? undefined : await this.openSaved(wanted)) ?? { conversation: this.create() };
	}

	/**
	 * Opens a saved conversation for this window to write, or read-only when another live window
	 * holds it. Turns left running when a host stopped come back marked interrupted, with a Retry.
	 * Undefined when there is no such conversation.
	 */
	async openSaved(id: string): Promise<OpenedConversation | undefined> {
		const writable = await this.store.acquire(id);
		const saved = await this.store.load(id);
		if (!saved) {
			if (writable) await this.store.release(id);
			return undefined;
		}
		if (!writable) return { conversation: readOnlyView(saved), readOnly: openElsewhereNotice };
		saved.turns = saved.turns.map(interruptedTurn);
		return { conversation: saved };
	}

	/** What is on disk now for a conversation another window took over, shown read-only. */
	async reopenReadOnly(conversation: Conversation): Promise<OpenedConversation> {
		const fresh = await this.store.load(conversation.id);
		return { conversation: readOnlyView(fresh ?? conversation), readOnly: openElsewhereNotice };
	}

	/** The saved conversations matching a search, for the history list. */
	async list(query: string, modelFilter?: string): Promise<HistoryList> {
		const all = await this.store.all();
		return { type: 'history/list', query, ...(modelFilter ? { modelFilter } : {}), items: searchHistory(all, query, modelFilter), models: modelsIn(all), currentId: this.open?.conversation.id ?? '' };
	}

	/** A saved conversation (the open one included, as it is now). */
	async load(id: string): Promise<Conversation | undefined> {
		return id === this.open?.conversation.id ? this.open.conversation : this.store.load(id);
	}

	/** Renames; an empty title goes back to the first question. Throws ConversationLockedError when another window writes it. */
	async rename(id: string, title: string): Promise<void> {
		const open = this.open?.conversation.id === id ? this.open : undefined;
		if (open?.readOnly) throw new ConversationLockedError(id);
		const target = open?.conversation ?? await this.store.load(id);
		if (!target) return;
		await this.store.append(target, { type: 'title', at: Date.now(), title: title.trim() });
		target.title = title.trim() || undefined;
		// Renaming from the list takes the conversation only for as long as the write.
		if (!open && this.open?.conversation.id !== id) await this.store.release(id);
		open?.changed();
	}

	/** Deletes a saved conversation; deleting the open one opens a new, empty one. */
	async delete(id: string): Promise<void> {
		const open = this.open?.conversation.id === id ? this.open : undefined;
		await open?.settle();
		await this.store.delete(id);
		open?.replaceWithNew();
	}

	/** Pins a model for a conversation (undefined goes back to `flux.model`); saved at once. */
	pin(conversation: Conversation, model: string | undefined): void {
		conversation.pin = model;
		this.record(conversation, { type: 'pin', at: Date.now(), ...(model ? { model } : {}) });
	}

	/** A conversation as Markdown (readable, with each turn's facts) or JSON (for tools). */
	export(conversation: Conversation, format: ExportFormat): string {
		return format === 'markdown' ? toMarkdown(conversation) : toJson(conversation);
	}

	/**
	 * Appends a record. When another window has taken the conversation, `onLocked` is called
	 * (the runner shows it read-only); other failures are logged.
	 */
	record(conversation: Conversation, record: HistoryRecord, onLocked?: () => void): void {
		this.store.append(conversation, record).catch((error: unknown) => {
			if (error instanceof ConversationLockedError) return onLocked?.();
			this.logger.error(`could not save the conversation: ${String(error)}`);
		});
	}

	/** Appends a record and waits for it (a question is saved before it is asked). */
	append(conversation: Conversation, record: HistoryRecord): Promise<void> {
		return this.store.append(conversation, record);
	}

	/**
	 * The view moved away from `left`: a chat left without a question holds nothing worth
	 * listing, so it goes; another is released (after `ended`, once its stopped reply is saved) so
	 * another window may go on with it.
	 */
	leave(left: Conversation, ended: Promise<void>): void {
		const onError = (what: string) => (error: unknown) => this.logger.error(`could not ${what}: ${String(error)}`);
		if (left.turns.length === 0) {
			this.store.delete(left.id).catch(onError('remove an empty conversation'));
			return;
		}
		ended
			.then(() => this.open?.conversation.id === left.id ? undefined : this.store.release(left.id))
			.catch(onError('release a conversation'));
	}

	/** Resolves when every write made so far has landed. */
	flush(): Promise<void> {
		return this.store.flush();
	}

	/** Lets other windows write this window's conversations. */
	dispose(): void {
		this.store.dispose();
	}
}

/**
 * A conversation another window writes, as shown here: a reply it is still writing is not
 * interrupted, and is not saved as such; it is shown as going on elsewhere.
 */
function readOnlyView(conversation: Conversation): Conversation {
	conversation.turns = conversation.turns.map((turn) => inFlight(turn.reply)
		? { ...turn, reply: { ...turn.reply, status: 'incomplete', error: { message: t('Still being written in another VS Code window.'), actions: [] } } }
		: turn);
	return conversation;
}
