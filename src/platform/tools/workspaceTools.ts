import * as vscode from 'vscode';
import type { TurnTools } from '../../chat/turns/turnRunner';
import type { Logger } from '../../flux/logger';
import { ProposedChanges } from '../../tools/edits/proposedChanges';
import type { CommandRunner } from '../../tools/terminal/types';
import { editToolDefinitions, executeTool, terminalToolDefinitions, toolDefinitions } from '../../tools/toolExecutor';
import { readSettings } from '../config';
import { createVscodeWorkspace } from './vscodeWorkspace';

/**
 * The tools a turn that starts now may use: the settings, the folders, the exclusions and trust
 * are read once per turn; editor state is read live. None when tools are off, or in Restricted
 * Mode (the view's standing notice says why).
 */
export function workspaceTools(log: Logger, commands?: CommandRunner): { readonly tools?: TurnTools } {
	const { toolsEnabled, toolsEdits, toolsMaxRounds, toolsTerminal, toolsTerminalAutoRun } = readSettings();
	if (!toolsEnabled || !vscode.workspace.isTrusted) return {};
	const workspace = createVscodeWorkspace();
	// One overlay per turn: its edits build on each other and end as the reply's change card.
	const changes = toolsEdits === 'propose' ? new ProposedChanges() : undefined;
	const runner = toolsTerminal === 'ask' ? commands : undefined;
	return {
		tools: {
			definitions: [...toolDefinitions, ...(changes ? editToolDefinitions : []), ...(runner ? terminalToolDefinitions : [])],
			maxRounds: toolsMaxRounds,
			run: (call, signal, ask) => executeTool(call.name, call.arguments, {
				workspace, signal, logger: log,
				...(changes ? { changes } : {}),
				...(runner ? { terminal: { runner, autoRun: toolsTerminalAutoRun, ask } } : {}),
			}),
			...(changes ? { proposed: () => changes.list() } : {}),
		},
	};
}
