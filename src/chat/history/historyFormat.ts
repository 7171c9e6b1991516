import { randomUUID } from 'node:crypto';
import { runsCode, type RunsCodeKind } from '../../tools/edits/runsCode';
import type { ChangeSet, FileChange } from '../changeSet';
import { questionOf, type HistoryRecord, type Reply, type Turn } from '../model';

/**
 * The conversation file's own types. They are declared here, apart from the chat model and the
 * webview's messages, so that neither can change what is on disk by accident: a change here is
 * a new format version, read alongside the old ones.
 *
 * Version 1 (0.3): every line carries `v: 1`; a turn keeps all its replies (versions) and which
 * is current; nothing of the view's transport (`deltaSeq`). 0.4 added a reply's proposed file
 * changes (`changes`), an optional field that 0.3 reads past; 0.3.0 the instruction files a
 * reply's request carried (`instructions`, path and SHA-256), another.
 * Version 0 (0.2.0, no `v`): the webview's `TurnView` as it was, one reply per turn.
 */
export const historyFormatVersion = 1;

type StoredStatus = 'waiting' | 'streaming' | 'done' | 'stopped' | 'incomplete' | 'error';
// Actions added in 0.3 only widen what a line may hold: lines of older versions read as before.
type StoredErrorAction = 'retry' | 'setApiKey' | 'useFluxAuto' | 'unpinAndRetry' | 'retryWithFluxAuto' | 'newChat' | 'pinModel' | 'openSettings' | 'continue';

interface StoredError {
	readonly message: string;
	readonly actions: readonly StoredErrorAction[];
}

interface StoredReply {
	readonly status: StoredStatus;
	readonly text: string;
	readonly reasoning?: string;
	readonly meta?: {
		readonly servedModel: string;
		readonly requestedModel: string;
		readonly routed: boolean;
		readonly requestId?: string;
		readonly firstTokenMs?: number;
	};
	readonly usage?: {
		readonly promptTokens: number;
		readonly completionTokens: number;
		readonly costUsd?: number;
		readonly costSource?: 'header' | 'usage' | 'estimate';
	};
	readonly error?: StoredError;
	readonly tools?: readonly {
		readonly id: string;
		readonly name: string;
		readonly arguments: string;
		readonly status: 'awaiting' | 'running' | 'done' | 'error' | 'cancelled' | 'declined';
		readonly summary?: string;
		readonly durationMs?: number;
		readonly approval?: {
			readonly prompt: string;
			readonly detail?: string;
			readonly choices: readonly { readonly id: string; readonly label: string; readonly allows: boolean }[];
			readonly chosen?: string;
		};
		/** Added with run_command: what it ran, how it ended, and its output (capped). */
		readonly terminal?: {
			readonly command: string;
			readonly folder: string;
			readonly via: 'terminal' | 'process';
			readonly ended: 'exited' | 'timeout' | 'stopped';
			readonly exitCode?: number;
			readonly output: string;
			readonly autoRun?: true;
		};
	}[];
	readonly notices?: readonly string[];
	readonly durationMs?: number;
	/** `id` names the reply version's set; sets saved before 0.3 have none and get one when read. */
	readonly changes?: { readonly id?: string; readonly files: readonly StoredFileChange[] };
	readonly instructions?: readonly { readonly path: string; readonly sha256: string }[];
}

/** A file the model proposed to change: its whole proposed text, and how it was made. */
interface StoredFileChange {
	readonly path: string;
	readonly fsPath: string;
	readonly target?: string;
	readonly runsCode?: RunsCodeKind;
	readonly baseHash?: string;
	readonly text: string;
	readonly added: number;
	readonly removed: number;
	readonly steps: readonly (
		| { readonly kind: 'edit'; readonly old_text: string; readonly new_text: string; readonly replace_all?: boolean }
		| { readonly kind: 'create'; readonly content: string }
	)[];
	readonly status: 'pending' | 'accepted' | 'discarded' | 'stale' | 'undone' | 'present';
	readonly note?: string;
}

interface StoredTurn {
	readonly id: string;
	readonly question: string;
	readonly askedAt?: number;
	readonly model?: string;
	readonly context?: {
		readonly path: string;
		readonly language: string;
		readonly startLine: number;
		readonly endLine: number;
		readonly text: string;
	};
	/** Chips sent with the question; optional, so version 1 lines without it read as before. */
	readonly attachments?: readonly StoredAttachment[];
	/** Finished replies, oldest first (empty while the first attempt runs). */
	readonly replies: readonly StoredReply[];
	/** Index of the current reply in `replies`. */
	readonly current: number;
	/** The attempt in flight when the record was written. */
	readonly attempt?: StoredReply;
	readonly retryFailed?: StoredError;
}

interface StoredAttachment {
	readonly id: string;
	readonly kind: 'file' | 'selection' | 'problems' | 'editors';
	readonly label: string;
	readonly path?: string;
	readonly startLine?: number;
	readonly endLine?: number;
	readonly note?: string;
	readonly language?: string;
	readonly text: string;
}

