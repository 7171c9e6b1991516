/**
 * A failure the model can act on: its message is sent to the model as the tool result (after
 * `Error: `), so it says what was wrong and what to do instead. Anything else a tool throws is a
 * bug of ours and is reported as such.
 */
export class ToolError extends Error {
	/** One short line for the tool card in the UI, e.g. `refused: outside the workspace`. */
	readonly summary: string;

	constructor(message: string, summary?: string) {
		super(message);
		this.name = 'ToolError';
		this.summary = summary ?? message;
	}
}

/** Thrown when the call's AbortSignal fires; the executor reports it as cancelled. */
export class ToolCancelledError extends Error {
	constructor() {
		super('The tool call was cancelled.');
		this.name = 'ToolCancelledError';
	}
}

/** Throws `ToolCancelledError` when the signal has fired; call it between units of work. */
export function throwIfCancelled(signal: AbortSignal): void {
	if (signal.aborted) throw new ToolCancelledError();
}
