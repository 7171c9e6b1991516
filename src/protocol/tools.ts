/** The workspace tools the model calls while it writes a reply, shown as cards in the reply. Types only. */

/** What the host sends to the view about this area. */
export type ToolsHostMessage =
	| TurnTool;

/** What the view sends about this area. */
export type ToolsWebviewMessage =
	| ToolDecide
	| ToolsChoose;

// ---- host -> webview -----------------------------------------------------------------------

/** A tool call was made, or finished: add or update its card (matched by `call.id`). */
export interface TurnTool {
	readonly type: 'turn/tool';
	readonly turnId: string;
	readonly call: ToolCallView;
}

// ---- webview -> host -----------------------------------------------------------------------

/** The user clicked one of the choices on a call's approval card (Allow, Deny, Run, Skip...). */
export interface ToolDecide {
	readonly type: 'tool/decide';
	readonly turnId: string;
	readonly callId: string;
	/** The `id` of the clicked {@link ToolApprovalChoice}. */
	readonly choice: string;
}

/** The "Tools" button beside the message box: open "Flux: Choose Tools". */
export interface ToolsChoose {
	readonly type: 'tools/choose';
}

// ---- what the messages carry ---------------------------------------------------------------

/** One tool call, shown as a compact, collapsible card. */
export interface ToolCallView {
	readonly id: string;
	/** The model-facing tool name, e.g. `read_file`. */
	readonly name: string;
	/** The arguments as the model sent them (JSON text, possibly invalid). */
	readonly arguments: string;
	/** `awaiting`: nothing has run; the card asks the user (see `approval`). `declined`: the user said no. */
	readonly status: 'awaiting' | 'running' | 'done' | 'error' | 'cancelled' | 'declined';
	/** One line: what the tool did or why it failed. */
	readonly summary?: string;
	readonly durationMs?: number;
	/** Present on a call that needs the user's click before it runs: what the card asks, and the answer. */
	readonly approval?: ToolApprovalView;
	/** `run_command`'s run once it ran: how it ended and its output, shown collapsed in the card. */
	readonly terminal?: TerminalRunView;
}

/** A command `run_command` ran. */
export interface TerminalRunView {
	readonly command: string;
	/** The folder it ran in, as the user names it (`app`, `app/src`). */
	readonly folder: string;
	/** In the "Flux" terminal through shell integration, or as a child process when that did not come up. */
	readonly via: 'terminal' | 'process';
	/** `timeout` and `stopped`: it was ended, with the processes it started. */
	readonly ended: 'exited' | 'timeout' | 'stopped';
	readonly exitCode?: number;
	/** Plain text, capped: the start and the end, with a line saying what was cut. */
	readonly output: string;
	/** It ran without asking: it matched `flux.tools.terminal.autoRun`. */
	readonly autoRun?: true;
}

/** The question on a call's card: nothing runs before one of the choices is clicked. */
export interface ToolApprovalView {
	/** One line above the buttons, e.g. where the tool comes from or the command and folder. */
	readonly prompt: string;
	/** What exactly would run (a command line), shown as code above the prompt. */
	readonly detail?: string;
	readonly choices: readonly ToolApprovalChoice[];
	/** The id of the choice the user clicked, once clicked. */
	readonly chosen?: string;
}

/** One button on an approval card. */
export interface ToolApprovalChoice {
	readonly id: string;
	/** The button's text, in the display language. */
	readonly label: string;
	/** A choice that lets the call run (drawn as the primary button; the others decline). */
	readonly allows: boolean;
}
