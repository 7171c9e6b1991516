/** One question and its reply: the turn's lifecycle as it streams, and what the user can do with a turn. Types only. */

import type { ChangeSetView } from './changes';
import type { AttachmentView } from './context';
import type { ToolCallView } from './tools';

/** What the host sends to the view about this area. */
export type TurnsHostMessage =
	| TurnStarted
	| TurnMeta
	| TurnDelta
	| TurnRetrying
	| TurnNotice
	| TurnEnded
	| TurnChanged;

/** What the view sends to the host about this area. */
export type TurnsWebviewMessage =
	| TurnStop
	| TurnRetry
	| ErrorActionChosen
	| TurnRetryWith
	| TurnShowVersion;

// ---- host -> webview -----------------------------------------------------------------------

/** A new turn began: the user's message is in the transcript and a reply is on its way. */
export interface TurnStarted {
	readonly type: 'turn/started';
	readonly turn: TurnView;
}

/** The response headers arrived: which model is answering. */
export interface TurnMeta {
	readonly type: 'turn/meta';
	readonly turnId: string;
	readonly meta: ReplyMeta;
}

/** A piece of the reply. `seq` starts at 0 for each turn and increases by one per delta. */
export interface TurnDelta {
	readonly type: 'turn/delta';
	readonly turnId: string;
	readonly seq: number;
	/** Text to append to the answer. */
	readonly content?: string;
	/** Text to append to the collapsed "Thinking" section, never to the answer. */
	readonly reasoning?: string;
}

/** Rate limited or a transient failure before any text: the host retries after a wait. */
export interface TurnRetrying {
	readonly type: 'turn/retrying';
	readonly turnId: string;
	/** 1-based number of the attempt that failed. */
	readonly attempt: number;
	readonly maxAttempts: number;
	/** Epoch milliseconds when the next attempt starts, for a countdown. */
	readonly retryAt: number;
	readonly reason: string;
}

/** Something the user should know about this reply (tools off, round limit reached...). */
export interface TurnNotice {
	readonly type: 'turn/notice';
	readonly turnId: string;
	readonly notice: string;
}

/**
 * The reply is over, one way or another; `reply` is what the turn now shows (replaces what
 * streamed): the attempt's final state, or, when a retry failed over an earlier answer, that
 * answer again with `retryFailed` saying why.
 */
export interface TurnEnded {
	readonly type: 'turn/ended';
	readonly turnId: string;
	readonly reply: ReplyView;
	readonly versions?: ReplyVersionsView;
	readonly retryFailed?: ReplyError;
}

/** A finished turn shows another reply (the user paged to another version). */
export interface TurnChanged {
	readonly type: 'turn/changed';
	readonly turn: TurnView;
}

// ---- webview -> host -----------------------------------------------------------------------

/** Stop the reply being written (aborts the HTTP request). */
export interface TurnStop {
	readonly type: 'turn/stop';
	readonly turnId: string;
}

/** Run the last turn again: Regenerate after a reply, or Retry after a failure. */
export interface TurnRetry {
	readonly type: 'turn/retry';
	readonly turnId: string;
}

/** The user chose an action offered with an error. */
export interface ErrorActionChosen {
	readonly type: 'turn/errorAction';
	readonly turnId: string;
	readonly action: ErrorAction;
}

/**
 * Run this turn again with another model, for this turn only: `stronger` is `flux-reasoning`,
 * `faster` is `flux-fast`, `choose` lets the user pick a pinned model in a quick pick. Any turn
 * can be retried; later turns keep their replies.
 */
export interface TurnRetryWith {
	readonly type: 'turn/retryWith';
	readonly turnId: string;
	readonly model: 'stronger' | 'faster' | 'choose';
}

/**
 * Show another version of a turn's reply (the `< 2/3 >` pager); it becomes the current one, which
 * later turns build on. Ignored while that turn is running.
 */
export interface TurnShowVersion {
	readonly type: 'turn/showVersion';
	readonly turnId: string;
	/** 0-based. */
	readonly index: number;
}

// ---- what the messages carry ---------------------------------------------------------------

