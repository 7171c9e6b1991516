import type { ChangesWebviewMessage, CodeAction, HistoryItemAction, TurnRetryWith, WebviewMessage } from '../src/protocol/messages';
import { changedFileOf, changeMessage, changeSetOf } from './reply/changeCard';
import { codeOf } from './reply/codeBlock';
import type { Composer } from './composer/composer';
import { conversationOf } from './history/historyPanel';
import { isKeyOf } from './isKeyOf';
import { errorActionOf } from './reply/replyReason';
import { toolCallOf } from './reply/toolCards';
import type { Transcript } from './reply/transcript';
import type { ViewAction } from './viewActions';
import { noticeChoice } from './header/viewNotices';

/**
 * One handler per `ViewAction`, given the clicked control and its action: an action without a
 * handler, or a handler posting a message the host does not know, fails to compile.
 */
export type ActionHandlers = { readonly [A in ViewAction]: (control: Element, action: A) => void };

/** What the view's controls act on. */
export interface ActionTarget {
	readonly post: (message: WebviewMessage) => void;
	readonly composer: Composer;
	readonly transcript: Transcript;
	showHistory(): void;
	showChat(): void;
}

/** What each control does: most tell the host, a few only change what the view shows. */
export function actionHandlers(app: ActionTarget): ActionHandlers {
	const { post, composer, transcript } = app;
	const retryWith = (control: Element, model: TurnRetryWith['model']) => {
		const entry = transcript.entryOf(control);
		if (entry) post({ type: 'turn/retryWith', turnId: entry.id, model });
	};
	const showVersion = (control: Element, step: -1 | 1) => {
		const entry = transcript.entryOf(control);
		const versions = entry?.reply.versions;
		if (!entry || !versions) return;
		const index = versions.index + step;
		if (index >= 0 && index < versions.count) post({ type: 'turn/showVersion', turnId: entry.id, index });
	};
	const historyItem = (control: Element, type: HistoryItemAction['type']) => {
		const id = conversationOf(control);
		if (id) post({ type, id });
	};
	const change = (control: Element, type: ChangesWebviewMessage['type']) => {
		const entry = transcript.entryOf(control);
		const message = entry && changeMessage(type, entry.id, changeSetOf(control), changedFileOf(control));
		if (message) post(message);
	};
	const code = (control: Element, type: CodeAction['type']) => {
		const text = codeOf(control);
		if (text !== undefined) post({ type, text });
	};
	return {
		'send': () => composer.submit(),
		'stop': () => {
			const running = transcript.inFlight;
			if (running) post({ type: 'turn/stop', turnId: running.id });
		},
		'cancel-edit': () => composer.cancelEdit(),
		'tools/choose': () => post({ type: 'tools/choose' }),
		'chip-remove': (control) => {
			const id = control.closest('[data-chip-id]')?.getAttribute('data-chip-id');
			if (id) post({ type: 'context/remove', id });
		},
		'chip-toggle-active': () => post({ type: 'context/toggleActive' }),
		'suggestion-pick': (control) => composer.pickSuggestion(control),
		'instruction-open': (control) => {
			const id = control.getAttribute('data-instruction-id');
			if (id) post({ type: 'context/openInstruction', id });
		},
		'edit': (control) => {
			const entry = transcript.entryOf(control);
			if (entry) composer.beginEdit(entry.question);
		},
		'copy-reply': (control) => {
			const entry = transcript.entryOf(control);
			if (entry) post({ type: 'code/copy', text: entry.reply.text });
		},
		'regenerate': (control) => {
			const entry = transcript.entryOf(control);
			if (entry) post({ type: 'turn/retry', turnId: entry.id });
		},
		'retry-stronger': (control) => retryWith(control, 'stronger'),
		'retry-faster': (control) => retryWith(control, 'faster'),
		'retry-choose': (control) => retryWith(control, 'choose'),
		'version-previous': (control) => showVersion(control, -1),
		'version-next': (control) => showVersion(control, 1),
		'error-action': (control) => {
			const entry = transcript.entryOf(control);
			const action = errorActionOf(control);
			if (entry && action) post({ type: 'turn/errorAction', turnId: entry.id, action });
		},
		'tool/decide': (control) => {
			const entry = transcript.entryOf(control);
			const callId = toolCallOf(control);
			const choice = control.getAttribute('data-choice');
			if (!entry || !callId || !choice) return;
			// One click answers the card: its buttons go quiet until the host's update replaces them.
			for (const other of control.parentElement?.children ?? []) other.setAttribute('disabled', '');
			post({ type: 'tool/decide', turnId: entry.id, callId, choice });
		},
		'changes/review': change,
		'changes/accept': change,
		'changes/discard': change,
		'changes/undo': change,
		'changes/retry': change,
		'code/copy': code,
		'code/insert': code,
		'code/apply': code,
		'load-earlier': () => transcript.loadEarlier(),
		'setup-setApiKey': () => post({ type: 'view/setupAction', action: 'setApiKey' }),
		'setup-openWalkthrough': () => post({ type: 'view/setupAction', action: 'openWalkthrough' }),
		'pin-choose': () => post({ type: 'chat/pin', action: 'choose' }),
		'pin-clear': () => post({ type: 'chat/pin', action: 'clear' }),
		'history-show': () => app.showHistory(),
		'history-hide': () => app.showChat(),
		'history-new': () => {
			post({ type: 'chat/new' });
			app.showChat();
		},
		'history/open': (control, type) => {
			historyItem(control, type);
			app.showChat();
		},
		'history/rename': historyItem,
		'history/export': historyItem,
		'history/delete': historyItem,
		'notice-action': (control) => {
			const choice = noticeChoice(control);
			if (choice) post(choice);
		},
	};
}

/**
 * The view's one click listener: a link in a reply goes to the host, never navigates the view; a
 * control with a `data-action` that is not disabled runs its handler.
 */
export function dispatchClick(event: Event, handlers: ActionHandlers, post: (message: WebviewMessage) => void): void {
	const target = event.target as Element | null;
	if (!target?.closest) return;
	const link = target.closest('a');
	if (link && link.closest('.markdown')) {
		// Nothing navigates inside the webview; the host decides what opens (http(s) only).
		event.preventDefault();
		const href = link.getAttribute('href');
		if (href && !href.startsWith('#')) post({ type: 'link/open', href });
		return;
	}
	const control = target.closest('[data-action]');
	if (!control || control.hasAttribute('disabled')) return;
	const action = control.getAttribute('data-action') ?? '';
	if (!isKeyOf(handlers, action)) return;
	// TypeScript cannot tie an action to the handler it picks, hence the one cast.
	(handlers[action] as (control: Element, action: ViewAction) => void)(control, action);
}
