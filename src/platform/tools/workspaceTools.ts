import * as vscode from 'vscode';
import type { TurnTools } from '../../chat/turns/turnRunner';
import type { Logger } from '../../flux/logger';
import { ProposedChanges } from '../../tools/edits/proposedChanges';
import type { CommandRunner } from '../../tools/terminal/types';
import { ToolBelt } from '../../tools/belt/toolBelt';
import type { BeltChoiceStore, ExternalToolHost } from '../../tools/belt/types';
import { editToolDefinitions, executeTool, terminalToolDefinitions, toolDefinitions } from '../../tools/toolExecutor';
import { defaultToolLimits } from '../../tools/toolLimits';
import { readSettings } from '../config';
import { createVscodeWorkspace } from './vscodeWorkspace';

/** The tools VS Code and MCP servers add, and the user's choice of tools. */
export interface BeltAccess {
	readonly host: ExternalToolHost;
	readonly choices: BeltChoiceStore;
}

/**
 * The tools a turn that starts now may use: the settings, the folders, the exclusions, trust and
 * the user's choice of tools are read once per turn; editor state is read live. None when tools
 * are off, or in Restricted Mode (the view's standing notice says why): no external tool either.
 */
export function workspaceTools(log: Logger, commands?: CommandRunner, belt?: BeltAccess): { readonly tools?: TurnTools } {
	const { toolsEnabled, toolsEdits, toolsMaxRounds, toolsTerminal, toolsTerminalAutoRun, apiFormat } = readSettings();
	if (!toolsEnabled || !vscode.workspace.isTrusted) return {};
	const workspace = createVscodeWorkspace();
	// One overlay per turn: its edits build on each other and end as the reply's change card.
	const changes = toolsEdits === 'propose' ? new ProposedChanges() : undefined;
	const runner = toolsTerminal === 'ask' ? commands : undefined;
	const choices = belt?.choices.get();
	const ours = [...toolDefinitions, ...(changes ? editToolDefinitions : []), ...(runner ? terminalToolDefinitions : [])];
	const external = belt && choices ? new ToolBelt({
		host: belt.host, choices, format: apiFormat, logger: log, maxResultChars: defaultToolLimits.maxResultChars,
		// Every name of ours, offered or not, so a tool switched on later never takes one.
		reserved: [...toolDefinitions, ...editToolDefinitions, ...terminalToolDefinitions].map((d) => d.name),
		rememberAllowed: (name) => belt.choices.allowAlways(name),
	}) : undefined;
	// A tool of ours the user switched off in the picker is neither offered nor run.
	const offered = ours.filter((d) => !choices?.off.includes(d.name));
	return {
		tools: {
			definitions: [...offered, ...(external?.definitions ?? [])],
			maxRounds: toolsMaxRounds,
			run: async (call, signal, ask) => {
				if (external?.has(call.name)) return external.run(call.name, call.arguments, signal, ask);
				if (choices?.off.includes(call.name)) {
					return { ok: false, content: `Error: the user switched ${call.name} off ("Flux: Choose Tools"). Go on without it.`, summary: 'switched off by the user' };
				}
				return executeTool(call.name, call.arguments, {
					workspace, signal, logger: log,
					...(changes ? { changes } : {}),
					...(runner ? { terminal: { runner, autoRun: toolsTerminalAutoRun, ask } } : {}),
				});
			},
			...(changes ? { proposed: () => changes.list() } : {}),
		},
	};
}
