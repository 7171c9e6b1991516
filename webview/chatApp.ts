import type { ChatSnapshot, ErrorAction, HostMessage, WebviewMessage } from '../src/protocol/messages';
import { codeOf } from './codeBlock';
import { Composer } from './composer';
import { element } from './element';
import type { FrameScheduler } from './frameScheduler';
import type { MarkdownRenderer } from './render/markdown';
import type { Clock } from './replyView';
import { Transcript } from './transcript';

export interface ChatAppDeps {
	readonly document: Document;
	/** Where the view goes (the page's `#app`). */
	readonly root: HTMLElement;
	readonly post: (message: WebviewMessage) => void;
	readonly markdown: MarkdownRenderer;
	readonly scheduler: FrameScheduler;
	readonly clock: Clock;
}

const errorActions: ReadonlySet<string> = new Set<ErrorAction>(['retry', 'setApiKey', 'useFluxAuto', 'openSettings']);

/**
 * The chat view: renders what the host sends and reports what the user does. It owns no state
 * that matters; a fresh snapshot rebuilds everything.
 */
export class ChatApp {
	private readonly transcript: Transcript;
	private readonly composer: Composer;
	private readonly live: HTMLElement;
	/** A `view/ready` is out after a missed delta; until the snapshot arrives, more gaps are expected. */
	private resyncing = false;

	constructor(private readonly deps: ChatAppDeps) {
		const doc = deps.document;
		this.transcript = new Transcript(deps);
		this.composer = new Composer(deps);
		this.live = element(doc, 'div', { className: 'visually-hidden', attrs: { 'aria-live': 'polite' } });
		// New Chat lives in the view's title bar (the "Flux: New Chat" command), as in VS Code's own views.
		deps.root.replaceChildren(this.transcript.element, this.composer.element, this.live);
		deps.root.addEventListener('click', (event) => this.onClick(event));
		this.updateControls();
	}

	/** Tells the host the view is ready for a snapshot. */
	start(): void {
		this.deps.post({ type: 'view/ready' });
	}

	handle(message: HostMessage): void {
		switch (message.type) {
			case 'chat/snapshot':
				this.applySnapshot(message);
				break;
			case 'turn/started': {
				// Regenerate and Retry start the same turn again: its reply starts over.
				const existing = this.transcript.find(message.turn.id);
				if (existing) existing.reply.replaceWith(message.turn.reply);
				else this.transcript.add(message.turn);
				this.updateControls();
				this.transcript.scrollToEnd();
				break;
			}
			case 'turn/tool':
				this.transcript.find(message.turnId)?.reply.applyTool(message.call);
				break;
			case 'turn/notice':
				this.transcript.find(message.turnId)?.reply.addNotice(message.notice);
				break;
			case 'turn/meta': {
				const entry = this.transcript.find(message.turnId);
				if (entry) entry.reply.applyMeta(message.meta);
				else this.resync();
				break;
			}
			case 'turn/delta': {
				const entry = this.transcript.find(message.turnId);
				if (!entry || entry.reply.applyDelta(message) === 'gap') this.resync();
				break;
			}
			case 'turn/retrying':
				this.transcript.find(message.turnId)?.reply.applyRetrying(message);
				break;
			case 'turn/ended': {
				const entry = this.transcript.find(message.turnId);
				if (!entry) {
					this.resync();
					break;
				}
				entry.reply.replaceWith(message.reply);
				this.announce(entry.reply.announcement);
				this.updateControls();
				break;
			}
			case 'chat/model':
				this.composer.setModel(message.model);
				break;
		}
	}

	private applySnapshot(snapshot: ChatSnapshot): void {
		this.resyncing = false;
		this.transcript.reset(snapshot.turns);
		this.composer.setModel(snapshot.model);
		// The saved draft fills an empty composer; it never overwrites what the user is typing
		// (they may start before the first snapshot arrives, or while a resync is under way).
		if (!this.composer.text && !this.composer.isEditing) this.composer.setDraft(snapshot.draft);
		this.updateControls();
		this.transcript.scrollToEnd();
	}

	/** Something was missed: ask for a fresh snapshot, once. */
	private resync(): void {
		if (this.resyncing) return;
		this.resyncing = true;
		this.deps.post({ type: 'view/ready' });
	}

	/** Send/Stop follow the last reply; Regenerate and Edit are offered on the last turn only. */
	private updateControls(): void {
		const turns = this.transcript.all;
		const last = turns[turns.length - 1];
		const busy = !!last?.reply.inFlight;
		this.composer.setBusy(busy);
		for (const entry of turns) {
			const isLast = entry === last;
			entry.reply.setLast(isLast);
			entry.edit.hidden = !isLast || busy;
		}
		if (!last && this.composer.isEditing) this.composer.cancelEdit();
	}

	private announce(text: string): void {
		// A new node each time, so the same words twice are still announced.
		this.live.replaceChildren(this.deps.document.createTextNode(text));
	}

	private onClick(event: Event): void {
		const target = event.target as Element | null;
		if (!target?.closest) return;
		const link = target.closest('a');
		if (link && link.closest('.markdown')) {
			// Nothing navigates inside the webview; the host decides what opens (http(s) only).
			event.preventDefault();
			const href = link.getAttribute('href');
			if (href && !href.startsWith('#')) this.deps.post({ type: 'link/open', href });
			return;
		}
		const control = target.closest('[data-action]');
		if (!control || control.hasAttribute('disabled')) return;
		const turnId = control.closest('[data-turn-id]')?.getAttribute('data-turn-id') ?? undefined;
		const entry = turnId === undefined ? undefined : this.transcript.find(turnId);
		switch (control.getAttribute('data-action')) {
			case 'send':
				this.composer.submit();
				break;
			case 'stop': {
				const last = this.transcript.last;
				if (last?.reply.inFlight) this.deps.post({ type: 'turn/stop', turnId: last.id });
				break;
			}
			case 'regenerate':
				if (entry) this.deps.post({ type: 'turn/retry', turnId: entry.id });
				break;
			case 'edit':
				if (entry) this.composer.beginEdit(entry.question);
				break;
			case 'cancel-edit':
				this.composer.cancelEdit();
				break;
			case 'copy-reply':
				if (entry) this.deps.post({ type: 'code/copy', text: entry.reply.text });
				break;
			case 'copy-code':
			case 'insert-code':
			case 'apply-code': {
				const code = codeOf(control);
				const type = ({ 'copy-code': 'code/copy', 'insert-code': 'code/insert', 'apply-code': 'code/apply' } as const)[control.getAttribute('data-action') as 'copy-code'];
				if (code !== undefined) this.deps.post({ type, text: code });
				break;
			}
			case 'error-action': {
				const action = control.getAttribute('data-error-action') ?? '';
				if (entry && errorActions.has(action)) this.deps.post({ type: 'turn/errorAction', turnId: entry.id, action: action as ErrorAction });
				break;
			}
		}
	}
}
