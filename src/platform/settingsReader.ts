import type { FluxApiFormat } from '../flux/fluxClient';

// Plain code, no vscode: the table and the checks are unit-tested, and a test holds package.json's
// `contributes.configuration` to the table. config.ts is the thin vscode side.

/** What a `flux.*` setting may hold. */
interface SettingSpec {
	readonly type: 'boolean' | 'string' | 'integer' | 'array';
	readonly default: unknown;
	readonly minimum?: number;
	readonly maximum?: number;
	readonly enum?: readonly string[];
	/**
	 * Only the user's own value counts (`"scope": "application"` in package.json): the setting
	 * decides where the key goes, what the tools may read, or how much they may run, and a
	 * repository the user opens is untrusted.
	 */
	readonly userOnly?: true;
}

export const defaultModel = 'flux-auto';
export const defaultSystemPrompt = 'You are Flux, a helpful assistant inside VS Code. Answer concisely; use Markdown and fenced code blocks with a language.';

/**
 * Every `flux.*` setting: its type, default, range or values, and whether only the user may set
 * it. The one source of truth for reading them; `settingsReader.test.ts` fails when package.json
 * says otherwise. An array is always of strings.
 */
export const settingSpecs = {
	'baseUrl': { type: 'string', default: 'https://api.fluxrouter.ai/v1', userOnly: true },
	'apiFormat': { type: 'string', default: 'openai', enum: ['openai', 'anthropic'], userOnly: true },
	'maxOutputTokens': { type: 'integer', default: 0, minimum: 0 },
	'model': { type: 'string', default: defaultModel },
	'systemPrompt': { type: 'string', default: defaultSystemPrompt },
	'rewriteModel': { type: 'string', default: '' },
	'rewrite.preview': { type: 'string', default: 'inline', enum: ['inline', 'diff'] },
	'tools.enabled': { type: 'boolean', default: true, userOnly: true },
	'tools.edits': { type: 'string', default: 'propose', enum: ['propose', 'off'], userOnly: true },
	// User-only: each round is a paid request that may read more of the workspace, so a
	// repository must not be able to raise the cap (it could set 32 rounds for every question).
	'tools.maxRounds': { type: 'integer', default: 8, minimum: 1, maximum: 32, userOnly: true },
	'tools.exclude': { type: 'array', default: [], userOnly: true },
	// User-only: a repository must never decide what runs on the user's machine.
	'tools.terminal.mode': { type: 'string', default: 'ask', enum: ['ask', 'off'], userOnly: true },
	'tools.terminal.autoRun': { type: 'array', default: [], userOnly: true },
	'context.maxInputTokens': { type: 'integer', default: 0, minimum: 0 },
	'context.attachActiveEditor': { type: 'boolean', default: true, userOnly: true },
	// Under 10 s a model that thinks before it writes would be cut off; over an hour is no bound.
	'stream.noProgressTimeoutSeconds': { type: 'integer', default: 300, minimum: 10, maximum: 3600 },
	// User-only: they decide what of the disk goes into every request.
	'instructions.text': { type: 'string', default: '', userOnly: true },
	'instructions.useWorkspaceFiles': { type: 'boolean', default: true, userOnly: true },
	'promptFiles.userFolder': { type: 'string', default: '', userOnly: true },
} as const satisfies Record<string, SettingSpec>;

export type SettingKey = keyof typeof settingSpecs;

/** The value a setting reads as, from its spec. */
export type SettingValue<K extends SettingKey> = typeof settingSpecs[K] extends { readonly enum: readonly (infer E)[] } ? E
	: typeof settingSpecs[K] extends { readonly type: 'boolean' } ? boolean
		: typeof settingSpecs[K] extends { readonly type: 'string' } ? string
			: typeof settingSpecs[K] extends { readonly type: 'array' } ? readonly string[]
				: number;

export type UserOnlySetting = { [K in SettingKey]: typeof settingSpecs[K] extends { readonly userOnly: true } ? K : never }[SettingKey];

