import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../flux/logger';
import { ConversationLockedError, ConversationLocks, type LockOptions } from './conversationLocks';
import { isNewerFormat, parseRecord, serializeRecord } from './historyFormat';
import type { Turn } from './model';

/** A summary standing in for the turns up to and including `throughTurnId` (see contextBudget). */
export interface StoredSummary {
	readonly throughTurnId: string;
	readonly turnCount: number;
	readonly text: string;
}

/** One saved conversation, as folded from its file. */
export interface Conversation {
	readonly id: string;
	readonly createdAt: number;
	/** Epoch milliseconds of the last record. */
	updatedAt: number;
	/** Set when the user renamed it; otherwise the title comes from the first question. */
	title?: string;
	/** The conversation's own model, overriding `flux.model`. */
	pin?: string;
	summary?: StoredSummary;
	turns: Turn[];
}

/**
 * One change to a conversation. A conversation file is a log of these, appended as things happen
 * and folded in order on load: a `turn` record replaces an earlier one with the same turn id.
 * On disk each is a line of historyFormat.ts's own, versioned shape.
 */
export type HistoryRecord =
	| { readonly type: 'created'; readonly at: number; readonly id: string }
	| { readonly type: 'turn'; readonly at: number; readonly turn: Turn }
	| { readonly type: 'removeTurn'; readonly at: number; readonly turnId: string }
	| { readonly type: 'title'; readonly at: number; readonly title: string }
	| { readonly type: 'pin'; readonly at: number; readonly model?: string }
	| { readonly type: 'summary'; readonly at: number; readonly summary?: StoredSummary };

const extension = '.jsonl';
/** Ids come back from the webview; only our own UUIDs ever become file names. */
const idPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function isConversationId(id: string): boolean {
	return idPattern.test(id);
}

/** The title shown for a conversation: the user's name for it, else its first question. */
export function titleOf(conversation: Conversation): string {
	if (conversation.title) return conversation.title;
	const first = conversation.turns[0]?.question.replace(/\s+/g, ' ').trim() ?? '';
	if (!first) return 'New chat';
	return first.length > 60 ? `${first.slice(0, 59)}…` : first;
}

/**
 * The workspace's conversations, one append-only JSON Lines file each. Every change is one
 * appended line, so a killed extension host loses at most the line being written: a torn last
 * line is skipped on load. Files whose logs have grown well past their content are rewritten
 * compactly through a temporary file and a rename, which is atomic.
 *
 * Writes are queued, so they land in the order they were made. Each conversation has one writer
 * at a time (see ConversationLocks): a window writes, and compacts, only what it holds, and a
 * conversation someone else may be writing is read from disk again when its file changed.
 */
export class HistoryStore {
	private readonly cache = new Map<string, Conversation>();
	/** Size and time of each cached file when it was read or last written here. */
	private readonly stamps = new Map<string, string>();
	private queue: Promise<void> = Promise.resolve();
	/** Files known to end with a whole line, so appending cannot glue a record to a torn one. */
	private readonly lineEnded = new Set<string>();
	private readonly locks: ConversationLocks;

	constructor(private readonly dir: string, private readonly logger: Logger, lockOptions?: LockOptions) {
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
		const now = Date.now();
		return { id: randomUUID(), createdAt: now, updatedAt: now, turns: [] };
	}

	/** Loads one conversation (undefined when it does not exist or cannot be read). */
	async load(id: string): Promise<Conversation | undefined> {
		if (!isConversationId(id)) return undefined;
		const cached = this.cache.get(id);
		if (cached && await this.isFresh(id)) return copy(cached);
		await this.queue;
		const loaded = await this.readFile(id);
		if (loaded) this.cache.set(id, loaded);
		else this.cache.delete(id);
		return loaded && copy(loaded);
	}

	/** Every conversation in this workspace, newest first. */
	async all(): Promise<Conversation[]> {
		await this.queue;
		let names: string[] = [];
		try {
			names = await readdir(this.dir);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
		}
		// Other windows add, change and delete conversations too: the folder is what counts.
		const ids = new Set<string>();
		for (const name of names) {
			const id = name.slice(0, -extension.length);
			if (!name.endsWith(extension) || !isConversationId(id)) continue;
			ids.add(id);
			if (this.cache.has(id) && await this.isFresh(id)) continue;
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
			cached = { id: conversation.id, createdAt: conversation.createdAt, updatedAt: conversation.createdAt, turns: [] };
			this.cache.set(conversation.id, cached);
			lines.push({ type: 'created', at: conversation.createdAt, id: conversation.id });
		}
		for (const record of records) applyRecord(cached, record);
		lines.push(...records);
		const text = lines.map(serializeRecord).join('\n') + '\n';
		return this.enqueue(async () => {
			await mkdir(this.dir, { recursive: true });
			const id = conversation.id;
			const held = this.locks.holds(id);
			if (!await this.locks.acquire(id)) {
				// What was applied above is not on disk: the next load reads the file again.
				this.cache.delete(id);
				throw new ConversationLockedError(id);
			}
			if (!held) {
				// Taken just now: another window may have written (or torn a line) since this one read.
				this.lineEnded.delete(id);
				const stamp = this.stamps.get(id);
				if (stamp !== undefined && stamp !== await this.stamp(id)) {
					const onDisk = (await this.readConversation(id)).conversation;
					if (onDisk) {
						for (const record of records) applyRecord(onDisk, record);
						this.cache.set(id, onDisk);
					}
				}
			}
			const file = this.file(id);
			// A host killed mid-write leaves a line without its end; appended to as it is, the next
			// record would be glued to it and lost with it on every load. Once per file and process
			// (after that, every write of ours ends its line), such a line is ended first.
			const torn = !this.lineEnded.has(conversation.id) && !await endsWithNewline(file);
			this.lineEnded.add(conversation.id);
			await appendFile(file, torn ? '\n' + text : text, 'utf8');
			this.stamps.set(conversation.id, await this.stamp(conversation.id));
		});
	}

