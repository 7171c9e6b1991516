import { randomUUID } from 'node:crypto';
import type { Logger } from '../../flux/logger';
import { ConversationFiles, isConversationId } from './conversationFiles';
import { ConversationLockedError, ConversationLocks, type LockOptions } from './conversationLocks';
import { applyRecord, compactionThreshold, compactRecords, emptyConversation, foldLines, serializeLog, type FoldedLog } from './conversationLog';
import type { Conversation, HistoryRecord } from '../model';

/**
 * The workspace's conversations, one append-only JSON Lines file each. Every change is one
 * appended line, so a killed extension host loses at most the line being written: a torn last
 * line is skipped on load. A file whose log has grown to several times what it folds to (a card
 * action appends its whole turn again, proposed file texts and all) is rewritten compactly, when
 * it is read and as it is written, through a synced temporary file and a rename.
 *
 * Writes are queued, so they land in the order they were made. Each conversation has one writer
 * at a time (see ConversationLocks): a window writes, and compacts, only what it holds, and a
 * conversation someone else may be writing is read from disk again when its file changed.
 * The bytes on disk are ConversationFiles' part, the records' meaning conversationLog.ts's.
 */
export class HistoryStore {
	private readonly cache = new Map<string, Conversation>();
	private queue: Promise<void> = Promise.resolve();
	private readonly files: ConversationFiles;
	private readonly locks: ConversationLocks;
	/** The size past which each file is folded again to see whether to compact it (see compactionThreshold). */
	private readonly compactAt = new Map<string, number>();

	constructor(dir: string, private readonly logger: Logger, lockOptions?: LockOptions) {
		this.files = new ConversationFiles(dir, logger);
		this.locks = new ConversationLocks(dir, logger, lockOptions);
	}

	/**
	 * Takes a conversation for this window to write; false when another live window has it (it
	 * can still be read). A conversation with no file yet is free.
	 */
	acquire(id: string): Promise<boolean> {
		return isConversationId(id) ? this.locks.acquire(id) : Promise.resolve(false);
	}

	/** Lets another window write the conversation (after every write made so far has landed). */
	async release(id: string): Promise<void> {
		await this.queue;
		await this.locks.release(id);
	}

	/** Gives up every conversation held, as the extension host shuts down. */
	dispose(): void {
		this.locks.dispose();
	}

	/** A new, empty conversation; nothing is written until its first record. */
	create(): Conversation {
		return emptyConversation(randomUUID(), Date.now());
	}

	/** Loads one conversation (undefined when it does not exist or cannot be read). */
	async load(id: string): Promise<Conversation | undefined> {
		if (!isConversationId(id)) return undefined;
		const cached = this.cache.get(id);
		if (cached && await this.files.isFresh(id)) return copy(cached);
		await this.queue;
		const loaded = await this.readFile(id);
		if (loaded) this.cache.set(id, loaded);
		else this.cache.delete(id);
		return loaded && copy(loaded);
	}

	/** Every conversation in this workspace, newest first. */
	async all(): Promise<Conversation[]> {
		await this.queue;
		// Other windows add, change and delete conversations too: the folder is what counts.
		const ids = new Set<string>();
		for (const id of await this.files.ids()) {
			ids.add(id);
			if (this.cache.has(id) && await this.files.isFresh(id)) continue;
			const loaded = await this.readFile(id);
			if (loaded) this.cache.set(id, loaded);
		}
		for (const id of this.cache.keys()) if (!ids.has(id) && !this.locks.holds(id)) this.cache.delete(id);
		return [...this.cache.values()].filter((c) => c.turns.length > 0).sort((a, b) => b.updatedAt - a.updatedAt);
	}

