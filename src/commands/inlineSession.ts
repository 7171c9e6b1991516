import * as vscode from 'vscode';
import { lineHunks, proposedLines, shownLines, splitLines, streamingLines, type Hunk, type HunkDecision, type ShownLine } from '../chat/rewrite/hunks';

export type InlineState = 'streaming' | 'ready' | 'stopped' | 'ended';

/** How the session tells its owner that something changed (CodeLens, decorations, context keys). */
export interface InlineSessionHost {
	changed(session: InlineSession): void;
	ended(session: InlineSession): void;
}

/** Tries of one edit that VS Code refused (no visible editor for a moment, a concurrent edit). */
const editTries = 3;
const editRetryMs = 20;
const settleTries = 20;
const settleMs = 10;
/** How long the news of the session's own edit may lag behind (a loaded web workbench). */
const lagMs = 3000;

/**
 * One rewrite proposal written into the document itself: the original lines stay, marked as
 * removed, and the proposal's lines go below them as they stream, marked as added.
 *
 * The document is only ever `prefix + rendered + suffix`: before each edit the session checks that
 * it still is, so an edit by anyone else (the user typing elsewhere, another extension) is noticed
 * and nothing is written over it. All the session's edits form one undo element (only the first
 * edit has an undo stop before it, only the last one after it): Accept leaves one undo step, and
 * Discard undoes that element, so neither the proposal nor an undo step stays behind.
 */
export class InlineSession {
	state: InlineState = 'streaming';
	/** Why the proposal stopped before it was whole, for the CodeLens and the warning. */
	stopReason?: string;
	readonly abort = new AbortController();
	/** The block's text as it was, byte for byte (line ends included). */
	readonly originalBlock: string;
	private readonly originalLines: string[];
	private readonly eol: string;
	private prefix: string;
	private suffix: string;
	private rendered: string;
	private shown: ShownLine[];
	private proposed: string[] = [];
	private hunkList: Hunk[] = [];
	private decisions: HunkDecision[] = [];
	/** The session's undo element exists (its first edit went through). */
	private edited = false;
	/** Someone else edited the file since: undo would take their edit too, so Discard replaces. */
	private foreign = false;
	/** The session's own edits in flight: their change events are not someone else's. */
	private applying = 0;
	private queue: Promise<unknown> = Promise.resolve();
	/** Every state of the file the session wrote: Discard undoes only through these. */
	private readonly written = new Set<string>();
	private latest: string | undefined;
	private pumping = false;
	/** The file as it was before the session's last edit (still seen while that edit's news lags). */
	private beforeEdit: string | undefined;

	constructor(readonly id: string, private editor: vscode.TextEditor, startLine: number, endLine: number, private readonly host: InlineSessionHost) {
		const document = editor.document;
		const text = document.getText();
		const start = document.offsetAt(new vscode.Position(startLine, 0));
		const end = document.offsetAt(document.lineAt(endLine).range.end);
		this.prefix = text.slice(0, start);
		this.originalBlock = text.slice(start, end);
		this.suffix = text.slice(end);
		this.rendered = this.originalBlock;
		this.eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
		this.originalLines = splitLines(this.originalBlock);
		this.shown = this.originalLines.map((line) => ({ text: line, kind: 'same' }));
	}

	get document(): vscode.TextDocument {
		return this.editor.document;
	}

	/** The hunks of a whole proposal (empty while it streams). */
	get hunks(): readonly Hunk[] {
		return this.hunkList;
	}

	/** The decision on each hunk. */
	get hunkDecisions(): readonly HunkDecision[] {
		return this.decisions;
	}

	/** The lines as shown now, with the document line each starts at. */
	get lines(): readonly ShownLine[] {
		return this.shown;
	}

	/** The document line the block starts at. */
	get startLine(): number {
		return this.document.positionAt(this.prefix.length).line;
	}

	/** The whole file as it was, and as the proposal would make it (for Review in Diff). */
	get originalFile(): string {
		return this.prefix + this.originalBlock + this.suffix;
	}