interface StoredSummary {
	readonly throughTurnId: string;
	readonly turnCount: number;
	readonly text: string;
}

/** One line of a conversation file, format 1. */
type StoredRecord = { readonly v: 1; readonly at: number } & (
	| { readonly type: 'created'; readonly id: string }
	| { readonly type: 'turn'; readonly turn: StoredTurn }
	| { readonly type: 'removeTurn'; readonly turnId: string }
	| { readonly type: 'title'; readonly title: string }
	| { readonly type: 'pin'; readonly model?: string }
	| { readonly type: 'summary'; readonly summary?: StoredSummary }
);

/** A turn as 0.2.0 (and 0.1, in workspace state) saved it: the view's `TurnView`. */
export interface LegacyTurn {
	readonly id: string;
	readonly question: string;
	readonly askedAt?: number;
	readonly model?: string;
	readonly context?: StoredTurn['context'];
	readonly reply: StoredReply & { readonly deltaSeq?: number };
}

/** The line a record is written as (without its newline). */
export function serializeRecord(record: HistoryRecord): string {
	return JSON.stringify(toStored(record));
}

/**
 * The record a line holds, from any format this version reads; undefined for a line that is not
 * one (a torn write) or comes from a newer format (skipped rather than misread).
 */
export function parseRecord(line: string): HistoryRecord | undefined {
	let raw: unknown;
	try {
		raw = JSON.parse(line);
	} catch {
		return undefined;
	}
	if (!raw || typeof raw !== 'object') return undefined;
	const record = raw as { v?: unknown; type?: unknown; at?: unknown };
	if (typeof record.type !== 'string' || typeof record.at !== 'number') return undefined;
	if (record.v === undefined) return fromLegacyRecord(raw as LegacyRecord);
	if (record.v === 1) return fromStored(raw as StoredRecord);
	return undefined;
}

/** True for a record of a format newer than this version reads: the file must not be rewritten. */
export function isNewerFormat(line: string): boolean {
	try {
		const v = (JSON.parse(line) as { v?: unknown }).v;
		return typeof v === 'number' && v > historyFormatVersion;
	} catch {
		return false;
	}
}

/** A turn saved by 0.1 or 0.2.0 in today's model. */
export function turnFromLegacy(turn: LegacyTurn): Turn {
	return {
		...questionOf(turn),
		reply: replyFromStored(turn.reply),
	};
}

type LegacyRecord = { readonly at: number } & (
	| { readonly type: 'created'; readonly id: string }
	| { readonly type: 'turn'; readonly turn: LegacyTurn }
	| { readonly type: 'removeTurn'; readonly turnId: string }
	| { readonly type: 'title'; readonly title: string }
	| { readonly type: 'pin'; readonly model?: string }
	| { readonly type: 'summary'; readonly summary?: StoredSummary }
);

function fromLegacyRecord(record: LegacyRecord): HistoryRecord | undefined {
	if (record.type === 'turn') return record.turn?.reply ? { type: 'turn', at: record.at, turn: turnFromLegacy(record.turn) } : undefined;
	return sameRecord(record);
}

function fromStored(record: StoredRecord): HistoryRecord | undefined {
	if (record.type !== 'turn') return sameRecord(record);
	const stored = record.turn;
	if (!stored || !Array.isArray(stored.replies)) return undefined;
	const replies = stored.replies.map(replyFromStored);
	const current = Math.min(Math.max(0, stored.current), replies.length - 1);
	const shown = stored.attempt ? replyFromStored(stored.attempt) : replies[current];
	if (!shown) return undefined;
	return {
		type: 'turn',
		at: record.at,
		turn: {
			...questionOf({ ...stored, attachments: Array.isArray(stored.attachments) ? stored.attachments : undefined }),
			reply: shown,
			...(replies.length > 1 || (stored.attempt && replies.length) ? { replies, current } : {}),
			...(stored.retryFailed ? { retryFailed: stored.retryFailed } : {}),
		},
	};
}

/** The records whose shape did not change between formats. */
function sameRecord(record: StoredRecord | LegacyRecord): HistoryRecord | undefined {
	switch (record.type) {
		case 'created': return { type: 'created', at: record.at, id: record.id };
		case 'removeTurn': return { type: 'removeTurn', at: record.at, turnId: record.turnId };
		case 'title': return { type: 'title', at: record.at, title: record.title };
		case 'pin': return { type: 'pin', at: record.at, ...(record.model ? { model: record.model } : {}) };
		case 'summary': return { type: 'summary', at: record.at, ...(record.summary ? { summary: record.summary } : {}) };
		default: return undefined;
	}
}

function toStored(record: HistoryRecord): StoredRecord {
	const v = historyFormatVersion;
	switch (record.type) {
		case 'created': return { v, type: 'created', at: record.at, id: record.id };
		case 'removeTurn': return { v, type: 'removeTurn', at: record.at, turnId: record.turnId };
		case 'title': return { v, type: 'title', at: record.at, title: record.title };
		case 'pin': return { v, type: 'pin', at: record.at, ...(record.model ? { model: record.model } : {}) };
		case 'summary': return { v, type: 'summary', at: record.at, ...(record.summary ? { summary: record.summary } : {}) };
		case 'turn': return { v, type: 'turn', at: record.at, turn: turnToStored(record.turn) };
	}
}

