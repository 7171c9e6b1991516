import { t } from './l10n';
import type { ChatSnapshot, HostMessage, MessageHandlers, ModelChoiceView, WebviewMessage } from '../src/protocol/messages';
import { actionHandlers, dispatchClick } from './actionHandlers';
import { ChatHeader } from './header/chatHeader';
import type { Clock } from './timing/clock';
import { Composer } from './composer/composer';
import { Debounced } from './timing/debounced';
import { button, element, icon } from './element';
import type { FrameScheduler } from './timing/frameScheduler';
import { HistoryPanel } from './history/historyPanel';
import { isKeyOf } from './isKeyOf';
import type { MarkdownRenderer } from './render/markdown';
import { Transcript, type ScrollPlace } from './reply/transcript';
import { ViewNotices } from './header/viewNotices';
import { applyOpenSections, openSections, parseViewState, type ViewState, type ViewStateStore } from './viewState';

export interface ChatAppDeps {
	readonly document: Document;
	/** Where the view goes (the page's `#app`). */
	readonly root: HTMLElement;
	readonly post: (message: WebviewMessage) => void;
	readonly markdown: MarkdownRenderer;
	readonly scheduler: FrameScheduler;
	readonly clock: Clock;
	/** Where scroll position and open sections are kept while the view is hidden. */
	readonly viewState?: ViewStateStore;
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
	/** What the view kept when it was last hidden, until the first snapshot puts it back. */
	private kept: ViewState | undefined;
	/** Saves the view state once scrolling pauses. */
	private readonly saveState: Debounced;

	constructor(private readonly deps: ChatAppDeps) {
		const doc = deps.document;
		this.header = new ChatHeader(doc);
		this.notices = new ViewNotices(doc);
		this.transcript = new Transcript(deps, (beforeTurnId) => deps.post({ type: 'chat/loadEarlier', beforeTurnId }));
		this.composer = new Composer({ ...deps, lastQuestion: () => this.transcript.last?.question });
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
		this.kept = parseViewState(deps.viewState?.load());
		this.saveState = new Debounced(deps.clock, 200, () => this.keepState());
		this.transcript.element.addEventListener('scroll', () => this.saveState.schedule(), { passive: true });
		// `toggle` does not bubble: listen in the capture phase for every Thinking and tool card.
		deps.root.addEventListener('toggle', () => this.saveState.schedule(), true);
		// Escape stops the reply being written, wherever the focus is in the view, unless something
		// closer used it (the `#` list, an edit).
		deps.root.addEventListener('keydown', (event) => {
			const running = this.transcript.inFlight;
			if (event.key !== 'Escape' || event.defaultPrevented || !running) return;
			event.preventDefault();
			deps.post({ type: 'turn/stop', turnId: running.id });
		});
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
			// Read before the turn is added, while the layout is still clean: at the end, the scroll
			// anchor keeps the view there as the turn comes in, and scrolling would force a layout now.
			const atEnd = this.transcript.atEnd;
			if (existing) existing.reply.show(message.turn);
			else this.transcript.add(message.turn);
			this.updateControls();
			// A turn run again in the middle of the conversation stays where the user is reading.
			if (this.transcript.last?.id === message.turn.id && !atEnd) this.transcript.scrollToEnd();
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
		'context/chips': (message) => this.composer.setChips(message.chips),
		'context/instructions': (message) => this.composer.setInstructions(message),
		'context/mentions': (message) => this.composer.showMentions(message),
		'context/focus': () => {
			if (this.history.isOpen) this.showChat();
			this.composer.prefill();
		},
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
		const kept = this.kept;
		this.kept = undefined;
		if (kept && kept.conversationId === snapshot.conversation.id) {
			// Shown again after being hidden: back where the user was, sections as they left them.
			// The view may not have its size yet, and replies draw on the next frames: the position is
			// set again as the layout settles (see restoreScroll).
			applyOpenSections(this.transcript.element, kept.open);
			this.restoreScroll(kept.place);
		} else {
			this.transcript.scrollToEnd();
		}
	}

	/**
	 * Puts the transcript back at `place` now, and again whenever its size or
	 * content changes in the next two seconds, until the user scrolls, clicks or types.
	 */
	private restoreScroll(place: ScrollPlace): void {
		const element = this.transcript.element;
		const restore = () => this.transcript.restoreScroll(place);
		restore();
		const View = this.deps.document.defaultView as (Window & typeof globalThis) | null;
		if (!View?.ResizeObserver) return;
		const observer = new View.ResizeObserver(restore);
		observer.observe(element);
		for (const child of Array.from(element.children)) observer.observe(child);
		const stop = () => {
			observer.disconnect();
			for (const type of ['wheel', 'pointerdown', 'keydown']) element.removeEventListener(type, stop);
		};
		for (const type of ['wheel', 'pointerdown', 'keydown']) element.addEventListener(type, stop, { once: true });
		this.deps.clock.setTimeout(stop, 2000);
	}

	/** Writes where the user is, for the next time the view is shown. */
	private keepState(): void {
		// A view being hidden shrinks to nothing first: its position then says nothing of where the user was.
		if (!this.deps.viewState || !this.conversationId || this.transcript.element.clientHeight === 0) return;
		this.deps.viewState.save({ conversationId: this.conversationId, place: this.transcript.scrollPlace, open: openSections(this.transcript.element) });
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
