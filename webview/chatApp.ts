import { t } from './l10n';
import type { ChatSnapshot, HostMessage, MessageHandlers, ModelChoiceView, WebviewMessage } from '../src/protocol/messages';
import { actionHandlers, dispatchClick } from './actionHandlers';
import { ChatHeader } from './chatHeader';
import type { Clock } from './clock';
import { Composer } from './composer';
import { button, element, icon } from './element';
import type { FrameScheduler } from './frameScheduler';
import { HistoryPanel } from './historyPanel';
import { isKeyOf } from './isKeyOf';
import type { MarkdownRenderer } from './render/markdown';
import { Transcript } from './transcript';
import { ViewNotices } from './viewNotices';

export interface ChatAppDeps {
	readonly document: Document;
	/** Where the view goes (the page's `#app`). */
	readonly root: HTMLElement;
	readonly post: (message: WebviewMessage) => void;
	readonly markdown: MarkdownRenderer;
	readonly scheduler: FrameScheduler;
	readonly clock: Clock;
}

/**
 * The chat view: renders what the host sends and reports what the user does. It owns no state
 * that matters; a fresh snapshot rebuilds everything.
 */
export class ChatApp {
	private readonly header: ChatHeader;
	private readonly notices: ViewNotices;
	private readonly transcript: Transcript;
	private readonly composer: Composer;
	private readonly history: HistoryPanel;
	private readonly chat: HTMLElement;
	private readonly live: HTMLElement;
	/** Over a conversation another window writes: why it is read-only here, and a way on. */
	private readonly readOnlyNotice: HTMLElement;
	private readOnly = false;
	/** The conversation on screen, so a page meant for another one is ignored. */
	private conversationId = '';
	/** A `view/ready` is out after a missed delta; until the snapshot arrives, more gaps are expected. */
	private resyncing = false;

	constructor(private readonly deps: ChatAppDeps) {
		const doc = deps.document;
		this.header = new ChatHeader(doc);
		this.notices = new ViewNotices(doc);
		this.transcript = new Transcript(deps, (beforeTurnId) => deps.post({ type: 'chat/loadEarlier', beforeTurnId }));
		this.composer = new Composer(deps);
		this.history = new HistoryPanel({ ...deps, onClose: () => this.showChat() });
		this.live = element(doc, 'div', { className: 'visually-hidden', attrs: { 'aria-live': 'polite' } });
		this.readOnlyNotice = element(doc, 'div', { className: 'read-only-notice', hidden: true, attrs: { role: 'status' } }, [
			icon(doc, 'lock'),
			element(doc, 'span', { className: 'read-only-text' }),
			button(doc, { label: t('New Chat'), icon: 'add', action: 'history-new' }),
		]);
		// New Chat lives in the view's title bar (the "Flux: New Chat" command), as in VS Code's own views.
		this.chat = element(doc, 'div', { className: 'chat' }, [this.header.element, this.notices.element, this.transcript.element, this.readOnlyNotice, this.composer.element]);
		deps.root.replaceChildren(this.chat, this.history.element, this.live);
		const actions = actionHandlers({
			post: deps.post,
			composer: this.composer,
			transcript: this.transcript,
			showHistory: () => this.showHistory(),
			showChat: () => this.showChat(),
		});
		deps.root.addEventListener('click', (event) => dispatchClick(event, actions, deps.post));
		this.updateControls();
	}

	/** Tells the host the view is ready for a snapshot. */
	start(): void {
		this.deps.post({ type: 'view/ready' });
	}

	/** Applies a message from the host; one of a type this view does not know is dropped. */
	handle(message: HostMessage): void {
		if (!isKeyOf(this.onHost, message.type)) return;
		// TypeScript cannot tie a union member to the handler its `type` picks, hence the one cast.
		(this.onHost[message.type] as (message: HostMessage) => void)(message);
	}

