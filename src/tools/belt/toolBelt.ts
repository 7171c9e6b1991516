import { t } from '@vscode/l10n';
import type { FluxApiFormat } from '../../flux/fluxClient';
import type { FluxToolDefinition } from '../../flux/chatRequest';
import type { Logger } from '../../flux/logger';
import type { AskUser } from '../approval';
import type { ToolResult } from '../toolResult';
import { mapToolNames } from './beltNames';
import { resultText } from './beltResult';
import { acceptSchema } from './beltSchema';
import type { BeltChoices, ExternalTool, ExternalToolHost } from './types';

/** The approval card's choices; `allow` and `always` let the call run. */
export const allowChoice = 'allow';
export const alwaysAllowChoice = 'always';
export const denyChoice = 'deny';

/** What a turn's belt needs: the host, the user's choices, the wire and our own tools' names. */
export interface ToolBeltOptions {
	readonly host: ExternalToolHost;
	readonly choices: BeltChoices;
	readonly format: FluxApiFormat;
	/** Names the belt may never take: our own tools'. */
	readonly reserved: readonly string[];
	readonly logger: Logger;
	/** Characters of one result the model gets (our tools' cap). */
	readonly maxResultChars: number;
	/** Remembers Always Allow for a tool (VS Code's name), for this user. */
	readonly rememberAllowed: (name: string) => Promise<void>;
}

/**
 * The external tools one turn offers: those the user switched on whose schema the wire takes,
 * each under a function name both wires accept. Built once per turn, so a call maps back to the
 * tool that was offered even if VS Code's list changes meanwhile.
 */
export class ToolBelt {
	/** Model name -> tool. */
	private readonly offered = new Map<string, ExternalTool>();
	private readonly allowed: Set<string>;
	readonly definitions: readonly FluxToolDefinition[];

	constructor(private readonly options: ToolBeltOptions) {
		const on = new Set(options.choices.on);
		this.allowed = new Set(options.choices.alwaysAllowed);
		const definitions: FluxToolDefinition[] = [];
		const candidates = options.host.list().filter((tool) => on.has(tool.name));
		const names = mapToolNames(candidates.map((tool) => tool.name), options.reserved);
		const byName = new Map(candidates.map((tool) => [tool.name, tool]));
		for (const [modelName, name] of names) {
			const tool = byName.get(name)!;
			const schema = acceptSchema(tool.inputSchema, options.format);
			if (!schema.ok) {
				options.logger.warn(`tool ${name} (${tool.source.label}) is left out: ${schema.reason}`);
				continue;
			}
			this.offered.set(modelName, tool);
			definitions.push({ name: modelName, description: tool.description || `${name} from ${tool.source.label}.`, parameters: schema.parameters });
		}
		this.definitions = definitions;
	}

	/** Whether `modelName` is one of this belt's tools. */
	has(modelName: string): boolean {
		return this.offered.has(modelName);
	}

	/**
	 * Runs one call after the user allowed it on its card (or always allows the tool). Never
	 * throws: bad arguments, a decline, a failing tool and Stop come back as results.
	 */
	async run(modelName: string, argumentsJson: string, signal: AbortSignal, ask: AskUser): Promise<ToolResult> {
		const tool = this.offered.get(modelName);
		if (!tool) return { ok: false, content: `Error: there is no tool named "${modelName}".`, summary: `unknown tool ${modelName}` };
		const input = parseInput(argumentsJson);
		if (typeof input === 'string') return { ok: false, content: `Error: ${input}`, summary: 'invalid arguments' };
		if (!this.allowed.has(tool.name)) {
			const choice = await ask({
				prompt: t('Allow "{0}" from {1} to run with these arguments?', tool.name, tool.source.label),
				detail: JSON.stringify(input, undefined, 2),
				choices: [
					{ id: allowChoice, label: t('Allow'), allows: true },
					{ id: alwaysAllowChoice, label: t('Always Allow'), allows: true },
					{ id: denyChoice, label: t('Deny'), allows: false },
				],
			});
			if (signal.aborted) return cancelled();
			if (choice !== allowChoice && choice !== alwaysAllowChoice) {
				return {
					ok: false, declined: true, summary: 'denied by the user',
					content: `The user declined this call to ${modelName} (they clicked Deny), so it did not run. Do not try to get the same effect another way; go on without it, or ask the user.`,
				};
			}
			if (choice === alwaysAllowChoice) {
				this.allowed.add(tool.name);
				await this.options.rememberAllowed(tool.name).catch((error: unknown) => this.options.logger.warn(`could not save Always Allow for ${tool.name}: ${String(error)}`));
			}
		}
		try {
			const parts = await this.options.host.invoke(tool.name, input, signal);
			if (signal.aborted) return cancelled();
			const content = resultText(parts, this.options.maxResultChars);
			return { ok: true, content, summary: `${tool.source.label}: ${parts.length === 1 ? '1 part' : `${parts.length} parts`}, ${content.length} characters` };
		} catch (error) {
			if (signal.aborted) return cancelled();
			const message = error instanceof Error ? error.message : String(error);
			this.options.logger.warn(`tool ${tool.name} failed: ${message}`);
			return { ok: false, content: `Error: ${modelName} failed: ${message}`, summary: `failed: ${message}` };
		}
	}
}

function cancelled(): ToolResult {
	return { ok: false, content: 'Error: the tool call was cancelled.', summary: 'cancelled' };
}

/** The model's arguments as an object, or what is wrong with them. */
function parseInput(json: string): Readonly<Record<string, unknown>> | string {
	const text = json.trim();
	// Some models send nothing at all for a tool without parameters.
	if (text === '') return {};
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch (error) {
		return `the arguments are not valid JSON (${(error as Error).message}). Send one JSON object.`;
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'the arguments must be a JSON object.';
	return parsed as Record<string, unknown>;
}
