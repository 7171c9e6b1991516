import * as vscode from 'vscode';
import type { ViewNotice, ViewNoticeAction, ViewNoticeId } from '../protocol/messages';
import { userOnlySettingsSetByWorkspace } from './config';

/**
 * The standing notices of this window, shown above the chat: Restricted Mode (why no tool is
 * offered) and the user-only settings a workspace tried to set (ignored). A dismissed notice
 * stays away for the rest of the window's life; they are said once, not nagged.
 */
export class WindowNotices implements vscode.Disposable {
	private readonly changed = new vscode.EventEmitter<void>();
	/** Fires when the notices may have changed. */
	readonly onDidChange = this.changed.event;
	private readonly dismissed = new Set<ViewNoticeId>();
	private readonly disposables: vscode.Disposable[] = [this.changed];

	constructor() {
		const watcher = vscode.workspace.createFileSystemWatcher('**/.vscode/settings.json');
		const fire = () => this.changed.fire();
		this.disposables.push(
			watcher,
			watcher.onDidCreate(fire),
			watcher.onDidChange(fire),
			watcher.onDidDelete(fire),
			vscode.workspace.onDidGrantWorkspaceTrust(fire),
			vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('flux')) fire(); }),
			vscode.workspace.onDidChangeWorkspaceFolders(fire),
		);
	}

	/** What to show now. */
	async current(): Promise<ViewNotice[]> {
		const notices: ViewNotice[] = [];
		if (!vscode.workspace.isTrusted) {
			notices.push({
				id: 'restricted',
				text: vscode.l10n.t('Restricted Mode: no tools'),
				detail: vscode.l10n.t('This folder is not trusted, so Flux answers without reading, listing or searching its files, and without its instruction and prompt files (AGENTS.md, .github/prompts). Trust the folder to turn them on.'),
				action: 'manageTrust',
			});
		}
		const ignored = await userOnlySettingsSetByWorkspace();
		if (ignored.length) {
			const names = ignored.map((key) => `flux.${key}`).join(', ');
			notices.push({
				id: 'ignoredSettings',
				text: vscode.l10n.t('Ignored workspace settings: {0}', names),
				detail: vscode.l10n.t('This workspace\'s settings set {0}. Flux ignores them: only your user settings decide where your key goes, what the tools may read and how many rounds they may run.', names),
				action: 'openUserSettings',
			});
		}
		return notices.filter((notice) => !this.dismissed.has(notice.id));
	}

	async choose(id: ViewNoticeId, action: ViewNoticeAction | 'dismiss'): Promise<void> {
		switch (action) {
			case 'dismiss':
				this.dismissed.add(id);
				this.changed.fire();
				break;
			case 'manageTrust':
				await vscode.commands.executeCommand('workbench.trust.manage');
				break;
			case 'openUserSettings':
				await vscode.commands.executeCommand('workbench.action.openSettings', '@ext:fluxchat.flux-chat');
				break;
		}
	}

	dispose(): void {
		for (const d of this.disposables.splice(0)) d.dispose();
	}
}
