import { t } from '@vscode/l10n';
import type { ChangeSet } from './changeSet';
import type { AttachmentView, CodeContextView, ReplyError, ReplyMeta, ReplyStatus, ReplyUsage, ToolCallView } from '../protocol/messages';

/**
 * One reply to a question as the conversation keeps it: what was said and what it cost, without
 * the view's transport state (`deltaSeq`). The history file has its own versioned types for it
 * (history/historyFormat.ts); the view's types are made from it in toView.ts.
 */
export interface Reply {
	readonly status: ReplyStatus;
	readonly text: string;
	readonly reasoning: string;
	readonly meta?: ReplyMeta;
	readonly usage?: ReplyUsage;
	readonly error?: ReplyError;
	readonly tools?: readonly ToolCallView[];
	/** The file changes the model proposed in this reply, with what the user did with them. */
	readonly changes?: ChangeSet;
	readonly notices?: readonly string[];
	readonly durationMs?: number;
	/** The instruction files (AGENTS.md and the like) its request carried, with the hash of what was read. */
	readonly instructions?: readonly InstructionUse[];
}

/** An instruction file a request carried: its workspace path and the SHA-256 of its text then. */
export interface InstructionUse {
	readonly path: string;
	readonly sha256: string;
}

/**
 * One question and its replies. A question run again (Regenerate, Retry, "Retry with…") keeps
 * its earlier replies as versions; the current one is what the view shows and what later turns,
 * the context budget, export and search see. Only a retry that ends `done` becomes current by
 * itself: a retry that fails, is stopped or is cut off leaves the answer it was meant to replace
 * in place.
 */
export interface Turn {
	readonly id: string;
	readonly question: string;
	/** Epoch milliseconds when the question was sent (absent in conversations saved before 0.2). */
	readonly askedAt?: number;
	/** A model asked for this turn only ("Retry with a stronger/faster model"). */
	readonly model?: string;
	/** Code sent with the question (Explain Selection before 0.5: kept for saved turns). */
	readonly context?: CodeContextView;
	/** Files, selections, problems or editors the user attached (chips), as they were sent. */
	readonly attachments?: readonly AttachmentView[];
	/** The reply shown: the attempt in flight while one runs, else `replies[current]`. */
	readonly reply: Reply;
	/**
	 * Every finished reply, oldest first, once the question was run more than once (absent while
	 * there is only `reply`). While a retry runs, the attempt is not among them yet.
	 */
	readonly replies?: readonly Reply[];
	/** The index in `replies` of the current reply. */
	readonly current?: number;
	/** Why the latest retry did not replace the current reply (failed, stopped, cut off, interrupted). */
	readonly retryFailed?: ReplyError;
}

/** The reason a reply left running when the extension host stopped is shown with. */
const interruptedError = (): ReplyError => ({ message: t('Interrupted: VS Code closed while this reply was streaming.'), actions: ['retry'] });

/** True while a reply is on its way. */
export function inFlight(reply: Reply): boolean {
	return reply.status === 'waiting' || reply.status === 'streaming';
}

/** A reply not yet begun. */
export function waitingReply(): Reply {
	return { status: 'waiting', text: '', reasoning: '' };
}

/** True when the reply cost something (a stopped or failed one may have paid for tool rounds). */
function paidFor(reply: Reply): boolean {
	return (reply.usage?.costUsd ?? 0) > 0;
}

/** Every reply the question got that is kept (for spend: each of them was paid for). */
export function repliesOf(turn: Turn): readonly Reply[] {
	return turn.replies ?? [turn.reply];
}

/**
 * The turn with a new attempt in flight: its finished replies stay as versions (an answer that is
 * only an error with no text is not worth paging back to and is dropped, unless it was paid for:
 * tool rounds before a stop cost money, and the conversation total counts kept replies), the
 * current one stays current until the attempt succeeds.
 */
export function startAttempt(turn: Turn, model?: string): Turn {
	const previous = turn.replies ?? [turn.reply];
	const current = turn.replies ? turn.replies[turn.current ?? turn.replies.length - 1] : turn.reply;
	const kept = previous.filter((r) => !inFlight(r) && (r.status === 'done' || r.text !== '' || paidFor(r)));
	const index = kept.indexOf(current);
	return {
		...questionOf(turn),
		...(model ? { model } : {}),
		reply: waitingReply(),
		...(kept.length ? { replies: kept, current: index >= 0 ? index : kept.length - 1 } : {}),
	};
}

/**
 * The turn once its attempt ended with `final`. A first answer, or one that ends `done`, becomes
 * current. Otherwise the current answer stays shown; the attempt is kept as a version when it has
 * text or was paid for, and why it did not replace the answer is kept in `retryFailed`.
 */