	/** One handler per host message: a message added to the protocol without one here fails to compile. */
	private readonly onHost: MessageHandlers<HostMessage> = {
		'chat/snapshot': (message) => this.applySnapshot(message),
		'chat/model': (message) => this.setModel(message.model),
		'chat/earlier': (message) => {
			if (message.conversationId === this.conversationId) this.transcript.prepend(message.turns, message.earlierTurns);
			this.updateControls();
		},
		'chat/spend': (message) => this.header.setSpend(message.spend),
		'chat/context': (message) => this.header.setContext(message.context),
		'turn/started': (message) => {
			// Regenerate and Retry start the same turn again: its reply starts over.
			const existing = this.transcript.find(message.turn.id);
			if (existing) existing.reply.show(message.turn);
			else this.transcript.add(message.turn);
			this.updateControls();
			// A turn run again in the middle of the conversation stays where the user is reading.
			if (this.transcript.last?.id === message.turn.id) this.transcript.scrollToEnd();
		},
		'turn/meta': (message) => {
			const entry = this.transcript.find(message.turnId);
			if (entry) entry.reply.applyMeta(message.meta);
			else this.resync();
		},
		'turn/delta': (message) => {
			const entry = this.transcript.find(message.turnId);
			if (!entry || entry.reply.applyDelta(message) === 'gap') this.resync();
		},
		'turn/retrying': (message) => this.transcript.find(message.turnId)?.reply.applyRetrying(message),
		'turn/notice': (message) => this.transcript.find(message.turnId)?.reply.addNotice(message.notice),
		'turn/tool': (message) => this.transcript.find(message.turnId)?.reply.applyTool(message.call),
		'turn/ended': (message) => {
			const entry = this.transcript.find(message.turnId);
			if (!entry) {
				this.resync();
				return;
			}
			entry.reply.show(message);
			this.announce(message.retryFailed ? t('Flux: {0}', message.retryFailed.message) : entry.reply.announcement);
			this.updateControls();
		},
		'turn/changed': (message) => {
			const entry = this.transcript.find(message.turn.id);
			if (!entry) return;
			entry.reply.show(message.turn);
			this.updateControls();
		},
		'history/list': (message) => this.history.setList(message),
		'history/show': () => this.showHistory(),
		'view/notices': (message) => this.notices.set(message.notices),
		'view/setup': (message) => this.transcript.setNeedsKey(message.needsKey),
	};

	private setModel(choice: ModelChoiceView): void {
		this.header.setModel(choice);
		this.composer.setModel(choice.model);
	}

	private showHistory(): void {
		this.chat.hidden = true;
		this.history.open();
	}

	private showChat(): void {
		this.history.close();
		this.chat.hidden = false;
		this.composer.focus();
	}

	private applySnapshot(snapshot: ChatSnapshot): void {
		this.resyncing = false;
		const switched = snapshot.conversation.id !== this.conversationId;
		this.conversationId = snapshot.conversation.id;
		this.transcript.reset(snapshot.turns, snapshot.earlierTurns);
		this.setModel(snapshot.model);
		this.header.setSpend(snapshot.spend);
		this.header.setContext(snapshot.context);
		this.readOnly = snapshot.readOnly !== undefined;
		this.readOnlyNotice.hidden = !this.readOnly;
		this.readOnlyNotice.querySelector('.read-only-text')!.textContent = snapshot.readOnly ?? '';
		if (switched && this.history.isOpen) this.showChat();
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
		const busy = this.transcript.inFlight !== undefined;
		this.composer.setBusy(busy, this.readOnly);
		// Nothing that would change a conversation another window writes is offered.
		for (const entry of turns) {
			const isLast = entry === last && !this.readOnly;
			entry.reply.setLast(isLast, busy || this.readOnly);
			entry.edit.hidden = !isLast || busy;
		}
		if (!last && this.composer.isEditing) this.composer.cancelEdit();
	}

	private announce(text: string): void {
		// A new node each time, so the same words twice are still announced.
		this.live.replaceChildren(this.deps.document.createTextNode(text));
	}
}