/** One question and its reply as the view shows them. */
export interface TurnView {
	readonly id: string;
	readonly question: string;
	/** Epoch milliseconds when the question was sent (absent in conversations saved before 0.2). */
	readonly askedAt?: number;
	/**
	 * A model asked for this turn only ("Retry with a stronger/faster model"); later turns go
	 * back to the conversation's model.
	 */
	readonly model?: string;
	/** Code sent with the question (Explain Selection): shown as a compact chip, not pasted. */
	readonly context?: CodeContextView;
	/** Files, selections, problems or editors sent with the question: shown as chips on it. */
	readonly attachments?: readonly AttachmentView[];
	/** The reply shown: the attempt in flight, else the current version. */
	readonly reply: ReplyView;
	/** Where `reply` sits among the turn's versions, when it has more than one ("< 2/3 >"). */
	readonly versions?: ReplyVersionsView;
	/** Why the latest retry did not replace `reply`, with what the user can do. */
	readonly retryFailed?: ReplyError;
}

/**
 * A turn run more than once keeps its replies as versions. The current one (the newest that
 * succeeded, or the one the user paged to) is shown and is what later turns, export and search see.
 */
export interface ReplyVersionsView {
	/** 0-based position of the shown reply. */
	readonly index: number;
	readonly count: number;
}

/** Code attached to a question: where it is from, and the code itself. */
export interface CodeContextView {
	/** Workspace-relative path. */
	readonly path: string;
	readonly language: string;
	/** 1-based, inclusive. */
	readonly startLine: number;
	readonly endLine: number;
	readonly text: string;
}

export type ReplyStatus =
	| 'waiting' // sent, nothing back yet
	| 'streaming'
	| 'done'
	| 'stopped' // the user pressed Stop: partial text kept
	| 'incomplete' // the stream broke off, or the model stopped early (length limit, content filter, refusal): text kept, `error` says why
	| 'error'; // failed before or while streaming; see `error`

export interface ReplyView {
	readonly status: ReplyStatus;
	readonly text: string;
	/** How many `turn/delta`s `text` and `reasoning` already include: the next delta's `seq`. */
	readonly deltaSeq: number;
	readonly reasoning: string;
	readonly meta?: ReplyMeta;
	readonly usage?: ReplyUsage;
	readonly error?: ReplyError;
	/** The workspace tools the model called while writing this reply, in order. */
	readonly tools?: readonly ToolCallView[];
	/** The file changes the model proposed in this reply, shown as a card after it. */
	readonly changes?: ChangeSetView;
	/** Short notes shown with the reply, e.g. "Tools are off in untrusted workspaces." */
	readonly notices?: readonly string[];
	/** Milliseconds from sending to the end of the reply. */
	readonly durationMs?: number;
}

/** Which model answered, from the X-Flux-* response headers. */
export interface ReplyMeta {
	/** X-Flux-Model: the model that served the reply. */
	readonly servedModel: string;
	/** The id the request asked for (`flux-auto`, a tier alias or `flux-pinned-*`). */
	readonly requestedModel: string;
	/** X-Flux-Routed: true when the router chose the model. */
	readonly routed: boolean;
	readonly requestId?: string;
	/** Milliseconds from sending the request to the first streamed token. */
	readonly firstTokenMs?: number;
}

export interface ReplyUsage {
	readonly promptTokens: number;
	readonly completionTokens: number;
	/** Undefined when no cost is known and none could be estimated. */
	readonly costUsd?: number;
	/** Where the cost came from; `estimate` is shown as such. */
	readonly costSource?: 'header' | 'usage' | 'estimate';
}

/** What went wrong, in words for the user, and what they can do about it. */
export interface ReplyError {
	readonly message: string;
	readonly actions: readonly ErrorAction[];
}

export type ErrorAction =
	| 'retry' // run the turn again
	| 'setApiKey' // "Flux: Set API Key"
	| 'useFluxAuto' // switch flux.model to flux-auto and retry (the model came from the setting)
	| 'unpinAndRetry' // clear the conversation's pin (back to flux.model) and retry
	| 'retryWithFluxAuto' // retry this turn with flux-auto (the model was this turn's own)
	| 'newChat' // start a new conversation (this one is too long)
	| 'pinModel' // pin another model for the conversation, then retry
	| 'openSettings' // open the Flux settings
	| 'continue'; // ask the model, as a follow-up question, to go on where a reply was cut off
