import * as vscode from 'vscode';
import { InlineSession } from './inlineSession';

export const inlineScheme = 'flux-inline';
/** True while the active editor shows an inline proposal (Ctrl+Enter and Escape act on it). */
const shownContextKey = 'flux.rewrite.proposalShown';

/** What the CodeLens (and the diff's title bar) pass to Accept and Discard. */
export interface InlineTarget {
	readonly inline: string;
	readonly hunk?: number;
}

export function isInlineTarget(value: unknown): value is InlineTarget {
	return typeof value === 'object' && value !== null && typeof (value as InlineTarget).inline === 'string';
}

/**
 * The inline proposals, one per document at most: their red and green lines, the CodeLens above
 * them, the context key for the keys, Review in Diff, and the end of a proposal when its document
 * is saved or closed (a rewrite never reaches the disk).
 */
export class InlineProposals implements vscode.CodeLensProvider, vscode.TextDocumentContentProvider, vscode.Disposable {
	private readonly sessions = new Map<string, InlineSession>();
	private readonly lensesChanged = new vscode.EventEmitter<void>();
	readonly onDidChangeCodeLenses = this.lensesChanged.event;
	private readonly contentChanged = new vscode.EventEmitter<vscode.Uri>();
	readonly onDidChange = this.contentChanged.event;
	private readonly removed = vscode.window.createTextEditorDecorationType({
		isWholeLine: true,
		backgroundColor: new vscode.ThemeColor('diffEditor.removedLineBackground'),
		overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.deletedForeground'),
		overviewRulerLane: vscode.OverviewRulerLane.Left,
	});
	private readonly added = vscode.window.createTextEditorDecorationType({
		isWholeLine: true,
		backgroundColor: new vscode.ThemeColor('diffEditor.insertedLineBackground'),
		overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.addedForeground'),
		overviewRulerLane: vscode.OverviewRulerLane.Left,
	});
	private readonly subscriptions: vscode.Disposable[] = [];
	private nextId = 1;

