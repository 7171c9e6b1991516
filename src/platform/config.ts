import { parse as parseJsonc } from 'jsonc-parser';
import * as vscode from 'vscode';
import { silentLogger, type Logger } from '../flux/logger';
import { modelOrDefault, SettingsReader, settingSpecs, userOnlySettings, type FluxSettings, type RawSetting, type SettingKey, type SettingValue, type UserOnlySetting } from './settingsReader';

export { defaultModel } from './settingsReader';

let settingsLog: Logger = silentLogger;
/** One reader for the extension's life, so each bad value is logged once, whoever reads it. */
const reader = new SettingsReader((message) => settingsLog.warn(message));

/** Where a setting that had to be read as something else (wrong type, out of range) is reported. */
export function reportSettingsTo(log: Logger): void {
	settingsLog = log;
}

/**
 * `flux.<key>` as VS Code reports it, for the reader to check: the user's own value of a
 * user-only setting, else the value VS Code applies. Only what counts is read: `inspect` walks
 * every layer of the configuration (19 of them were most of what activate() spent).
 */
function rawSetting(config: vscode.WorkspaceConfiguration, key: SettingKey): RawSetting {
	return 'userOnly' in settingSpecs[key] ? { globalValue: config.inspect<unknown>(key)?.globalValue } : { value: config.get<unknown>(key) };
}

/** One `flux.<key>`, for the places that need only it (readSettings reads them all). */
export function readSetting<K extends SettingKey>(key: K): SettingValue<K> {
	return reader.value(key, rawSetting(vscode.workspace.getConfiguration('flux'), key));
}

/** The model `flux.model` names, its default when blank. */
export function readModel(): string {
	return modelOrDefault(readSetting('model'));
}

/**
 * The `flux.*` settings, checked against the table in settingsReader.ts. For the user-only
 * settings (`userOnlySettings`: where the key goes, what the tools may read and how many rounds
 * they may run) only the user's own value counts: they are `application`-scoped in package.json,
 * and read here so that a workspace or folder value is ignored even where VS Code would still
 * apply it.
 */
export function readSettings(): FluxSettings {
	const config = vscode.workspace.getConfiguration('flux');
	return reader.settings((key) => rawSetting(config, key));
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

export async function setModel(model: string): Promise<void> {
	await vscode.workspace.getConfiguration('flux').update('model', model, vscode.ConfigurationTarget.Global);
}