	/**
	 * Appends records to a conversation's file (creating it with a `created` record first) and
	 * applies them to the cached copy. Resolves once they are written; rejects with
	 * ConversationLockedError, writing nothing, when another live window holds the conversation.
	 */
	append(conversation: Pick<Conversation, 'id' | 'createdAt'>, ...records: HistoryRecord[]): Promise<void> {
		let cached = this.cache.get(conversation.id);
		const lines: HistoryRecord[] = [];
		if (!cached) {
			cached = emptyConversation(conversation.id, conversation.createdAt);
			this.cache.set(conversation.id, cached);
			lines.push({ type: 'created', at: conversation.createdAt, id: conversation.id });
		}
		for (const record of records) applyRecord(cached, record);
		lines.push(...records);
		const text = serializeLog(lines);
		const id = conversation.id;
		return this.enqueue(async () => {
			const held = this.locks.holds(id);
			if (!await this.locks.acquire(id)) {
				// What was applied above is not on disk: the next load reads the file again.
				this.cache.delete(id);
				throw new ConversationLockedError(id);
			}
			if (!held) {
				// Taken just now: another window may have written (or torn a line) since this one read.
				this.files.forgetLineEnd(id);
				if (await this.files.changedSinceSeen(id)) {
					const onDisk = (await this.readConversation(id)).conversation;
					if (onDisk) {
						for (const record of records) applyRecord(onDisk, record);
						this.cache.set(id, onDisk);
					}
				}
			}
			const size = await this.files.append(id, text);
			if (size > (this.compactAt.get(id) ?? compactionThreshold(0))) {
				// The records are on disk: a compaction that fails is the log's business, not the caller's.
				await this.compactFile(id).catch((error: unknown) => this.logger.error(`history: cannot compact ${id}: ${String(error)}`));
			}
		});
	}

	/** Deletes a conversation; rejects with ConversationLockedError when another live window has it. */
	async delete(id: string): Promise<void> {
		if (!isConversationId(id)) return;
		await this.enqueue(async () => {
			if (!await this.locks.acquire(id)) throw new ConversationLockedError(id);
			this.cache.delete(id);
			this.compactAt.delete(id);
			await this.files.remove(id);
		});
		await this.locks.release(id);
	}

	/** Resolves when every write made so far has landed. */
	flush(): Promise<void> {
		return this.queue;
	}

	private enqueue(write: () => Promise<void>): Promise<void> {
		const next = this.queue.then(write);
		// One failed write must not stop the ones after it; the caller hears of its own failure.
		this.queue = next.catch((error: unknown) => this.logger.error(`history: ${String(error)}`));
		return next;
	}

	/** Reads and folds a conversation file, noting how it was when read and when to look at its size again. */
	private async readConversation(id: string): Promise<FoldedLog> {
		const text = await this.files.read(id);
		const folded = text === undefined ? { newer: false, bytes: 0, foldedBytes: 0 } : foldLines(id, text);
		// A log with records of a newer version is never compacted: it is looked at again once it has grown as much.
		this.compactAt.set(id, compactionThreshold(folded.newer ? folded.bytes : folded.foldedBytes));
		return folded;
	}

	private async readFile(id: string): Promise<Conversation | undefined> {
		const { conversation, newer, bytes, foldedBytes } = await this.readConversation(id);
		if (!conversation) return undefined;
		if (!newer && bytes > compactionThreshold(foldedBytes)) await this.compactIfFree(id);
		return conversation;
	}

	/** Only the window that writes a conversation rewrites it: a rename under a writer would lose its appends. */
	private async compactIfFree(id: string): Promise<void> {
		const held = this.locks.holds(id);
		if (!held && !await this.locks.acquire(id)) return;
		// A compaction that fails is logged by the queue; the conversation was read all the same.
		await this.enqueue(() => this.compactFile(id)).catch(() => undefined);
		if (!held) await this.locks.release(id);
	}

	/**
	 * Rewrites a conversation file as its shortest log if its log has outgrown that. It folds the
	 * file as it is now, not the cached copy: only the disk surely holds every record (another
	 * window's, written before this one took the lock, too). Runs in the queue, with the lock held.
	 */
	private async compactFile(id: string): Promise<void> {
		const { conversation, newer, bytes, foldedBytes } = await this.readConversation(id);
		if (!conversation || newer || bytes <= compactionThreshold(foldedBytes)) return;
		const text = serializeLog(compactRecords(conversation));
		await this.files.rewrite(id, text);
		this.compactAt.set(id, compactionThreshold(Buffer.byteLength(text)));
	}
}

/** Callers get their own turn list: the cache's copy changes only through `append`. */
function copy(conversation: Conversation): Conversation {
	return { ...conversation, turns: [...conversation.turns] };
}