	constructor() {
		this.subscriptions.push(
			this.lensesChanged, this.contentChanged, this.removed, this.added,
			vscode.workspace.onDidChangeTextDocument((event) => this.forDocument(event.document)?.noticeChange(event)),
			// Saving writes the original: the proposal is not the user's code until Accept.
			vscode.workspace.onWillSaveTextDocument((event) => {
				const session = this.forDocument(event.document);
				if (session) event.waitUntil(this.discardBeforeSave(session));
			}),
			vscode.workspace.onDidCloseTextDocument((document) => {
				const session = this.forDocument(document);
				if (session) this.ended(session);
			}),
			vscode.window.tabGroups.onDidChangeTabs((event) => {
				for (const tab of event.closed) {
					if (!(tab.input instanceof vscode.TabInputText)) continue;
					const session = [...this.sessions.values()].find((s) => s.document.uri.toString() === (tab.input as vscode.TabInputText).uri.toString());
					const stillOpen = vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === session?.document.uri.toString()));
					if (session && !stillOpen) void session.discard();
				}
			}),
			vscode.window.onDidChangeVisibleTextEditors(() => this.decorateAll()),
			vscode.window.onDidChangeActiveTextEditor(() => this.updateContext()),
		);
	}

	/** Begins a proposal for lines `startLine` to `endLine` of the editor's document. */
	start(editor: vscode.TextEditor, startLine: number, endLine: number): InlineSession {
		const session = new InlineSession(String(this.nextId++), editor, startLine, endLine, {
			changed: (s) => this.changed(s),
			ended: (s) => this.ended(s),
		});
		this.sessions.set(session.id, session);
		this.changed(session);
		return session;
	}

	/** The proposal shown in a document, if any. */
	forDocument(document: vscode.TextDocument): InlineSession | undefined {
		return [...this.sessions.values()].find((s) => s.document === document);
	}

	/** The proposal a command means: the CodeLens's or the diff's, else the active editor's. */
	resolve(arg: unknown): { session: InlineSession; hunk?: number } | undefined {
		if (isInlineTarget(arg)) {
			const session = this.sessions.get(arg.inline);
			return session ? { session, ...(arg.hunk !== undefined ? { hunk: arg.hunk } : {}) } : undefined;
		}
		if (arg instanceof vscode.Uri && arg.scheme === inlineScheme) {
			const session = this.sessions.get(arg.query.split(':')[0]);
			return session ? { session } : undefined;
		}
		const document = vscode.window.activeTextEditor?.document;
		const session = document && this.forDocument(document);
		return session ? { session } : undefined;
	}

	/** Accept (all pending hunks, or one); a proposal still streaming cannot be accepted yet. */
	async accept(arg: unknown): Promise<boolean> {
		const target = this.resolve(arg);
		if (!target) return false;
		const { session, hunk } = target;
		if (session.state === 'streaming') {
			void vscode.window.showInformationMessage(vscode.l10n.t('Flux is still writing the proposal: Accept once it is complete, or Discard it.'));
			return true;
		}
		if (session.state === 'stopped') {
			void vscode.window.showInformationMessage(vscode.l10n.t('Flux stopped before the proposal was complete, so it cannot be accepted: Discard puts the original code back.'));
			return true;
		}
		await this.closeDiffs(session);
		return session.decide('accepted', hunk);
	}

	/** Discard (the whole proposal, or one hunk of a complete one). */
	async discard(arg: unknown): Promise<boolean> {
		const target = this.resolve(arg);
		if (!target) return false;
		const { session, hunk } = target;
		await this.closeDiffs(session);
		if (hunk !== undefined && session.state === 'ready') await session.decide('discarded', hunk);
		else await session.discard();
		return true;
	}

	/** The whole file before and after, side by side. */
	async review(arg: unknown): Promise<void> {
		const target = this.resolve(arg);
		if (!target || target.session.state !== 'ready') return;
		const { session } = target;
		const uri = (side: string) => vscode.Uri.from({ scheme: inlineScheme, path: session.document.uri.path, query: `${session.id}:${side}` });
		const name = session.document.uri.path.split('/').pop() ?? '';
		await vscode.commands.executeCommand('vscode.diff', uri('original'), uri('proposed'), vscode.l10n.t('{0} ↔ Flux proposal', name), { preview: true });
	}

	provideTextDocumentContent(uri: vscode.Uri): string {
		const [id, side] = uri.query.split(':');
		const session = this.sessions.get(id);
		if (!session) return '';
		return side === 'original' ? session.originalFile : session.proposedFile;
	}

	provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
		const session = this.forDocument(document);
		if (!session) return [];
		const top = new vscode.Range(session.startLine, 0, session.startLine, 0);
		const lens = (title: string, command: string, args?: unknown, range = top) =>
			new vscode.CodeLens(range, { title, command, ...(args !== undefined ? { arguments: [args] } : {}) });
		const target: InlineTarget = { inline: session.id };
		const discard = lens(vscode.l10n.t('Discard ({0})', 'Escape'), 'flux.discardRewrite', target);
		if (session.state === 'streaming') return [lens(vscode.l10n.t('$(loading~spin) Flux is rewriting…'), ''), discard];
		if (session.state === 'stopped') return [lens(vscode.l10n.t('Flux stopped: {0}', session.stopReason ?? ''), ''), discard];
		const lenses = [
			lens(vscode.l10n.t('Accept ({0})', process.platform === 'darwin' ? '⌘Enter' : 'Ctrl+Enter'), 'flux.acceptRewrite', target),
			discard,
			lens(vscode.l10n.t('Review in Diff'), 'flux.reviewRewrite', target),
		];
		const pending = session.hunkDecisions.flatMap((d, i) => d === 'pending' ? [i] : []);
		if (pending.length > 1) {
			for (const hunk of pending) {
				const line = session.startLine + session.lines.findIndex((l) => l.hunk === hunk);
				const range = new vscode.Range(line, 0, line, 0);
				lenses.push(
					lens(vscode.l10n.t('Accept Change'), 'flux.acceptRewrite', { inline: session.id, hunk }, range),
					lens(vscode.l10n.t('Discard Change'), 'flux.discardRewrite', { inline: session.id, hunk }, range),
				);
			}
		}
		return lenses;
	}

	private changed(session: InlineSession): void {
		this.decorate(session);
		this.lensesChanged.fire();
		this.updateContext();
	}

	private ended(session: InlineSession): void {
		this.sessions.delete(session.id);
		for (const editor of vscode.window.visibleTextEditors.filter((e) => e.document === session.document)) {
			editor.setDecorations(this.removed, []);
			editor.setDecorations(this.added, []);
		}
		void this.closeDiffs(session);
		this.lensesChanged.fire();
		this.updateContext();
	}

	private decorateAll(): void {
		for (const session of this.sessions.values()) this.decorate(session);
	}

	private decorate(session: InlineSession): void {
		const start = session.startLine;
		const ranges = (kind: 'removed' | 'added') => session.lines.flatMap((line, i) => line.kind === kind ? [new vscode.Range(start + i, 0, start + i, 0)] : []);
		const removed = ranges('removed');
		const added = ranges('added');
		for (const editor of vscode.window.visibleTextEditors.filter((e) => e.document === session.document)) {
			editor.setDecorations(this.removed, removed);
			editor.setDecorations(this.added, added);
		}
	}

	private updateContext(): void {
		const document = vscode.window.activeTextEditor?.document;
		void vscode.commands.executeCommand('setContext', shownContextKey, !!document && !!this.forDocument(document));
	}

	private async discardBeforeSave(session: InlineSession): Promise<vscode.TextEdit[]> {
		await session.discard();
		void vscode.window.showInformationMessage(vscode.l10n.t('Flux discarded the rewrite proposal, so the file was saved without it.'));
		return [];
	}

	private async closeDiffs(session: InlineSession): Promise<void> {
		const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((tab) =>
			tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.scheme === inlineScheme && tab.input.modified.query.startsWith(`${session.id}:`));
		if (tabs.length) await vscode.window.tabGroups.close(tabs);
	}

	dispose(): void {
		for (const session of this.sessions.values()) void session.discard();
		for (const subscription of this.subscriptions) subscription.dispose();
	}
}