	get proposedFile(): string {
		return this.prefix + this.proposed.join(this.eol) + this.suffix;
	}

	/** The document is what the session last wrote (nobody else changed it since). */
	matches(): boolean {
		return this.document.getText() === this.prefix + this.rendered + this.suffix;
	}

	/**
	 * `matches`, allowing for the news of the session's own last edit: VS Code resolves an edit
	 * and tells the extension host about the changed text in two messages, so the document may
	 * lag behind for a moment.
	 */
	private async settled(): Promise<boolean> {
		const deadline = Date.now() + lagMs;
		for (let i = 0; !this.matches(); i++) {
			// The text from before the session's own edit: its news has not come yet, wait longer.
			const lagging = this.document.getText() === this.beforeEdit;
			if (i >= settleTries && (!lagging || Date.now() > deadline)) return false;
			await new Promise((resolve) => setTimeout(resolve, settleMs));
		}
		return true;
	}

	/**
	 * Finds the block again, from the text alone, after an edit next to it whose change event came
	 * while the session's own edit was in flight (and so was not read). False when the block
	 * itself is no longer what the session wrote.
	 */
	private relocate(): boolean {
		const text = this.document.getText();
		let start = -1;
		if (text.startsWith(this.prefix) && text.startsWith(this.rendered, this.prefix.length)) start = this.prefix.length;
		else if (text.endsWith(this.suffix) && text.length >= this.suffix.length + this.rendered.length && text.startsWith(this.rendered, text.length - this.suffix.length - this.rendered.length)) start = text.length - this.suffix.length - this.rendered.length;
		if (start < 0) return false;
		this.prefix = text.slice(0, start);
		this.suffix = text.slice(start + this.rendered.length);
		this.foreign = true;
		return true;
	}

	/** The code as far as it has streamed; renders are coalesced, the newest wins. */
	update(code: string): void {
		if (this.state !== 'streaming') return;
		this.latest = code;
		if (this.pumping) return;
		this.pumping = true;
		void this.enqueue(async () => {
			while (this.latest !== undefined && this.state === 'streaming') {
				const next = this.latest;
				this.latest = undefined;
				this.proposed = proposedLines(next);
				if (!await this.render(streamingLines(this.originalLines, this.proposed), false)) return;
			}
		}).finally(() => { this.pumping = false; });
	}

	/**
	 * The whole proposal: shown as hunks to accept or discard. Resolves false when it could not be
	 * shown (the session has ended then, and said why).
	 */
	finish(code: string): Promise<boolean> {
		return this.enqueue(async () => {
			if (this.state !== 'streaming') return false;
			this.latest = undefined;
			this.proposed = proposedLines(code);
			this.hunkList = lineHunks(this.originalLines, this.proposed);
			this.decisions = this.hunkList.map(() => 'pending');
			if (!this.hunkList.length) {
				await this.restore();
				this.end();
				void vscode.window.showInformationMessage(vscode.l10n.t('Flux proposes no change to this code.'));
				return false;
			}
			this.state = 'ready';
			return this.render(shownLines(this.originalLines, this.hunkList, this.decisions), false);
		});
	}

	/** Decides every pending hunk (Accept or Discard of the whole proposal) or one of them. */
	decide(decision: 'accepted' | 'discarded', hunk?: number): Promise<boolean> {
		return this.enqueue(async () => {
			if (this.state !== 'ready') return false;
			this.decisions = this.decisions.map((d, i) => d === 'pending' && (hunk === undefined || hunk === i) ? decision : d);
			const done = this.decisions.every((d) => d !== 'pending');
			// Nothing kept: the same as Discard, which leaves no undo step behind.
			if (done && this.decisions.every((d) => d === 'discarded')) {
				await this.restore();
				this.end();
				return true;
			}
			const shown = await this.render(shownLines(this.originalLines, this.hunkList, this.decisions), done);
			if (done) this.end();
			return shown;
		});
	}