/** The settings a workspace cannot set, in the table's order. */
export const userOnlySettings: readonly UserOnlySetting[] = Object.freeze(
	(Object.keys(settingSpecs) as SettingKey[]).filter((key): key is UserOnlySetting => 'userOnly' in settingSpecs[key]),
);

/** The model `flux.model` names: a blank value means the default. */
export function modelOrDefault(value: string): string {
	return value.trim() || defaultModel;
}

/** A setting as VS Code reports it. */
export interface RawSetting {
	/** What VS Code applies (`WorkspaceConfiguration.get`), with its own precedence and Restricted Mode rules. */
	readonly value?: unknown;
	/** The user's own value (`inspect().globalValue`): all that counts for a user-only setting. */
	readonly globalValue?: unknown;
}

/** The `flux.*` settings as one frozen snapshot, read when a turn starts. */
export interface FluxSettings {
	readonly baseUrl: string;
	/** `flux.apiFormat`: the wire the chat speaks; the key goes to the same host either way. */
	readonly apiFormat: FluxApiFormat;
	/** `flux.maxOutputTokens`: a cap on each reply; undefined when 0 (the format's default). */
	readonly maxOutputTokens?: number;
	readonly model: string;
	readonly systemPrompt: string;
	/** `flux.rewriteModel`, falling back to the chat model. */
	readonly rewriteModel: string;
	/** `flux.rewrite.preview`: a rewrite streams into the editor (`inline`) or opens a diff editor (`diff`). */
	readonly rewritePreview: 'inline' | 'diff';
	readonly toolsEnabled: boolean;
	/** `flux.tools.edits`: the model may propose edits (`edit_file`, `create_file`) for the user to review. */
	readonly toolsEdits: 'propose' | 'off';
	readonly toolsMaxRounds: number;
	/** `flux.tools.terminal.mode`: the model may ask to run commands (`run_command`), each approved on its card. */
	readonly toolsTerminal: 'ask' | 'off';
	/** `flux.tools.terminal.autoRun`: commands that run without asking (see `isAllowListed`). */
	readonly toolsTerminalAutoRun: readonly string[];
	/** `flux.context.maxInputTokens`: a cap on each request's input; undefined when 0 (no cap). */
	readonly maxInputTokens?: number;
	/** `flux.context.attachActiveEditor`: the active editor goes with each question unless clicked off. */
	readonly attachActiveEditor: boolean;
	/** `flux.stream.noProgressTimeoutSeconds`: a stream with no answer text, reasoning or tool call this long is given up (10 to 3600). */
	readonly noProgressTimeoutSeconds: number;
	/** `flux.instructions.text`: the user's own instructions, sent with every question. */
	readonly instructions: string;
	/** `flux.instructions.useWorkspaceFiles`: AGENTS.md and the like are read in a trusted workspace. */
	readonly useWorkspaceInstructions: boolean;
	/** `flux.promptFiles.userFolder`: a folder of the user's own `*.prompt.md` files; empty for none. */
	readonly promptFilesUserFolder: string;
}

/**
 * Reads settings by the table: a value of the wrong type, or not one of its values, reads as the
 * default; a number outside its range as the nearest bound, a fraction rounded down; array items
 * that are not strings are left out. Each such value is reported once (`warn`), not on every read.
 */
export class SettingsReader {
	private readonly reported = new Set<string>();

	constructor(private readonly warn: (message: string) => void) {}

	/** The value of `flux.<key>`: the user's own for a user-only setting, else what VS Code applies. */
	value<K extends SettingKey>(key: K, raw: RawSetting | undefined): SettingValue<K> {
		const spec: SettingSpec = settingSpecs[key];
		const given = spec.userOnly ? raw?.globalValue : raw?.value;
		if (given === undefined) return spec.default as SettingValue<K>;
		const { value, problem } = check(spec, given);
		if (problem) this.report(key, given, problem);
		return value as SettingValue<K>;
	}

