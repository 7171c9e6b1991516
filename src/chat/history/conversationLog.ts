import { isNewerFormat, parseRecord, serializeRecord } from './historyFormat';
import type { Conversation, HistoryRecord, Turn } from '../model';

// A conversation file as a log of records: folding it into a conversation, and the text and
// records to write. Plain data in and out, so the store decides alone when the disk is touched.

/** A conversation with no turns yet, made (or first written) at `at`. */
export function emptyConversation(id: string, at: number): Conversation {
	return { id, createdAt: at, updatedAt: at, turns: [] };
}

/** The text appended (or written) for some records: one line each, every line ended. */
export function serializeLog(records: readonly HistoryRecord[]): string {
	return records.map(serializeRecord).join('\n') + '\n';
}

/** A log is compacted once it is this many times the size of what it folds to... */
const compactionFactor = 4;
/** ...and this big: rewriting a small file saves little. */
const compactionMinBytes = 64 * 1024;

/** The size (bytes) past which a log whose compacted form takes `foldedBytes` is compacted. */
export function compactionThreshold(foldedBytes: number): number {
	return Math.max(compactionMinBytes, compactionFactor * foldedBytes);
}

/** A conversation file folded: the conversation, and the file's size against its compacted size. */
export interface FoldedLog {
	readonly conversation?: Conversation;
	/** Some lines are records of a newer format, which we skip: compacting would drop them. */
	readonly newer: boolean;
	/** The file's size in bytes. */
	readonly bytes: number;
	/** About what the file would take compacted: the lines that still count (the last of each turn, title, ...). */
	readonly foldedBytes: number;
}

/** Folds a conversation file; lines that are not a record of a format we read (a torn write) are skipped. */
export function foldLines(id: string, text: string): FoldedLog {
	let conversation: Conversation | undefined;
	let newer = false;
	// The size of the last line of each thing a compacted file keeps one line for.
	const kept = new Map<string, number>();
	// The turns by id, in order: a later record of a turn replaces it where it stood, as applyRecord
	// does, but without searching the list for every line (which made opening 1,000 turns quadratic).
	const turns = new Map<string, Turn>();
	for (const line of text.split('\n')) {
		if (!line) continue;
		const record = parseRecord(line);
		if (!record) {
			newer ||= isNewerFormat(line);
			continue;
		}
		if (record.type === 'created') conversation ??= emptyConversation(id, record.at);
		else if (conversation && (record.type === 'turn' || record.type === 'removeTurn')) {
			conversation.updatedAt = Math.max(conversation.updatedAt, record.at);
			if (record.type === 'turn') turns.set(record.turn.id, record.turn);
			else turns.delete(record.turnId);
		} else if (conversation) applyRecord(conversation, record);
		if (record.type === 'removeTurn') kept.delete(`turn:${record.turnId}`);
		else kept.set(record.type === 'turn' ? `turn:${record.turn.id}` : record.type, Buffer.byteLength(line) + 1);
	}
	if (conversation) conversation.turns = [...turns.values()];
	let foldedBytes = 0;
	for (const bytes of kept.values()) foldedBytes += bytes;
	return { conversation, newer, bytes: Buffer.byteLength(text), foldedBytes };
}

/** Applies one record to a conversation in place, as loading the file would. */
export function applyRecord(conversation: Conversation, record: HistoryRecord): void {
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

/** The shortest log that folds to the same conversation: what a compacted file holds. */
export function compactRecords(conversation: Conversation): HistoryRecord[] {
	const at = conversation.updatedAt;
	return [
		{ type: 'created', at: conversation.createdAt, id: conversation.id },
		...conversation.turns.map((turn): HistoryRecord => ({ type: 'turn', at, turn })),
		...(conversation.title ? [{ type: 'title', at, title: conversation.title } as const] : []),
		...(conversation.pin ? [{ type: 'pin', at, model: conversation.pin } as const] : []),
		...(conversation.summary ? [{ type: 'summary', at, summary: conversation.summary } as const] : []),
	];
}
