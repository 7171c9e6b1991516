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
	| TurnChanged
	| ModelChanged
	| EarlierTurns
	| SpendChanged
	| ContextChanged
	| HistoryList
	| HistoryShow
	| ViewNotices;

/**
 * Everything the view needs to render from scratch. Sent whenever the view (re)connects and when
 * another conversation is opened. Long conversations arrive as their newest page of turns; the
 * view asks for older pages with `chat/loadEarlier` as the user scrolls up.
 */
export interface ChatSnapshot {
	readonly type: 'chat/snapshot';
	readonly conversation: ConversationHeaderView;
	/** The newest turns, oldest first (the whole conversation when it is short). */
	readonly turns: readonly TurnView[];
	/** How many older turns exist before `turns[0]`. */
	readonly earlierTurns: number;
	/** The model choice the next turn will use. */
	readonly model: ModelChoiceView;
	readonly spend: SpendView;
	/** How full the context was at the last request; absent before the first request. */
	readonly context?: ContextView;
	/** Text the user had typed but not sent, restored after a reload. */
	readonly draft: string;
	/**
	 * Set when another VS Code window is writing this conversation: why it can only be read here.
	 * The view disables sending and offers a new chat.
	 */
	readonly readOnly?: string;
}

/** The conversation shown in the view. */
export interface ConversationHeaderView {
	readonly id: string;
	readonly title: string;
}

/** Which model the next turn asks for, and why. */
export interface ModelChoiceView {
	/** The id the next turn asks for: the conversation's pin, else `flux.model`. */
	readonly model: string;
	/** `flux.model` from settings. */
	readonly defaultModel: string;
	/** The conversation's own pin (shown as a removable chip), when it has one. */
	readonly pin?: string;
}

/** What this conversation and today cost, and what the router saved. */
export interface SpendView {
	readonly conversationUsd: number;
	/** Every conversation's spend since local midnight (all workspaces). */
	readonly todayUsd: number;
	/** True when part of the conversation's cost is an estimate from lane prices. */
	readonly estimated: boolean;
	/**
	 * What the conversation's tokens would have cost on one strong pinned model (an estimate at
	 * that model's lane price), and the difference from what was paid. Absent before any cost.
	 */
	readonly dividend?: { readonly baselineModel: string; readonly baselineUsd: number; readonly savedUsd: number };
}

/** How full the context window was at the last request. */
export interface ContextView {
	/** Estimated input tokens of the last request. */
	readonly usedTokens: number;
	/** What a request may use: the window (or `flux.context.maxInputTokens`) minus the reply budget. */
	readonly budgetTokens: number;
	/** The served model's window (`x-flux-model-window`, 128,000 until seen). */
	readonly windowTokens: number;
	/** Older turns replaced by a summary in the last request. */
	readonly summarisedTurns: number;
	/** Older turns left out entirely (when summarising failed). */
	readonly droppedTurns: number;
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

/** The model setting or the conversation's pin changed; it applies from the next turn. */
export interface ModelChanged {
	readonly type: 'chat/model';
	readonly model: ModelChoiceView;
}

/** An older page of the open conversation, answering `chat/loadEarlier`. */
export interface EarlierTurns {
	readonly type: 'chat/earlier';
	readonly conversationId: string;
	/** Oldest first; they go directly before the oldest turn the view has. */
	readonly turns: readonly TurnView[];
	/** How many older turns still exist before `turns[0]`. */
	readonly earlierTurns: number;
}

/** The spend figures changed (a turn ended). */
export interface SpendChanged {
	readonly type: 'chat/spend';
	readonly spend: SpendView;
}

/** A request was prepared: the context meter's new state. */
export interface ContextChanged {
	readonly type: 'chat/context';
	readonly context: ContextView;
}

/** The saved conversations matching the view's search and filter, newest first. */
export interface HistoryList {
	readonly type: 'history/list';
	/** The query and model filter this list answers (so a stale answer can be ignored). */
	readonly query: string;
	readonly modelFilter?: string;
	readonly items: readonly ConversationSummaryView[];
	/** Every served model seen in this workspace's conversations, for the filter. */
	readonly models: readonly string[];
	/** The conversation open in the view. */
	readonly currentId: string;
}

/** The host asks the view to show its history panel (the view title's History button). */
export interface HistoryShow {
	readonly type: 'history/show';
}

/** One saved conversation in the history list. */
export interface ConversationSummaryView {
	readonly id: string;
	readonly title: string;
	/** Epoch milliseconds of the last change. */
	readonly updatedAt: number;
	readonly turnCount: number;
	/** Served models, most used first. */
	readonly models: readonly string[];
	readonly costUsd: number;
	/** The conversation's pin, if any. */
	readonly pin?: string;
	/** Plain text around the first match of the search, when there is a query. */
	readonly snippet?: string;
}

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
	/** Milliseconds from sending to the end of the reply. */
	readonly durationMs?: number;
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
	| LinkOpen
	| LoadEarlier
	| TurnRetryWith
	| TurnShowVersion
	| PinAction
	| NewChat
	| HistoryQuery
	| HistoryItemAction
	| ViewNoticeChosen;

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

/** The user scrolled to the top of what the view has: send the page before `beforeTurnId`. */
export interface LoadEarlier {
	readonly type: 'chat/loadEarlier';
	readonly beforeTurnId: string;
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

/** The conversation's pin chip: choose a model for this conversation, or go back to the default. */
export interface PinAction {
	readonly type: 'chat/pin';
	readonly action: 'choose' | 'clear';
}

/** Start a new conversation (the history panel's New Chat). */
export interface NewChat {
	readonly type: 'chat/new';
}

/** Search the saved conversations (full text) and filter by served model; empty lists them all. */
export interface HistoryQuery {
	readonly type: 'history/query';
	readonly query: string;
	readonly modelFilter?: string;
}

/**
 * Something done to one saved conversation from the history list: open it, rename or delete it
 * (the host asks for the name or a confirmation), or export it (the host asks where).
 */
export interface HistoryItemAction {
	readonly type: 'history/open' | 'history/rename' | 'history/delete' | 'history/export';
	readonly id: string;
}

// ---- standing notices about this window ---------------------------------------------------

/**
 * One-line notes about this window that stand above the transcript until they no longer hold
 * or the user dismisses them: Restricted Mode, or workspace settings that were ignored. Sent
 * after every snapshot and whenever they change; an empty list clears them.
 */
export interface ViewNotices {
	readonly type: 'view/notices';
	readonly notices: readonly ViewNotice[];
}

export type ViewNoticeId = 'restricted' | 'ignoredSettings';

/** What a notice's button does; the host decides how. */
export type ViewNoticeAction = 'manageTrust' | 'openUserSettings';

export interface ViewNotice {
	readonly id: ViewNoticeId;
	/** Short enough for one line of a narrow sidebar. */
	readonly text: string;
	/** The whole story, shown on hover. */
	readonly detail?: string;
	readonly action?: ViewNoticeAction;
}

/** The user clicked a notice's button, or dismissed it for the rest of this window's life. */
export interface ViewNoticeChosen {
	readonly type: 'view/noticeAction';
	readonly id: ViewNoticeId;
	readonly action: ViewNoticeAction | 'dismiss';
}
