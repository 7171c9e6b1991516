/**
 * The contract between the extension host and the chat webview: one discriminated union per
 * direction, each message named `area/action`. Types only: both sides import this file, so it
 * must never pull in runtime code from either.
 */

/** Messages the webview sends to the host. */
export type WebviewMessage = ViewReady;

/** The webview has loaded its script and wants a full snapshot. Sent on every (re)load. */
export interface ViewReady {
	readonly type: 'view/ready';
}

/** Messages the host sends to the webview. */
export type HostMessage = ChatSnapshot;

/** Everything the view needs to render from scratch. Sent whenever the view (re)connects. */
export interface ChatSnapshot {
	readonly type: 'chat/snapshot';
	readonly messages: readonly TranscriptMessage[];
}

/** One message of the transcript as the view shows it. */
export interface TranscriptMessage {
	readonly id: string;
	readonly role: 'user' | 'assistant';
	readonly text: string;
}
