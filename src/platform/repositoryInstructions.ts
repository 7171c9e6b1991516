import { promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { slashCommands } from '../chat/attachments/slashCommands';
import { assembleInstructions, findInstructionFiles, type InstructionReader, type InstructionSet } from '../chat/context/instructions';
import { parseFrontMatter, promptCommandName, promptDescription, promptQuestion, resolvePromptCommands, type PromptCommand } from '../chat/context/promptFiles';
import type { InstructionUse } from '../chat/model';
import type { Logger } from '../flux/logger';
import type { InstructionFileView, InstructionsChanged } from '../protocol/messages';
import { readSetting, readSettings } from './config';
import { createVscodeWorkspace } from './tools/vscodeWorkspace';

/** More than any instruction or prompt file needs; a larger one is read only this far. */
const maxFileBytes = 256 * 1024;

/**
 * The repository's instructions and prompt files, read from disk when they are needed (each
 * turn reads them afresh, so an edited `AGENTS.md` counts from the next question). Watches them
 * and the settings to tell the view when its line or `/` list may have changed. Nothing of a
 * workspace is read in Restricted Mode; the user's own instructions and prompt folder are.
 */
export class RepositoryInstructions implements vscode.Disposable {
	private readonly disposables: vscode.Disposable[] = [];
	private userFolderWatcher: vscode.Disposable | undefined;
	private pending: ReturnType<typeof setTimeout> | undefined;
	/** What the ids of the lines sent open (a file's workspace path; `user`, the setting): only what was shown can be opened. */
	private readonly openable = new Map<string, string>([['user', '']]);
	/** Clashes already told, so each is said once. */
	private readonly toldClashes = new Set<string>();

	constructor(private readonly log: Logger, private readonly onChange: () => void) {
		const changed = () => this.changed();
		for (const pattern of ['**/{AGENTS.md,AGENT.md}', '**/.github/copilot-instructions.md', '**/.github/prompts/*.prompt.md']) {
			const watcher = vscode.workspace.createFileSystemWatcher(pattern);
			this.disposables.push(watcher, watcher.onDidCreate(changed), watcher.onDidChange(changed), watcher.onDidDelete(changed));
		}
		this.disposables.push(
			vscode.workspace.onDidGrantWorkspaceTrust(changed),
			vscode.workspace.onDidChangeWorkspaceFolders(changed),
			vscode.workspace.onDidChangeConfiguration((e) => {
				if (e.affectsConfiguration('flux.promptFiles')) this.watchUserFolder();
				if (e.affectsConfiguration('flux.instructions') || e.affectsConfiguration('flux.promptFiles')) changed();
			}),
		);
		this.watchUserFolder();
	}

	/** The instructions for a question about `contextPaths` (workspace paths), read now. */
	async forTurn(contextPaths: readonly string[]): Promise<InstructionSet> {
		const settings = readSettings();
		const files = settings.useWorkspaceInstructions ? await findInstructionFiles(workspaceReader(), contextPaths) : [];
		return assembleInstructions(settings.instructions, files);
	}

	/**
	 * The line above the message box and the `/` list's prompt commands. The line names the user's
	 * own instructions and the workspace's files as they are now, then the nested files the open
	 * conversation's latest reply used (`lastUsed`).
	 */
	async view(lastUsed: readonly InstructionUse[]): Promise<InstructionsChanged> {
		const settings = readSettings();
		const reader = workspaceReader();
		const files = settings.useWorkspaceInstructions ? await findInstructionFiles(reader, []) : [];
		const shown = new Map(files.map((f) => [f.path, f.fsPath]));
		for (const used of settings.useWorkspaceInstructions && reader.isTrusted ? lastUsed : []) {
			const fsPath = fsPathOf(reader.folders, used.path);
			if (fsPath && !shown.has(used.path)) shown.set(used.path, fsPath);
		}
		const entries: InstructionFileView[] = settings.instructions.trim() ? [{ id: 'user', kind: 'user', label: '' }] : [];
		for (const [label, fsPath] of shown) {
			// Ids are the paths, and stay valid: a click on a line sent just before this one still opens its file.
			const id = `file:${label}`;
			this.openable.set(id, fsPath);
			entries.push({ id, kind: 'file', label });
		}
		const promptCommands = (await this.promptCommands()).map(({ name, description }) => ({ name, description }));
		return { type: 'context/instructions', files: entries, promptCommands };
	}

	/** Opens what an entry of the line names: the file, or the setting for the user's own instructions. */
	async open(id: string): Promise<void> {
		const target = this.openable.get(id);
		if (target === undefined) return;
		if (target === '') await vscode.commands.executeCommand('workbench.action.openSettings', 'flux.instructions.text');
		else await vscode.window.showTextDocument(vscode.Uri.file(target));
	}

	/** The prompt files' commands now: the user's folder first, then each trusted workspace folder's `.github/prompts`. */
	async promptCommands(): Promise<readonly PromptCommand[]> {
		const candidates: PromptCommand[] = [];
		const userFolder = userFolderPath(readSetting('promptFiles.userFolder').trim());
		if (userFolder) candidates.push(...await promptFilesIn(userFolder, userFolder, 'user'));
		const reader = workspaceReader();
		if (reader.isTrusted) {
			for (const folder of reader.folders) candidates.push(...await promptFilesIn(path.join(folder.fsPath, '.github', 'prompts'), folder.fsPath, 'workspace'));
		}
		const { commands, clashes } = resolvePromptCommands(slashCommands.map((c) => c.name), candidates);
		for (const clash of clashes) {
			const key = `${clash.fsPath}\n${clash.shadowedBy}`;
			if (this.toldClashes.has(key)) continue;
			this.toldClashes.add(key);
			const winner = clash.shadowedBy === 'builtIn' ? vscode.l10n.t('the built-in command') : clash.shadowedBy;
			this.log.warn(`prompt file ${clash.fsPath} is not offered as /${clash.name}: ${clash.shadowedBy === 'builtIn' ? 'a built-in command' : clash.shadowedBy} has that name`);
			void vscode.window.showInformationMessage(vscode.l10n.t('Flux: the prompt file {0} is not offered as /{1}: {2} has that name.', clash.fsPath, clash.name, winner));
		}
		return commands;
	}

	/** The question `/name rest` sends, from the prompt file as it is now; undefined when it is gone. */
	async promptText(name: string, rest: string): Promise<string | undefined> {
		const command = (await this.promptCommands()).find((c) => c.name === name);
		if (!command) return undefined;
		const text = await readInside(command.fsPath, path.dirname(command.fsPath));
		return text === undefined ? undefined : promptQuestion(text, rest);
	}

	dispose(): void {
		clearTimeout(this.pending);
		this.userFolderWatcher?.dispose();
		for (const d of this.disposables.splice(0)) d.dispose();
	}

	/** Many files change at once (a checkout): the view hears once. */
	private changed(): void {
		clearTimeout(this.pending);
		this.pending = setTimeout(() => this.onChange(), 200);
	}

	private watchUserFolder(): void {
		this.userFolderWatcher?.dispose();
		this.userFolderWatcher = undefined;
		const folder = userFolderPath(readSetting('promptFiles.userFolder').trim());
		if (!folder) return;
		const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(folder), '*.prompt.md'));
		const changed = () => this.changed();
		this.userFolderWatcher = vscode.Disposable.from(watcher, watcher.onDidCreate(changed), watcher.onDidChange(changed), watcher.onDidDelete(changed));
	}
}

