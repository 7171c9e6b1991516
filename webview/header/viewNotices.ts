import { t } from '../l10n';
import type { ViewNotice, ViewNoticeAction, ViewNoticeChosen, ViewNoticeId } from '../../src/protocol/messages';
import { button, element, icon } from '../element';
import { isKeyOf } from '../isKeyOf';

/** Short labels (there is little room) and the accessible names that say what they open (a function: translated when drawn). */
const actionLabels = (): Readonly<Record<ViewNoticeAction, { readonly text: string; readonly name: string }>> => ({
	manageTrust: { text: t('Manage'), name: t('Manage Workspace Trust') },
	openUserSettings: { text: t('Settings'), name: t('Open User Settings') },
});

const noticeIcons: Readonly<Record<ViewNoticeId, string>> = {
	restricted: 'shield',
	ignoredSettings: 'warning',
};

/** What a notice's button (`notice-action`) asks of the host, read back from what `ViewNotices` drew. */
export function noticeChoice(control: Element): ViewNoticeChosen | undefined {
	const id = control.closest('[data-notice-id]')?.getAttribute('data-notice-id') ?? '';
	const action = control.getAttribute('data-notice-action') ?? '';
	if (!isKeyOf(noticeIcons, id) || !(isKeyOf(actionLabels(), action) || action === 'dismiss')) return undefined;
	return { type: 'view/noticeAction', id, action };
}

/** The standing one-line notices above the transcript (Restricted Mode, ignored settings). */
export class ViewNotices {
	readonly element: HTMLElement;

	constructor(private readonly doc: Document) {
		this.element = element(doc, 'ul', { className: 'view-notices', hidden: true, attrs: { 'aria-label': t('Notices') } });
	}

	set(notices: readonly ViewNotice[]): void {
		this.element.replaceChildren(...notices.map((notice) => this.item(notice)));
		this.element.hidden = notices.length === 0;
	}

	private item(notice: ViewNotice): HTMLElement {
		const doc = this.doc;
		return element(doc, 'li', { className: 'view-notice', attrs: { 'data-notice-id': notice.id } }, [
			icon(doc, noticeIcons[notice.id]),
			element(doc, 'span', { className: 'view-notice-text', text: notice.text, attrs: { title: notice.detail ?? notice.text } }),
			// A link-like button: a toolkit button would leave the text no room in a narrow sidebar.
			notice.action && element(doc, 'button', { className: 'link-button', text: actionLabels()[notice.action].text, action: 'notice-action', attrs: { type: 'button', 'aria-label': actionLabels()[notice.action].name, title: actionLabels()[notice.action].name, 'data-notice-action': notice.action } }),
			button(doc, { label: t('Dismiss'), icon: 'close', action: 'notice-action', appearance: 'icon', attrs: { 'data-notice-action': 'dismiss' } }),
		]);
	}
}