export function endAttempt(turn: Turn, final: Reply): Turn {
	const replies = turn.replies ?? [];
	const rest = questionOf(turn);
	if (final.status === 'done' || replies.length === 0 || turn.current === undefined) {
		const all = [...replies, final];
		return all.length > 1 ? { ...rest, reply: final, replies: all, current: all.length - 1 } : { ...rest, reply: final };
	}
	const keep = final.text !== '' || paidFor(final);
	const all = keep ? [...replies, final] : replies;
	const what = final.status === 'stopped' ? 'The retry was stopped.'
		: final.status === 'incomplete' ? `The retry was cut off: ${sentence(final.error?.message ?? 'the connection ended early')}`
			: `The retry failed: ${sentence(final.error?.message ?? 'no answer came back')}`;
	const note = `${what} The previous answer is kept${keep ? `; the partial one is version ${all.length}` : ''}.`;
	return {
		...rest,
		reply: replies[turn.current],
		...(all.length > 1 ? { replies: all, current: turn.current } : {}),
		// Continue would build on the answer shown, which is not the cut-off one: offer Retry alone.
		retryFailed: { message: note, actions: final.status === 'stopped' ? ['retry'] : (final.error?.actions ?? ['retry']).filter((a) => a !== 'continue') },
	};
}

/** The turn showing (and building on) another of its versions. */
export function selectVersion(turn: Turn, index: number): Turn {
	const replies = turn.replies;
	if (!replies || inFlight(turn.reply) || index < 0 || index >= replies.length) return turn;
	return { ...questionOf(turn), reply: replies[index], replies, current: index };
}

/**
 * The turn with one version's change set replaced: the reply that holds the set with `changes.id`
 * (shown or not), never another version's. Unchanged when no reply holds it.
 */
export function withChanges(turn: Turn, changes: ChangeSet): Turn {
	const update = (r: Reply): Reply => r.changes?.id === changes.id ? { ...r, changes } : r;
	const reply = update(turn.reply);
	const replies = turn.replies?.map((r) => r === turn.reply ? reply : update(r));
	if (reply === turn.reply && (!replies || replies.every((r, i) => r === turn.replies![i]))) return turn;
	return { ...turn, reply, ...(replies ? { replies } : {}) };
}

/**
 * A turn that was still running when the host stopped: a retry over an earlier answer leaves that
 * answer in place with the reason; a first attempt keeps what was saved of it, marked incomplete.
 */
export function interruptedTurn(turn: Turn): Turn {
	if (!inFlight(turn.reply)) return turn;
	const { replies, current } = turn;
	if (replies?.length && current !== undefined) {
		return {
			...questionOf(turn),
			reply: replies[current],
			...(replies.length > 1 ? { replies, current } : {}),
			retryFailed: { message: t('Interrupted: VS Code closed while the retry was streaming. The previous answer is kept.'), actions: ['retry'] },
		};
	}
	const { tools } = turn.reply;
	return { ...turn, reply: { ...turn.reply, status: 'incomplete', error: interruptedError(), ...(tools ? { tools: tools.map(cancelUnfinished) } : {}) } };
}

/** A tool card of a reply that ended: a call still running or waiting for a click never will. */
export function cancelUnfinished(card: ToolCallView): ToolCallView {
	return card.status === 'running' || card.status === 'awaiting' ? { ...card, status: 'cancelled' } : card;
}

function sentence(text: string): string {
	return /[.!?…]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}

/** The question's part of a turn: what was asked, when, with which model and code. */
export type QuestionPart = Pick<Turn, 'id' | 'question' | 'askedAt' | 'model' | 'context' | 'attachments'>;

/**
 * The question's part of a turn, without its replies. Stored and legacy turns name these fields
 * the same, so the history format maps them with this too.
 */
export function questionOf(turn: QuestionPart): QuestionPart {
	const { id, question, askedAt, model, context, attachments } = turn;
	return {
		id, question, ...(askedAt !== undefined ? { askedAt } : {}), ...(model ? { model } : {}), ...(context ? { context } : {}),
		...(attachments?.length ? { attachments } : {}),
	};
}

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
 * On disk each is a line of history/historyFormat.ts's own, versioned shape.
 */
export type HistoryRecord =
	| { readonly type: 'created'; readonly at: number; readonly id: string }
	| { readonly type: 'turn'; readonly at: number; readonly turn: Turn }
	| { readonly type: 'removeTurn'; readonly at: number; readonly turnId: string }
	| { readonly type: 'title'; readonly at: number; readonly title: string }
	| { readonly type: 'pin'; readonly at: number; readonly model?: string }
	| { readonly type: 'summary'; readonly at: number; readonly summary?: StoredSummary };

/** The title shown for a conversation: the user's name for it, else its first question. */
export function titleOf(conversation: Conversation): string {
	if (conversation.title) return conversation.title;
	const first = conversation.turns[0]?.question.replace(/\s+/g, ' ').trim() ?? '';
	if (!first) return 'New chat';
	return first.length > 60 ? `${first.slice(0, 59)}…` : first;
}