/** The workspace as the tools see it now (folders on disk, trust, exclusions), its files read with node:fs. */
function workspaceReader(): InstructionReader {
	const { folders, isTrusted, exclude } = createVscodeWorkspace();
	return { folders, isTrusted, exclude, readText: readInside };
}

/**
 * A file's text when it is a file inside `folderPath` once links are followed: an `AGENTS.md`
 * that links to a file elsewhere on the disk is not read into a prompt. Read up to
 * {@link maxFileBytes}; undefined when missing or unreadable.
 */
async function readInside(fsPath: string, folderPath: string): Promise<string | undefined> {
	try {
		const [real, root] = await Promise.all([fs.realpath(fsPath), fs.realpath(folderPath)]);
		const relative = path.relative(root, real);
		if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
		const handle = await fs.open(real, 'r');
		try {
			const stat = await handle.stat();
			if (!stat.isFile()) return undefined;
			const buffer = Buffer.alloc(Math.min(stat.size, maxFileBytes));
			const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
			return buffer.subarray(0, bytesRead).toString('utf8');
		} finally {
			await handle.close();
		}
	} catch {
		return undefined;
	}
}

/** The `*.prompt.md` files of a folder that can be commands, by name. */
async function promptFilesIn(dir: string, root: string, source: PromptCommand['source']): Promise<PromptCommand[]> {
	let names: string[];
	try {
		names = await fs.readdir(dir);
	} catch {
		return [];
	}
	const commands: PromptCommand[] = [];
	for (const fileName of names.sort()) {
		const name = promptCommandName(fileName);
		if (!name) continue;
		const fsPath = path.join(dir, fileName);
		const text = await readInside(fsPath, root);
		if (text === undefined) continue;
		commands.push({ name, description: promptDescription(parseFrontMatter(text).attributes), fsPath, source });
	}
	return commands;
}

/** The user's prompt folder as an absolute path (`~` is the home folder); undefined when unset or relative. */
function userFolderPath(setting: string): string | undefined {
	if (!setting) return undefined;
	const expanded = setting === '~' || setting.startsWith('~/') || setting.startsWith('~\\') ? path.join(homedir(), setting.slice(1)) : setting;
	return path.isAbsolute(expanded) ? expanded : undefined;
}

/** The file a workspace path of the line names (led by its folder's name in a multi-root workspace). */
function fsPathOf(folders: InstructionReader['folders'], workspacePath: string): string | undefined {
	const parts = workspacePath.split('/');
	if (parts.some((p) => p === '..' || p === '')) return undefined;
	if (folders.length === 1) return path.join(folders[0].fsPath, ...parts);
	const folder = folders.find((f) => f.name === parts[0]);
	return folder && path.join(folder.fsPath, ...parts.slice(1));
}
