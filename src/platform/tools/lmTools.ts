import * as vscode from 'vscode';
import { sourceOf } from '../../tools/belt/toolSource';
import type { BeltSource, ExternalResultPart, ExternalTool, ExternalToolHost } from '../../tools/belt/types';

/**
 * The tools VS Code lists in `vscode.lm.tools` (other extensions' and MCP servers'), and running
 * them through `vscode.lm.invokeTool`. `ownExtensionId` is left out (Flux's own tools are ours).
 */
export function vscodeToolHost(ownExtensionId: string): ExternalToolHost {
	return {
		list: () => {
			const owners = toolOwners(ownExtensionId);
			return vscode.lm.tools
				.filter((tool) => owners.get(tool.name)?.label !== ownExtensionId)
				.map((tool): ExternalTool => ({ name: tool.name, description: tool.description, inputSchema: tool.inputSchema, source: owners.get(tool.name) ?? sourceFor(tool) }));
		},
		invoke: async (name, input, signal) => {
			const cancellation = new vscode.CancellationTokenSource();
			const onAbort = () => cancellation.cancel();
			signal.addEventListener('abort', onAbort, { once: true });
			try {
				// toolInvocationToken: undefined — this call is not made from a chat participant's request.
				const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined }, cancellation.token);
				return result.content.map(partOf);
			} finally {
				signal.removeEventListener('abort', onAbort);
				cancellation.dispose();
			}
		},
	};
}

/**
 * The tool list changed (an extension or an MCP server came or went). VS Code updates
 * `vscode.lm.tools` in place but (up to 1.139 at least) exposes no event for it to extensions:
 * `vscode.lm.onDidChangeTools` is used where a build offers it, else the list's names are compared
 * once a second for as long as the listener is subscribed (only while the picker is open). Turns
 * read the list afresh anyway.
 */
export function onDidChangeTools(listener: () => void): vscode.Disposable {
	try {
		const event = (vscode.lm as { readonly onDidChangeTools?: vscode.Event<void> }).onDidChangeTools;
		if (typeof event === 'function') return event(listener);
	} catch {
		// A proposed API this extension may not use: look instead.
	}
	const names = () => vscode.lm.tools.map((tool) => tool.name).join('\n');
	let seen = names();
	const timer = setInterval(() => {
		const now = names();
		if (now === seen) return;
		seen = now;
		listener();
	}, 1000);
	return new vscode.Disposable(() => clearInterval(timer));
}

function partOf(part: unknown): ExternalResultPart {
	if (part instanceof vscode.LanguageModelTextPart) return { kind: 'text', value: part.value };
	const mimeType = (part as { mimeType?: unknown } | undefined)?.mimeType;
	return { kind: 'other', description: typeof mimeType === 'string' ? `a ${mimeType} part` : 'a part' };
}

/** Which extension contributes each tool (from the extensions' manifests); Flux's own are marked with its id. */
function toolOwners(ownExtensionId: string): Map<string, BeltSource> {
	const owners = new Map<string, BeltSource>();
	for (const extension of vscode.extensions.all) {
		const manifest = extension.packageJSON as { displayName?: unknown; contributes?: { languageModelTools?: unknown } };
		const tools = manifest.contributes?.languageModelTools;
		if (!Array.isArray(tools)) continue;
		const label = extension.id === ownExtensionId ? ownExtensionId : typeof manifest.displayName === 'string' ? manifest.displayName : extension.id;
		for (const tool of tools as { name?: unknown }[]) {
			if (typeof tool.name === 'string') owners.set(tool.name, { kind: 'extension', label });
		}
	}
	return owners;
}

/** A tool no extension contributes: an MCP server's, or VS Code's own. */
function sourceFor(tool: vscode.LanguageModelToolInformation): BeltSource {
	// `source` is not in @types/vscode 1.100 (nor stable); newer builds fill it.
	return sourceOf({ name: tool.name, tags: tool.tags, source: (tool as { source?: unknown }).source }, {
		mcpServer: (server) => vscode.l10n.t('MCP server {0}', server),
		vscode: vscode.l10n.t('VS Code'),
	});
}
