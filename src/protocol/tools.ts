/** The workspace tools the model calls while it writes a reply, shown as cards in the reply. Types only. */

/** What the host sends to the view about this area. */
export type ToolsHostMessage =
	| TurnTool;

/** The view sends nothing about this area (yet). */
export type ToolsWebviewMessage = never;

// ---- host -> webview -----------------------------------------------------------------------

/** A tool call was made, or finished: add or update its card (matched by `call.id`). */
export interface TurnTool {
	readonly type: 'turn/tool';
	readonly turnId: string;
	readonly call: ToolCallView;
}

// ---- what the messages carry ---------------------------------------------------------------

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
