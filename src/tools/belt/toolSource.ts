import type { BeltSource } from './types';

/** What VS Code tells about a tool that no extension's manifest contributes. */
export interface ToolOrigin {
	readonly name: string;
	readonly tags: readonly string[];
	/**
	 * `LanguageModelToolInformation.source`: newer VS Code builds fill it (seen on 1.139), though
	 * it is not in the stable API; an MCP server's is `{ label, name }` (`label` is the server's
	 * name in mcp.json, `name` the one the server reports), an extension's `{ id, label }`.
	 */
	readonly source?: unknown;
}

/** The words of the picker's group names, in the user's language. */
export interface SourceLabels {
	mcpServer(server: string): string;
	readonly vscode: string;
}

/**
 * Where a tool no extension contributes comes from: an MCP server (named as in the user's
 * mcp.json when VS Code says so), else VS Code's own. Without `source`, the server is read from a
 * name of the form `mcp_<server>_<tool>` (where `<server>` is the server's own, possibly shortened,
 * name); VS Code 1.100 gives neither (its MCP tools are `<code>_<tool>`, tagged `mcp`), so they
 * are only "MCP server".
 */
export function sourceOf(tool: ToolOrigin, labels: SourceLabels): BeltSource {
	const source = tool.source as { id?: unknown; label?: unknown; name?: unknown } | null | undefined;
	const mcpTagged = tool.tags.some((tag) => tag.startsWith('mcp'));
	if (source && typeof source.label === 'string' && source.label.trim() && source.id === undefined && (typeof source.name === 'string' || mcpTagged)) {
		return { kind: 'mcp', label: labels.mcpServer(source.label.trim()) };
	}
	const match = /^mcp_([^_]+)_/.exec(tool.name);
	if (match || mcpTagged) return { kind: 'mcp', label: labels.mcpServer(match?.[1] ?? '').trim() };
	return { kind: 'vscode', label: labels.vscode };
}
