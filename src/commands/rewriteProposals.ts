import * as vscode from 'vscode';

export const proposalScheme = 'flux-proposal';

/** A proposed replacement for a range of a document, waiting for Accept or Discard. */
export interface Proposal {
	readonly id: string;
	readonly document: vscode.TextDocument;
	/** The document version the proposal was made for: Accept refuses if it changed since. */
	readonly version: number;
	readonly range: vscode.Range;
	readonly replacement: string;
	/** Runs the same request again (offered when the document changed meanwhile). */
	readonly rerun: () => Thenable<unknown>;
}

/**
 * Holds proposals and serves each as a read-only document (the whole file with the replacement
 * applied), shown in a diff against the live file.
 */
export class RewriteProposals implements vscode.TextDocumentContentProvider, vscode.Disposable {
	private readonly proposals = new Map<string, Proposal>();
	private readonly changed = new vscode.EventEmitter<vscode.Uri>();
	readonly onDidChange = this.changed.event;
	private nextId = 1;

	provideTextDocumentContent(uri: vscode.Uri): string {
		const proposal = this.proposals.get(uri.query);
		if (!proposal) return '';
		const text = proposal.document.getText();
		const start = proposal.document.offsetAt(proposal.range.start);
		const end = proposal.document.offsetAt(proposal.range.end);
		return text.slice(0, start) + proposal.replacement + text.slice(end);
	}

	/** Opens the diff of the file against the proposal, with Accept and Discard in its title bar. */
	async show(proposal: Omit<Proposal, 'id'>, title: string): Promise<Proposal> {
		const id = String(this.nextId++);
		const stored = { ...proposal, id };
		this.proposals.set(id, stored);
		const uri = this.uriOf(stored);
		this.changed.fire(uri);
		await vscode.commands.executeCommand('vscode.diff', proposal.document.uri, uri, title, { preview: true });
		return stored;
	}

	/** The proposal shown in the active editor, or the newest one. */
	current(uri?: vscode.Uri): Proposal | undefined {
		const active = uri ?? vscode.window.activeTextEditor?.document.uri;
		if (active?.scheme === proposalScheme) return this.proposals.get(active.query);
		return [...this.proposals.values()].at(-1);
	}

	/** Applies a proposal as one edit (one undo), if its document has not changed since. */
	async accept(proposal: Proposal): Promise<boolean> {
		if (proposal.document.version !== proposal.version) {
			await this.discard(proposal);
			const runAgain = vscode.l10n.t('Run Again');
			void vscode.window.showWarningMessage(
				vscode.l10n.t('Flux: {0} changed after the rewrite was proposed, so it was not applied.', vscode.workspace.asRelativePath(proposal.document.uri)),
				runAgain,
			).then((choice) => choice === runAgain ? proposal.rerun() : undefined);
			return false;
		}
		const edit = new vscode.WorkspaceEdit();
		edit.replace(proposal.document.uri, proposal.range, proposal.replacement);
		const applied = await vscode.workspace.applyEdit(edit);
		await this.discard(proposal);
		return applied;
	}

	/** Forgets a proposal and closes its diff. */
	async discard(proposal: Proposal): Promise<void> {
		this.proposals.delete(proposal.id);
		const uri = this.uriOf(proposal).toString();
		const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((tab) =>
			tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.toString() === uri);
		if (tabs.length) await vscode.window.tabGroups.close(tabs);
	}

	private uriOf(proposal: Proposal): vscode.Uri {
		return vscode.Uri.from({ scheme: proposalScheme, path: proposal.document.uri.path, query: proposal.id });
	}

	dispose(): void {
		this.changed.dispose();
		this.proposals.clear();
	}
}
