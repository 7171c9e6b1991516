/** The open conversation as a whole: its snapshot, the model choice, spend, the context meter, and what the composer sends. Types only. */

import type { TurnView } from './turns';

/** What the host sends to the view about this area. */
export type ChatHostMessage =
	| ChatSnapshot
	| ModelChanged
	| EarlierTurns
	| SpendChanged
	| ContextChanged;

/** What the view sends to the host about this area. */
export type ChatWebviewMessage =
	| ChatSend
	| ChatEditLast
	| DraftChanged
	| LoadEarlier
	| PinAction
	| NewChat;

// ---- host -> webview -----------------------------------------------------------------------

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

// ---- webview -> host -----------------------------------------------------------------------

/** The user sent a message. */
export interface ChatSend {
	readonly type: 'chat/send';
	readonly text: string;
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

/** The user scrolled to the top of what the view has: send the page before `beforeTurnId`. */
export interface LoadEarlier {
	readonly type: 'chat/loadEarlier';
	readonly beforeTurnId: string;
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

// ---- what the messages carry ---------------------------------------------------------------

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
	 * What the tokens of the replies FluxRouter reported a cost for would have cost on one strong
	 * pinned model (at the Deep Thought lane price), and the difference from what FluxRouter said
	 * they cost. Absent while no reply has a server-reported cost: then nothing real is known.
	 */
	readonly dividend?: {
		readonly baselineModel: string;
		readonly baselineUsd: number;
		readonly savedUsd: number;
		/** Which figures it compares, in words (shown as the tooltip). */
		readonly basis?: string;
	};
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
