/**
 * The contract between the extension host and the chat webview: one discriminated union per
 * direction, each message named `area/action`, each area in its own file (chat, context, turns, tools,
 * history, view). Types only: both sides import these files, so they must never pull in runtime
 * code from either.
 *
 * The host owns the conversation. The webview renders a `chat/snapshot` whenever it (re)loads,
 * then applies `turn/*` updates; streamed text arrives as deltas tagged with the turn id and a
 * sequence number, so a view can tell when it missed one and ask for a fresh snapshot.
 *
 * A new area adds its file, its two unions below, and a handler per message on each side:
 * {@link MessageHandlers} makes a message without a handler a compile error.
 */

import type { ChangesWebviewMessage } from './changes';
import type { ChatHostMessage, ChatWebviewMessage } from './chat';
import type { ContextHostMessage, ContextWebviewMessage } from './context';
import type { HistoryHostMessage, HistoryWebviewMessage } from './history';
import type { ToolsHostMessage, ToolsWebviewMessage } from './tools';
import type { TurnsHostMessage, TurnsWebviewMessage } from './turns';
import type { ViewHostMessage, ViewWebviewMessage } from './view';

export type * from './changes';
export type * from './chat';
export type * from './context';
export type * from './history';
export type * from './tools';
export type * from './turns';
export type * from './view';

/** Messages the host sends to the webview. */
export type HostMessage = ChatHostMessage | ContextHostMessage | TurnsHostMessage | ToolsHostMessage | HistoryHostMessage | ViewHostMessage;

/** Messages the webview sends to the host. */
export type WebviewMessage = ChatWebviewMessage | ChangesWebviewMessage | ContextWebviewMessage | TurnsWebviewMessage | ToolsWebviewMessage | HistoryWebviewMessage | ViewWebviewMessage;

/**
 * One handler per message type of a union, each given its own message. Both sides dispatch
 * through such a table, so adding a message to a union without handling it fails to compile.
 */
export type MessageHandlers<M extends { readonly type: string }, R = void> = {
	readonly [T in M['type']]: (message: MessageOfType<M, T>) => R;
};

/** The members of `M` a message of type `T` can be, narrowed to `T` (some share one interface: `code/copy`, `code/insert`). */
export type MessageOfType<M extends { readonly type: string }, T extends string> = M extends { readonly type: infer U } ? T extends U ? M & { readonly type: T } : never : never;