	/** All the settings as one frozen snapshot; `raw` gives each as VS Code reports it. */
	settings(raw: (key: SettingKey) => RawSetting | undefined): FluxSettings {
		const read = <K extends SettingKey>(key: K) => this.value(key, raw(key));
		const model = modelOrDefault(read('model'));
		return Object.freeze({
			baseUrl: read('baseUrl'),
			apiFormat: read('apiFormat'),
			...maxOutput(read('maxOutputTokens')),
			model,
			systemPrompt: read('systemPrompt'),
			rewriteModel: read('rewriteModel').trim() || model,
			rewritePreview: read('rewrite.preview'),
			toolsEnabled: read('tools.enabled'),
			toolsEdits: read('tools.edits'),
			toolsMaxRounds: read('tools.maxRounds'),
			toolsTerminal: read('tools.terminal.mode'),
			toolsTerminalAutoRun: read('tools.terminal.autoRun'),
			...maxInput(read('context.maxInputTokens')),
			attachActiveEditor: read('context.attachActiveEditor'),
			noProgressTimeoutSeconds: read('stream.noProgressTimeoutSeconds'),
			instructions: read('instructions.text'),
			useWorkspaceInstructions: read('instructions.useWorkspaceFiles'),
			promptFilesUserFolder: read('promptFiles.userFolder').trim(),
		});
	}

	private report(key: SettingKey, given: unknown, problem: string): void {
		const id = `${key}\n${shown(given)}`;
		if (this.reported.has(id)) return;
		this.reported.add(id);
		this.warn(`flux.${key} is ${shown(given)}, ${problem}.`);
	}
}

/** The value to use for `given`, and what was wrong with it (undefined when nothing). */
function check(spec: SettingSpec, given: unknown): { value: unknown; problem?: string } {
	const fallback = { value: spec.default, problem: `not ${expected(spec)}; Flux uses the default, ${shown(spec.default)}` };
	switch (spec.type) {
		case 'boolean':
			return typeof given === 'boolean' ? { value: given } : fallback;
		case 'string':
			if (typeof given !== 'string') return fallback;
			return spec.enum && !spec.enum.includes(given) ? fallback : { value: given };
		case 'array': {
			if (!Array.isArray(given)) return fallback;
			const strings = given.filter((item): item is string => typeof item === 'string');
			return strings.length === given.length ? { value: strings } : { value: strings, problem: 'which holds items that are not strings; Flux leaves them out' };
		}
		case 'integer': {
			if (typeof given !== 'number' || !Number.isFinite(given)) return fallback;
			const { minimum = -Infinity, maximum = Infinity } = spec;
			const value = Math.min(maximum, Math.max(minimum, Math.floor(given)));
			if (given < minimum) return { value, problem: `below the minimum; Flux uses ${value}` };
			if (given > maximum) return { value, problem: `above the maximum; Flux uses ${value}` };
			return value === given ? { value } : { value, problem: `not a whole number; Flux uses ${value}` };
		}
	}
}

function expected(spec: SettingSpec): string {
	if (spec.enum) return `one of ${spec.enum.map(shown).join(', ')}`;
	return { boolean: 'true or false', string: 'a string', integer: 'a number', array: 'a list of strings' }[spec.type];
}

/** A value as JSON, cut short: a setting can be a long prompt or a large object. */
function shown(value: unknown): string {
	const json = JSON.stringify(value) ?? String(value);
	return json.length > 80 ? `${json.slice(0, 79)}…` : json;
}

function maxOutput(value: number): { maxOutputTokens?: number } {
	// A reply needs room for more than a sentence; a smaller cap is a typo, so it is raised.
	return value > 0 ? { maxOutputTokens: Math.max(256, value) } : {};
}

function maxInput(value: number): { maxInputTokens?: number } {
	// Below a few thousand tokens not even one question with its answer fits; treat as a floor.
	return value > 0 ? { maxInputTokens: Math.max(2000, value) } : {};
}
