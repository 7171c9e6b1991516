import { t } from '../l10n';
import type { ErrorAction, ReplyError } from '../../src/protocol/messages';
import { button, element, icon } from '../element';
import { isKeyOf } from '../isKeyOf';

/** A function, so the labels are translated when drawn (after the page's bundle is loaded). */
const actionLabels = (): Readonly<Record<ErrorAction, string>> => ({
	retry: t('Retry'),
	setApiKey: t('Set API Key'),
	useFluxAuto: t('Use flux-auto'),
	unpinAndRetry: t('Unpin and Retry'),
	retryWithFluxAuto: t('Retry with flux-auto'),
	newChat: t('New Chat'),
	pinModel: t('Pin a Model…'),
	openSettings: t('Open Settings'),
	continue: t('Continue'),
});

/** The error action an `error-action` button stands for, if it is one a `ReplyReason` drew. */
export function errorActionOf(control: Element): ErrorAction | undefined {
	const action = control.getAttribute('data-error-action') ?? '';
	return isKeyOf(actionLabels(), action) ? action : undefined;
}

/**
 * Why a reply ended as it did, or why a retry did not replace it: an icon, the message, and its
 * actions as buttons (the first one primary). Hidden while there is no reason.
 */
export class ReplyReason {
	readonly element: HTMLElement;
	private reason: ReplyError | undefined;

	constructor(private readonly doc: Document, className: string) {
		this.element = element(doc, 'div', { className, hidden: true });
	}

	/** The reason's words, while one is shown. */
	get message(): string | undefined {
		return this.reason?.message;
	}

	show(reason: ReplyError | undefined, iconName: 'error' | 'warning'): void {
		this.reason = reason;
		this.element.hidden = !reason;
		if (!reason) return;
		const doc = this.doc;
		this.element.replaceChildren(
			icon(doc, iconName),
			element(doc, 'span', { className: 'reply-error-message', text: reason.message }),
			element(doc, 'span', { className: 'reply-error-actions' }, reason.actions.map((action, index) => button(doc, {
				label: actionLabels()[action],
				action: 'error-action',
				appearance: index === 0 ? 'primary' : 'secondary',
				attrs: { 'data-error-action': action },
			}))),
		);
	}
}
