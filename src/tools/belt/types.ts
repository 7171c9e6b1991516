/** Where a tool from VS Code comes from, for the picker's groups and the approval card. */
export interface BeltSource {
	/** `extension`: contributed by an extension; `mcp`: an MCP server; `vscode`: VS Code itself or unknown. */
	readonly kind: 'extension' | 'mcp' | 'vscode';
	/** The extension's or server's name as the user knows it. */
	readonly label: string;
}

/** A tool VS Code lists in `vscode.lm.tools`, as the belt sees it. */
export interface ExternalTool {
	/** VS Code's name for it (any characters, any length). */
	readonly name: string;
	readonly description: string;
	/** Its JSON schema, as the tool declared it; undefined when it takes no input. */
	readonly inputSchema: unknown;
	readonly source: BeltSource;
}

/** One part of a tool's result: text, or something else the model gets a short note about. */
export type ExternalResultPart =
	| { readonly kind: 'text'; readonly value: string }
	| { readonly kind: 'other'; readonly description: string };

/** The tools of VS Code and MCP servers, behind an interface so the belt stays free of vscode. */
export interface ExternalToolHost {
	/** The tools VS Code lists now. */
	list(): readonly ExternalTool[];
	/** Runs one tool (VS Code's name) with the parsed input; Stop fires `signal`. Throws when the tool fails. */
	invoke(name: string, input: Readonly<Record<string, unknown>>, signal: AbortSignal): Promise<readonly ExternalResultPart[]>;
}

/** Which tools the user switched on in "Flux: Choose Tools", and which they always allow. */
export interface BeltChoices {
	/** External tools (VS Code's names) the user switched on; the rest are off. */
	readonly on: readonly string[];
	/** Flux's own tools the user switched off; the rest are on. */
	readonly off: readonly string[];
	/** External tools the user clicked Always Allow on. */
	readonly alwaysAllowed: readonly string[];
}

/** Where the user's choices are kept (for this user, never per workspace). */
export interface BeltChoiceStore {
	/** The choices now; a damaged or missing value reads as the defaults (external tools off). */
	get(): BeltChoices;
	/** Saves the picker's result. */
	choose(on: readonly string[], off: readonly string[]): Promise<void>;
	/** Remembers Always Allow for one tool (VS Code's name). */
	allowAlways(name: string): Promise<void>;
}