	/** Discard, Escape, an error: the original text back, byte for byte, and the session over. */
	discard(): Promise<void> {
		this.abort.abort();
		return this.enqueue(async () => {
			if (this.state === 'ended') return;
			await this.restore();
			this.end();
		});
	}

	/**
	 * Someone else changed the document. An edit outside the block is taken in (the block moves
	 * with it) and stops a streaming proposal, keeping what streamed; an edit inside the block
	 * leaves the lines as they are and ends the session. An undo back to the original ends it quietly.
	 */
	noticeChange(event: vscode.TextDocumentChangeEvent): void {
		if (this.applying || !event.contentChanges.length || this.state === 'ended') return;
		const text = this.document.getText();
		if (text === this.prefix + this.rendered + this.suffix) return;
		if (text === this.originalFile) {
			this.abort.abort();
			this.end();
			return;
		}
		const blockStart = this.prefix.length;
		const blockEnd = blockStart + this.rendered.length;
		let shift = 0;
		let inside = false;
		// Offsets are the document's before the event; the text check below catches the rest.
		for (const change of event.contentChanges) {
			if (change.rangeOffset + change.rangeLength <= blockStart) shift += change.text.length - change.rangeLength;
			else if (change.rangeOffset < blockEnd) inside = true;
		}
		const start = blockStart + shift;
		if (inside || text.slice(start, start + this.rendered.length) !== this.rendered) {
			this.stop(vscode.l10n.t('the proposed lines were edited'), true);
			return;
		}
		this.prefix = text.slice(0, start);
		this.suffix = text.slice(start + this.rendered.length);
		this.foreign = true;
		if (this.state === 'streaming') this.stop(vscode.l10n.t('the file changed while the proposal streamed'), false);
		else this.host.changed(this);
	}

	/** The proposal stops before it is whole: what streamed stays, Discard puts the original back. */
	stop(reason: string, lost: boolean): void {
		if (this.state === 'ended') return;
		this.abort.abort();
		this.stopReason = reason;
		const file = vscode.workspace.asRelativePath(this.document.uri);
		if (lost) {
			// The block is no longer what the session wrote: it cannot tell its lines apart any more.
			this.end();
			void vscode.window.showWarningMessage(vscode.l10n.t('Flux stopped the rewrite of {0}: {1}. The lines stay as they are; Undo brings back the original.', file, reason));
			return;
		}
		this.state = 'stopped';
		this.host.changed(this);
		void vscode.window.showWarningMessage(vscode.l10n.t('Flux stopped the rewrite of {0}: {1}. What streamed is kept; Discard puts the original code back.', file, reason));
	}

	/** The editor to write through: the one the rewrite began in, else any showing the document. */
	private visibleEditor(): vscode.TextEditor | undefined {
		const visible = vscode.window.visibleTextEditors;
		if (visible.includes(this.editor)) return this.editor;
		const other = visible.find((e) => e.document === this.document);
		if (other) this.editor = other;
		return other;
	}

	/**
	 * Writes `lines` as the block: only from the first line that differs, so the lines above (and
	 * the user's view of them) stay put. False when it could not (the session then ends).
	 */
	private async render(lines: ShownLine[], last: boolean): Promise<boolean> {
		const next = lines.map((l) => l.text).join(this.eol);
		for (let attempt = 1; ; attempt++) {
			if (!await this.settled()) {
				const kept = this.relocate();
				this.stop(kept ? vscode.l10n.t('the file changed while the proposal streamed') : vscode.l10n.t('the proposed lines were edited'), !kept);
				return false;
			}
			if (next === this.rendered && !(last && this.edited)) {
				this.shown = lines;
				this.host.changed(this);
				return true;
			}
			const editor = this.visibleEditor();
			if (editor && await this.write(editor, next, last)) {
				this.shown = lines;
				this.host.changed(this);
				return true;
			}
			if (attempt >= editTries) break;
			await new Promise((resolve) => setTimeout(resolve, editRetryMs));
		}
		await this.restore();
		this.end();
		void vscode.window.showWarningMessage(vscode.l10n.t('Flux could not show the rewrite proposal in the editor, so the original code is back. Try again with the file open.'));
		return false;
	}

