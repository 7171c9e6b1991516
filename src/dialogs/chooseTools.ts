import * as vscode from 'vscode';
import { choicesAfterPick, toolGroups, type PickerGroup } from '../tools/belt/toolGroups';
import { editToolDefinitions, terminalToolDefinitions, toolDefinitions } from '../tools/toolExecutor';
import { onDidChangeTools } from '../platform/tools/lmTools';
import type { BeltAccess } from '../platform/tools/workspaceTools';

/** One row of the picker: a tool (named by `tool`) or a group's separator. */
export type ToolItem = vscode.QuickPickItem & { readonly tool?: string };

/**
 * "Flux: Choose Tools": every tool the model may be offered, ours and VS Code's (extensions', MCP
 * servers'), grouped by source; the choice is saved for the user. The list follows VS Code's
 * while it is open (an MCP server that starts meanwhile appears). Resolves once it is closed.
 * `shown` lets the integration tests see the open quick pick (they drive it with VS Code's own
 * quick-input commands); the command passes none.
 */
export async function chooseTools(belt: BeltAccess, shown?: (pick: vscode.QuickPick<ToolItem>) => void): Promise<void> {
	const ours = [...toolDefinitions, ...editToolDefinitions, ...terminalToolDefinitions];
	const pick = vscode.window.createQuickPick<ToolItem>();
	pick.canSelectMany = true;
	pick.matchOnDetail = true;
	pick.title = vscode.l10n.t('Flux: Choose Tools');
	pick.placeholder = vscode.l10n.t('Tools the model may use. Tools from other extensions and MCP servers ask before every call.');
	let groups: PickerGroup[] = [];
	const fill = () => {
		// Keep what the user ticked so far when the list changes under them.
		const ticked = pick.items.length ? new Set(pick.selectedItems.map((item) => item.tool)) : undefined;
		groups = toolGroups(ours, belt.host.list(), belt.choices.get(), vscode.l10n.t('Flux'));
		const items: ToolItem[] = groups.flatMap((group) => [
			{ label: group.label, kind: vscode.QuickPickItemKind.Separator },
			...group.tools.map((tool): ToolItem => ({ label: tool.name, detail: tool.description, tool: tool.name, picked: ticked ? ticked.has(tool.name) : tool.on })),
		]);
		pick.items = items;
		pick.selectedItems = items.filter((item) => item.picked);
	};
	fill();
	const changes = onDidChangeTools(fill);
	try {
		const accepted = await new Promise<boolean>((resolve) => {
			pick.onDidAccept(() => resolve(true));
			pick.onDidHide(() => resolve(false));
			pick.show();
			shown?.(pick);
		});
		if (!accepted) return;
		const picked = pick.selectedItems.flatMap((item) => item.tool ? [item.tool] : []);
		const { on, off } = choicesAfterPick(groups, picked, belt.choices.get());
		await belt.choices.choose(on, off);
	} finally {
		changes.dispose();
		pick.dispose();
	}
}