function turnToStored(turn: Turn): StoredTurn {
	const running = turn.reply.status === 'waiting' || turn.reply.status === 'streaming';
	const replies = turn.replies ?? (running ? [] : [turn.reply]);
	return {
		...questionOf(turn),
		replies: replies.map(replyToStored),
		current: turn.current ?? 0,
		...(running ? { attempt: replyToStored(turn.reply) } : {}),
		...(turn.retryFailed ? { retryFailed: turn.retryFailed } : {}),
	};
}

/** Only the fields the format knows are written: whatever else a reply carries stays in memory. */
function replyToStored(reply: Reply): StoredReply {
	return {
		status: reply.status,
		text: reply.text,
		...(reply.reasoning ? { reasoning: reply.reasoning } : {}),
		...(reply.meta ? { meta: reply.meta } : {}),
		...(reply.usage ? { usage: reply.usage } : {}),
		...(reply.error ? { error: reply.error } : {}),
		...(reply.tools?.length ? { tools: reply.tools } : {}),
		...(reply.notices?.length ? { notices: reply.notices } : {}),
		...(reply.durationMs !== undefined ? { durationMs: reply.durationMs } : {}),
		...(reply.changes ? { changes: { id: reply.changes.id, files: reply.changes.files.map(fileChangeToStored) } } : {}),
		...(reply.instructions?.length ? { instructions: reply.instructions.map(({ path, sha256 }) => ({ path, sha256 })) } : {}),
	};
}

function fileChangeToStored(file: FileChange): StoredFileChange {
	return {
		path: file.path, fsPath: file.fsPath, ...(file.target ? { target: file.target } : {}), ...(file.runsCode ? { runsCode: file.runsCode } : {}),
		...(file.baseHash ? { baseHash: file.baseHash } : {}), text: file.text,
		added: file.added, removed: file.removed, steps: file.steps, status: file.status, ...(file.note ? { note: file.note } : {}),
	};
}

/** A stored change is read only when it is whole: a proposal that lost its text cannot be applied. */
function fileChangeFromStored(file: StoredFileChange): FileChange | undefined {
	if (typeof file?.path !== 'string' || typeof file.fsPath !== 'string' || typeof file.text !== 'string' || !Array.isArray(file.steps)) return undefined;
	return {
		path: file.path, fsPath: file.fsPath, ...(typeof file.target === 'string' ? { target: file.target } : {}),
		...(typeof file.runsCode === 'string' ? { runsCode: file.runsCode } : {}),
		...(typeof file.baseHash === 'string' ? { baseHash: file.baseHash } : {}), text: file.text,
		added: file.added ?? 0, removed: file.removed ?? 0, steps: file.steps, status: file.status ?? 'pending', ...(file.note ? { note: file.note } : {}),
	};
}

function withRunsCode(file: FileChange): Pick<FileChange, 'runsCode'> {
	const kind = runsCode(file.path, undefined, file.text);
	return kind ? { runsCode: kind } : {};
}

function changesFromStored(changes: StoredReply['changes']): ChangeSet | undefined {
	const files = Array.isArray(changes?.files) ? changes.files.map(fileChangeFromStored).filter((f) => f !== undefined) : [];
	if (!files.length) return undefined;
	if (typeof changes?.id === 'string') return { id: changes.id, files };
	// Saved before sets had ids, or before files that run code were marked: judged again by path
	// (a package.json with any scripts counts, as its earlier text is not kept).
	return { id: randomUUID(), files: files.map((f) => ({ ...f, ...withRunsCode(f) })) };
}

function replyFromStored(reply: StoredReply): Reply {
	return {
		status: reply.status,
		text: reply.text ?? '',
		reasoning: reply.reasoning ?? '',
		...(reply.meta ? { meta: reply.meta } : {}),
		...(reply.usage ? { usage: reply.usage } : {}),
		...(reply.error ? { error: reply.error } : {}),
		...(reply.tools?.length ? { tools: reply.tools } : {}),
		...(reply.notices?.length ? { notices: reply.notices } : {}),
		...(reply.durationMs !== undefined ? { durationMs: reply.durationMs } : {}),
		...(changesFromStored(reply.changes) ? { changes: changesFromStored(reply.changes)! } : {}),
		...(instructionsFromStored(reply.instructions) ? { instructions: instructionsFromStored(reply.instructions)! } : {}),
	};
}

/** The instruction files a reply used; entries that lost a field are skipped. */
function instructionsFromStored(instructions: StoredReply['instructions']): StoredReply['instructions'] {
	const kept = Array.isArray(instructions) ? instructions.filter((i) => typeof i?.path === 'string' && typeof i.sha256 === 'string').map(({ path, sha256 }) => ({ path, sha256 })) : [];
	return kept.length ? kept : undefined;
}
