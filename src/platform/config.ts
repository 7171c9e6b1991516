import { parse as parseJsonc } from 'jsonc-parser';
import * as vscode from 'vscode';
import type { FluxApiFormat } from '../flux/fluxClient';

export const defaultModel = 'flux-auto';
export const defaultSystemPrompt = 'You are Flux, a helpful assistant inside VS Code. Answer concisely; use Markdown and fenced code blocks with a language.';

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
	readonly toolsEnabled: boolean;
	/** `flux.tools.edits`: the model may propose edits (`edit_file`, `create_file`) for the user to review. */
	readonly toolsEdits: 'propose' | 'off';
	readonly toolsMaxRounds: number;
	/** `flux.context.maxInputTokens`: a cap on each request's input; undefined when 0 (no cap). */
	readonly maxInputTokens?: number;
	/** `flux.context.attachActiveEditor`: the active editor goes with each question unless clicked off. */
	readonly attachActiveEditor: boolean;
	/** `flux.stream.noProgressTimeoutSeconds`: a stream with no answer text, reasoning or tool call this long is given up (10 to 3600). */
	readonly noProgressTimeoutSeconds: number;
}

/**
 * The settings that decide where the key goes or what the tools may read. A repository the user
 * opens is untrusted, so for these only the user's own value counts: they are `application`-scoped
 * in package.json, and read here so that a workspace or folder value is ignored even where
 * VS Code would still apply it.
 */
export const userOnlySettings = ['baseUrl', 'apiFormat', 'tools.enabled', 'tools.edits', 'tools.exclude', 'context.attachActiveEditor'] as const;
export type UserOnlySetting = typeof userOnlySettings[number];

function userValue<T>(config: vscode.WorkspaceConfiguration, key: UserOnlySetting, fallback: T): T {
	const inspected = config.inspect<T>(key);
	return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
}

export function readSettings(): FluxSettings {
	const config = vscode.workspace.getConfiguration('flux');
	const model = config.get<string>('model', defaultModel).trim() || defaultModel;
	return Object.freeze({
		baseUrl: userValue(config, 'baseUrl', 'https://api.fluxrouter.ai/v1'),
		apiFormat: userValue<string>(config, 'apiFormat', 'openai') === 'anthropic' ? 'anthropic' : 'openai',
		...maxOutput(config.get<number>('maxOutputTokens', 0)),
		model,
		systemPrompt: config.get<string>('systemPrompt', defaultSystemPrompt),
		rewriteModel: config.get<string>('rewriteModel', '').trim() || model,
		toolsEnabled: userValue(config, 'tools.enabled', true),
		toolsEdits: userValue<string>(config, 'tools.edits', 'propose') === 'off' ? 'off' : 'propose',
		toolsMaxRounds: Math.max(1, Math.floor(config.get<number>('tools.maxRounds', 8))),
		...maxInput(config.get<number>('context.maxInputTokens', 0)),
		attachActiveEditor: userValue(config, 'context.attachActiveEditor', true),
		noProgressTimeoutSeconds: noProgressTimeout(config.get<number>('stream.noProgressTimeoutSeconds', 300)),
	});
}

/**
 * The user-only settings that the workspace file or a folder's `.vscode/settings.json` sets.
 * VS Code drops those values without a word (`inspect` does not report them either), so the
 * files are read here to tell the user that a repository tried.
 */
export async function userOnlySettingsSetByWorkspace(): Promise<UserOnlySetting[]> {
	const files: { uri: vscode.Uri; section?: string }[] = (vscode.workspace.workspaceFolders ?? [])
		.map((folder) => ({ uri: vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json') }));
	const workspaceFile = vscode.workspace.workspaceFile;
	if (workspaceFile && workspaceFile.scheme !== 'untitled') files.push({ uri: workspaceFile, section: 'settings' });
	const found = new Set<UserOnlySetting>();
	for (const { uri, section } of files) {
		let text: string;
		try {
			text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
		} catch {
			continue;
		}
		const parsed: unknown = parseJsonc(text, [], { allowTrailingComma: true });
		const settings = section ? valueAt(parsed, [section]) : parsed;
		for (const key of userOnlySettings) {
			if (settingIn(settings, `flux.${key}`) !== undefined) found.add(key);
		}
	}
	return userOnlySettings.filter((key) => found.has(key));
}

/** A setting's value in a settings object, written dotted (`"flux.baseUrl"`) or nested (`"flux": {"baseUrl"}`). */
function settingIn(settings: unknown, key: string): unknown {
	const parts = key.split('.');
	for (let i = parts.length; i >= 1; i--) {
		const head = valueAt(settings, [parts.slice(0, i).join('.')]);
		if (head === undefined) continue;
		if (i === parts.length) return head;
		const rest = settingIn(head, parts.slice(i).join('.'));
		if (rest !== undefined) return rest;
	}
	return undefined;
}

function valueAt(value: unknown, path: readonly string[]): unknown {
	let current = value;
	for (const part of path) {
		if (typeof current !== 'object' || current === null || Array.isArray(current) || !Object.hasOwn(current, part)) return undefined;
		current = (current as Record<string, unknown>)[part];
	}
	return current;
}

/** `flux.tools.exclude` from the user's settings: patterns that add to the built-in ones. */
export function userToolExcludes(): string[] {
	const patterns = userValue<unknown>(vscode.workspace.getConfiguration('flux'), 'tools.exclude', []);
	return Array.isArray(patterns) ? patterns.filter((p): p is string => typeof p === 'string') : [];
}

export async function setModel(model: string): Promise<void> {
	await vscode.workspace.getConfiguration('flux').update('model', model, vscode.ConfigurationTarget.Global);
}

function maxOutput(value: number): { maxOutputTokens?: number } {
	// A reply needs room for more than a sentence; a smaller cap is a typo, so it is raised.
	return value > 0 ? { maxOutputTokens: Math.max(256, Math.floor(value)) } : {};
}

function maxInput(value: number): { maxInputTokens?: number } {
	// Below a few thousand tokens not even one question with its answer fits; treat as a floor.
	return value > 0 ? { maxInputTokens: Math.max(2000, Math.floor(value)) } : {};
}

function noProgressTimeout(value: number): number {
	// Under 10 s a model that thinks before it writes would be cut off; over an hour is no bound.
	return Number.isFinite(value) ? Math.min(3600, Math.max(10, Math.floor(value))) : 300;
}
