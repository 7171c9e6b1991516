import type { FluxToolDefinition } from '../../flux/chatRequest';
import type { BeltChoices, ExternalTool } from './types';

/** One tool in the picker. */
export interface PickerTool {
	/** VS Code's name, or ours. */
	readonly name: string;
	readonly description: string;
	readonly ours: boolean;
	readonly on: boolean;
}

/** One group of the picker: Flux's tools, then each extension's and each MCP server's. */
export interface PickerGroup {
	readonly label: string;
	readonly tools: readonly PickerTool[];
}

/**
 * The picker's groups: ours first (on unless switched off), then the others by source in name
 * order (off unless switched on). `fluxLabel` is the first group's name in the user's language.
 */
export function toolGroups(ours: readonly FluxToolDefinition[], external: readonly ExternalTool[], choices: BeltChoices, fluxLabel: string): PickerGroup[] {
	const groups: PickerGroup[] = [{ label: fluxLabel, tools: ours.map((d) => ({ name: d.name, description: d.description, ours: true, on: !choices.off.includes(d.name) })) }];
	const bySource = new Map<string, PickerTool[]>();
	for (const tool of external) {
		const list = bySource.get(tool.source.label) ?? [];
		list.push({ name: tool.name, description: tool.description, ours: false, on: choices.on.includes(tool.name) });
		bySource.set(tool.source.label, list);
	}
	for (const label of [...bySource.keys()].sort((a, b) => a.localeCompare(b))) {
		groups.push({ label, tools: bySource.get(label)!.sort((a, b) => a.name.localeCompare(b.name)) });
	}
	return groups;
}

/**
 * What the picker saves: external tools picked are `on`, our tools not picked are `off`. Choices
 * about tools not listed now (an MCP server that is not running) are kept as they were.
 */
export function choicesAfterPick(groups: readonly PickerGroup[], picked: readonly string[], before: BeltChoices): { readonly on: string[]; readonly off: string[] } {
	const listed = groups.flatMap((group) => group.tools);
	const isListed = (name: string) => listed.some((tool) => tool.name === name);
	const chosen = new Set(picked);
	return {
		on: [...before.on.filter((name) => !isListed(name)), ...listed.filter((tool) => !tool.ours && chosen.has(tool.name)).map((tool) => tool.name)],
		off: [...before.off.filter((name) => !isListed(name)), ...listed.filter((tool) => tool.ours && !chosen.has(tool.name)).map((tool) => tool.name)],
	};
}
