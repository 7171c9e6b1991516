/** The saved conversations: the history panel's list, search and per-conversation actions. Types only. */

/** What the host sends to the view about this area. */
export type HistoryHostMessage =
	| HistoryList
	| HistoryShow;

/** What the view sends to the host about this area. */
export type HistoryWebviewMessage =
	| HistoryQuery
	| HistoryItemAction;

// ---- host -> webview -----------------------------------------------------------------------

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

// ---- webview -> host -----------------------------------------------------------------------

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

// ---- what the messages carry ---------------------------------------------------------------

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