	/** Deletes a conversation; rejects with ConversationLockedError when another live window has it. */
	async delete(id: string): Promise<void> {
		if (!isConversationId(id)) return;
		await this.enqueue(async () => {
			if (!await this.locks.acquire(id)) throw new ConversationLockedError(id);
			this.cache.delete(id);
			this.lineEnded.delete(id);
			await rm(this.file(id), { force: true });
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

	private file(id: string): string {
		return join(this.dir, id + extension);
	}

	/** True when the file is as it was when read or written here (so no other window changed it). */
	private async isFresh(id: string): Promise<boolean> {
		return this.stamps.get(id) === await this.stamp(id);
	}

	private async stamp(id: string): Promise<string> {
		try {
			const { size, mtimeMs } = await stat(this.file(id));
			return `${size}:${mtimeMs}`;
		} catch {
			return 'missing';
		}
	}

	/** Reads and folds a conversation file, noting how it was when read. */
	private async readConversation(id: string): Promise<ReturnType<typeof foldLines>> {
		let text: string;
		try {
			this.stamps.set(id, await this.stamp(id));
			text = await readFile(this.file(id), 'utf8');
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.logger.error(`history: cannot read ${id}: ${String(error)}`);
			return { records: 0, newer: false };
		}
		return foldLines(id, text);
	}

	private async readFile(id: string): Promise<Conversation | undefined> {
		const { conversation, records, newer } = await this.readConversation(id);
		if (!conversation) return undefined;
		// Records of a newer version (written by a later Flux Chat) are kept: compacting would drop them.
		if (!newer && records > 2 * conversation.turns.length + 50) await this.compactIfFree(conversation);
		return conversation;
	}

	/** Only the window that writes a conversation rewrites it: a rename under a writer would lose its appends. */
	private async compactIfFree(conversation: Conversation): Promise<void> {
		const held = this.locks.holds(conversation.id);
		if (!held && !await this.locks.acquire(conversation.id)) return;
		await this.compact(conversation);
		if (!held) await this.locks.release(conversation.id);
	}

	/** Rewrites a conversation as its shortest log, atomically (temporary file, then rename). */
	private compact(conversation: Conversation): Promise<void> {
		const target = this.file(conversation.id);
		const temporary = `${target}.${process.pid}.tmp`;
		const text = compactRecords(conversation).map(serializeRecord).join('\n') + '\n';
		return this.enqueue(async () => {
			await writeFile(temporary, text, 'utf8');
			await rename(temporary, target);
			this.stamps.set(conversation.id, await this.stamp(conversation.id));
		});
	}
}

/** True when the file is missing, empty or ends with a newline: an append starts a line of its own. */
async function endsWithNewline(file: string): Promise<boolean> {
	let handle;
	try {
		handle = await open(file, 'r');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
		throw error;
	}
	try {
		const { size } = await handle.stat();
		if (size === 0) return true;
		const last = Buffer.alloc(1);
		await handle.read(last, 0, 1, size - 1);
		return last[0] === 0x0a;
	} finally {
		await handle.close();
	}
}

/** Folds a conversation file; lines that are not a record of a format we read (a torn write) are skipped. */
export function foldLines(id: string, text: string): { conversation?: Conversation; records: number; newer: boolean } {
	let conversation: Conversation | undefined;
	let records = 0;
	let newer = false;
	for (const line of text.split('\n')) {
		if (!line) continue;
		const record = parseRecord(line);
		if (!record) {
			newer ||= isNewerFormat(line);
			continue;
		}
		records++;
		if (record.type === 'created') conversation ??= { id, createdAt: record.at, updatedAt: record.at, turns: [] };
		else if (conversation) applyRecord(conversation, record);
	}
	return { conversation, records, newer };
}

function applyRecord(conversation: Conversation, record: HistoryRecord): void {
	conversation.updatedAt = Math.max(conversation.updatedAt, record.at);
	switch (record.type) {
		case 'turn': {
			const index = conversation.turns.findIndex((t) => t.id === record.turn.id);
			if (index >= 0) conversation.turns[index] = record.turn;
			else conversation.turns.push(record.turn);
			break;
		}
		case 'removeTurn':
			conversation.turns = conversation.turns.filter((t) => t.id !== record.turnId);
			break;
		case 'title':
			conversation.title = record.title || undefined;
			break;
		case 'pin':
			conversation.pin = record.model;
			break;
		case 'summary':
			conversation.summary = record.summary;
			break;
		case 'created':
			break;
	}
}

function compactRecords(conversation: Conversation): HistoryRecord[] {
	const at = conversation.updatedAt;
	return [
		{ type: 'created', at: conversation.createdAt, id: conversation.id },
		...conversation.turns.map((turn): HistoryRecord => ({ type: 'turn', at, turn })),
		...(conversation.title ? [{ type: 'title', at, title: conversation.title } as const] : []),
		...(conversation.pin ? [{ type: 'pin', at, model: conversation.pin } as const] : []),
		...(conversation.summary ? [{ type: 'summary', at, summary: conversation.summary } as const] : []),
	];
}

/** Callers get their own turn list: the cache's copy changes only through `append`. */
function copy(conversation: Conversation): Conversation {
	return { ...conversation, turns: [...conversation.turns] };
}
