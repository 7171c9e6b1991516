import type { ChatSnapshot, ErrorAction, HostMessage, MessageHandlers, ModelChoiceView, ViewNoticeAction, ViewNoticeId, WebviewMessage } from '../src/protocol/messages';
import { ChatHeader } from './chatHeader';
import { codeOf } from './codeBlock';
import { Composer } from './composer';
import { button, element, icon } from './element';
import { HistoryPanel } from './historyPanel';
import type { FrameScheduler } from './frameScheduler';
import type { MarkdownRenderer } from './render/markdown';
import type { Clock } from './replyView';
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

const errorActions: ReadonlySet<string> = new Set<ErrorAction>(['retry', 'setApiKey', 'useFluxAuto', 'openSettings']);
const noticeIds: ReadonlySet<string> = new Set<ViewNoticeId>(['restricted', 'ignoredSettings']);
const noticeActions: ReadonlySet<string> = new Set<ViewNoticeAction | 'dismiss'>(['manageTrust', 'openUserSettings', 'dismiss']);

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
			button(doc, { label: 'New Chat', icon: 'add', action: 'history-new' }),
		]);
		// New Chat lives in the view's title bar (the "Flux: New Chat" command), as in VS Code's own views.
		this.chat = element(doc, 'div', { className: 'chat' }, [this.header.element, this.notices.element, this.transcript.element, this.readOnlyNotice, this.composer.element]);
		deps.root.replaceChildren(this.chat, this.history.element, this.live);
		deps.root.addEventListener('click', (event) => this.onClick(event));
		this.updateControls();
	}

	/** Tells the host the view is ready for a snapshot. */
	start(): void {
		this.deps.post({ type: 'view/ready' });
	}

	/** Applies a message from the host; one of a type this view does not know is dropped. */
	handle(message: HostMessage): void {
		if (!Object.hasOwn(this.onHost, message.type)) return;
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
			this.announce(message.retryFailed ? `Flux: ${message.retryFailed.message}` : entry.reply.announcement);
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
				const running = this.transcript.inFlight;
				if (running) this.deps.post({ type: 'turn/stop', turnId: running.id });
				break;
			}
			case 'regenerate':
				if (entry) this.deps.post({ type: 'turn/retry', turnId: entry.id });
				break;
			case 'retry-stronger':
			case 'retry-faster':
			case 'retry-choose':
				if (entry) this.deps.post({ type: 'turn/retryWith', turnId: entry.id, model: ({ 'retry-stronger': 'stronger', 'retry-faster': 'faster', 'retry-choose': 'choose' } as const)[control.getAttribute('data-action') as 'retry-stronger'] });
				break;
			case 'version-previous':
			case 'version-next': {
				const versions = entry?.reply.versions;
				if (!entry || !versions) break;
				const index = versions.index + (control.getAttribute('data-action') === 'version-next' ? 1 : -1);
				if (index >= 0 && index < versions.count) this.deps.post({ type: 'turn/showVersion', turnId: entry.id, index });
				break;
			}
			case 'load-earlier':
				this.transcript.loadEarlier();
				break;
			case 'pin-choose':
				this.deps.post({ type: 'chat/pin', action: 'choose' });
				break;
			case 'pin-clear':
				this.deps.post({ type: 'chat/pin', action: 'clear' });
				break;
			case 'history-open':
				this.showHistory();
				break;
			case 'history-close':
				this.showChat();
				break;
			case 'history-new':
				this.deps.post({ type: 'chat/new' });
				this.showChat();
				break;
			case 'history-item-open':
			case 'history-item-rename':
			case 'history-item-export':
			case 'history-item-delete': {
				const id = control.closest('[data-conversation-id]')?.getAttribute('data-conversation-id');
				const type = ({ 'history-item-open': 'history/open', 'history-item-rename': 'history/rename', 'history-item-export': 'history/export', 'history-item-delete': 'history/delete' } as const)[control.getAttribute('data-action') as 'history-item-open'];
				if (id) this.deps.post({ type, id });
				if (type === 'history/open') this.showChat();
				break;
			}
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
			case 'notice-action': {
				const id = control.closest('[data-notice-id]')?.getAttribute('data-notice-id') ?? '';
				const action = control.getAttribute('data-notice-action') ?? '';
				if (noticeIds.has(id) && noticeActions.has(action)) this.deps.post({ type: 'view/noticeAction', id: id as ViewNoticeId, action: action as ViewNoticeAction | 'dismiss' });
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
