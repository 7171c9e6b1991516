import type { ChangesWebviewMessage, CodeAction, HistoryItemAction, PinAction, SetupAction, ToolDecide, ToolsChoose, TurnRetryWith } from '../src/protocol/messages';

/**
 * What a control does when clicked: the value of its `data-action`, which only `element` and
 * `button` write and one delegated listener reads (see `actionHandlers`).
 *
 * An action named like a message (`history/open`, `code/copy`) sends that message about the
 * control's conversation or code block; the rest are the view's own, in kebab-case. Families that
 * follow a message's field (`retry-stronger`, `pin-clear`) are built from the protocol's values,
 * so a value added there needs a handler here before the view compiles.
 */
export type ViewAction =
	// the composer
	| 'send' | 'stop' | 'cancel-edit' | ToolsChoose['type']
	// the chips above the message box, and the `#` / `/` list under it
	| 'chip-remove' | 'chip-toggle-active' | 'suggestion-pick'
	// a name on the instructions line above the message box
	| 'instruction-open'
	// a question and its reply
	| 'edit' | 'copy-reply' | 'regenerate' | RetryWithAction | 'version-previous' | 'version-next' | 'error-action'
	// a choice on a tool call's approval card (the call of the card the control is in)
	| ToolDecide['type']
	// a reply's change card (the whole card, or the file of the row the control is in)
	| ChangesWebviewMessage['type']
	// a code block's header
	| CodeAction['type']
	// the transcript's top, and the empty chat's first steps
	| 'load-earlier' | SetupChoice
	// the chat header
	| PinChipAction | 'history-show'
	// the history panel (New Chat is on the read-only notice too)
	| 'history-hide' | 'history-new' | HistoryItemAction['type']
	// the standing notices
	| 'notice-action';

/** Run a turn again with another model (`retry-stronger`…): one per `turn/retryWith` model. */
export type RetryWithAction = `retry-${TurnRetryWith['model']}`;

/** The empty chat's first steps without a key (`setup-setApiKey`…): one per `view/setupAction` action. */
export type SetupChoice = `setup-${SetupAction}`;

/** The model chip (`pin-choose`) and its × (`pin-clear`): one per `chat/pin` action. */
export type PinChipAction = `pin-${PinAction['action']}`;