	private async write(editor: vscode.TextEditor, next: string, last: boolean): Promise<boolean> {
		const document = editor.document;
		// Cut at a line start: an edit that begins between "\r" and "\n" is not one VS Code can place.
		let same = 0;
		while (same < next.length && same < this.rendered.length && next[same] === this.rendered[same]) same++;
		const cut = Math.max(this.rendered.lastIndexOf(this.eol, same - this.eol.length) + this.eol.length, 0);
		const blockStart = this.prefix.length;
		const range = new vscode.Range(document.positionAt(blockStart + cut), document.positionAt(blockStart + this.rendered.length));
		// A selection that reaches the block's end would grow over every line written there.
		const blockStartPosition = document.positionAt(blockStart);
		editor.selections = editor.selections.map((s) => !s.isEmpty && s.end.isAfterOrEqual(range.start) ? new vscode.Selection(blockStartPosition, blockStartPosition) : s);
		this.beforeEdit = this.prefix + this.rendered + this.suffix;
		this.applying++;
		let done: boolean;
		try {
			done = await editor.edit((edit) => edit.replace(range, next.slice(cut)), { undoStopBefore: !this.edited, undoStopAfter: last });
		} catch {
			done = false;
		} finally {
			this.applying--;
		}
		if (!done) return false;
		this.edited = true;
		this.rendered = next;
		this.written.add(this.prefix + next + this.suffix);
		return this.settled();
	}

	/**
	 * The original block back. Undo when the document is still exactly what the session wrote
	 * and nobody else edited since (no undo step left behind), else one replace edit; either way the
	 * result is checked against the original text.
	 */
	private async restore(): Promise<void> {
		if (!this.edited) return;
		const editor = this.visibleEditor();
		if (editor && !this.foreign && this.matches()) {
			const active = vscode.window.activeTextEditor;
			// `undo` acts on the active editor: make sure that is this document's.
			if (active?.document !== this.document) await vscode.window.showTextDocument(this.document, { viewColumn: editor.viewColumn, preserveFocus: false });
			if (vscode.window.activeTextEditor?.document === this.document) {
				this.applying++;
				try {
					// One undo element normally holds all the session's edits; should VS Code have
					// split it, undo on while the file is one of the session's own states.
					for (let i = 0; i < 20 && this.written.has(this.document.getText()); i++) {
						const before = this.document.version;
						await vscode.commands.executeCommand('undo');
						for (let j = 0; j < settleTries && this.document.version === before; j++) await new Promise((resolve) => setTimeout(resolve, settleMs));
						if (this.document.version === before) break;
					}
				} finally {
					this.applying--;
				}
				if (this.document.getText() === this.originalFile) {
					this.rendered = this.originalBlock;
					return;
				}
			}
		}
		await this.settled();
		const text = this.document.getText();
		// Whatever the block holds now (a part undone, someone's edit inside), as long as the lines
		// around it are still where the session left them.
		if (!text.startsWith(this.prefix) || !text.endsWith(this.suffix) || text.length < this.prefix.length + this.suffix.length) return;
		const start = this.document.positionAt(this.prefix.length);
		const end = this.document.positionAt(text.length - this.suffix.length);
		const edit = new vscode.WorkspaceEdit();
		edit.replace(this.document.uri, new vscode.Range(start, end), this.originalBlock);
		this.applying++;
		try {
			if (await vscode.workspace.applyEdit(edit)) this.rendered = this.originalBlock;
		} finally {
			this.applying--;
		}
	}

	private end(): void {
		if (this.state === 'ended') return;
		this.state = 'ended';
		this.abort.abort();
		this.host.ended(this);
	}

	/** One step at a time: a render never runs beside another, or beside Accept or Discard. */
	private enqueue<T>(step: () => Promise<T>): Promise<T> {
		const run = this.queue.then(step);
		this.queue = run.catch(() => undefined);
		return run;
	}
}
