/**
 * The contract between the extension host and the chat webview: one discriminated union per
 * direction, each message named `area/action`. Types only: both sides import this file, so it
 * must never pull in runtime code from either.
 *
 * The host owns the conversation. The webview renders a `chat/snapshot` whenever it (re)loads,
 * then applies `turn/*` updates; streamed text arrives as deltas tagged with the turn id and a
 * sequence number, so a view can tell when it missed one and ask for a fresh snapshot.
 */

// ---- host -> webview ----------------------------------------------------------------------

/** Messages the host sends to the webview. */
export type HostMessage =
	| ChatSnapshot
	| TurnStarted
	| TurnMeta
	| TurnDelta
	| TurnRetrying
	| TurnTool
	| TurnNotice
	| TurnEnded
	| ModelChanged;

/** Everything the view needs to render from scratch. Sent whenever the view (re)connects. */
export interface ChatSnapshot {
	readonly type: 'chat/snapshot';
	readonly turns: readonly TurnView[];
	/** The model the next turn will ask for (`flux.model`). */
	readonly model: string;
	/** Text the user had typed but not sent, restored after a reload. */
	readonly draft: string;
}

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

/** A tool call was made, or finished: add or update its card (matched by `call.id`). */
export interface TurnTool {
	readonly type: 'turn/tool';
	readonly turnId: string;
	readonly call: ToolCallView;
}

/** Something the user should know about this reply (tools off, round limit reached...). */
export interface TurnNotice {
	readonly type: 'turn/notice';
	readonly turnId: string;
	readonly notice: string;
}

/** The reply is over, one way or another; `reply` is its final state (replaces what streamed). */
export interface TurnEnded {
	readonly type: 'turn/ended';
	readonly turnId: string;
	readonly reply: ReplyView;
}

/** The model setting changed; it applies from the next turn. */
export interface ModelChanged {
	readonly type: 'chat/model';
	readonly model: string;
}

/** One question and its reply as the view shows them. */
export interface TurnView {
	readonly id: string;
	readonly question: string;
	/** Code sent with the question (Explain Selection): shown as a compact chip, not pasted. */
	readonly context?: CodeContextView;
	readonly reply: ReplyView;
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
	| 'incomplete' // the stream ended without [DONE]: partial text kept
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
	/** Short notes shown with the reply, e.g. "Tools are off in untrusted workspaces." */
	readonly notices?: readonly string[];
}

/** One tool call, shown as a compact, collapsible card. */
export interface ToolCallView {
	readonly id: string;
	/** The model-facing tool name, e.g. `read_file`. */
	readonly name: string;
	/** The arguments as the model sent them (JSON text, possibly invalid). */
	readonly arguments: string;
	readonly status: 'running' | 'done' | 'error' | 'cancelled';
	/** One line: what the tool did or why it failed. */
	readonly summary?: string;
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
	| 'useFluxAuto' // switch flux.model to flux-auto and retry
	| 'openSettings'; // open the Flux settings

// ---- webview -> host ----------------------------------------------------------------------

/** Messages the webview sends to the host. */
export type WebviewMessage =
	| ViewReady
	| ChatSend
	| TurnStop
	| TurnRetry
	| ChatEditLast
	| DraftChanged
	| ErrorActionChosen
	| CodeAction
	| LinkOpen;

/** The webview has loaded its script and wants a full snapshot. Sent on every (re)load. */
export interface ViewReady {
	readonly type: 'view/ready';
}

/** The user sent a message. */
export interface ChatSend {
	readonly type: 'chat/send';
	readonly text: string;
}

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

/** Replace the last question with `text` and ask again. */
export interface ChatEditLast {
	readonly type: 'chat/editLast';
	readonly text: string;
}

/** The composer's text changed (debounced by the view); kept so a reload loses nothing. */
export interface DraftChanged {
	readonly type: 'chat/draft';
	readonly text: string;
}

/** The user chose an action offered with an error. */
export interface ErrorActionChosen {
	readonly type: 'turn/errorAction';
	readonly turnId: string;
	readonly action: ErrorAction;
}

/**
 * Copy a reply or code block, insert a code block at the cursor of the active editor, or apply
 * it to the editor's selection through a diff preview.
 */
export interface CodeAction {
	readonly type: 'code/copy' | 'code/insert' | 'code/apply';
	readonly text: string;
}

/** A link in a reply was clicked; the host opens http(s) links only. */
export interface LinkOpen {
	readonly type: 'link/open';
	readonly href: string;
}
