import type { ViewNotice, ViewNoticeAction } from '../src/protocol/messages';
import { button, element, icon } from './element';

/** Short labels (there is little room) and the accessible names that say what they open. */
const actionLabels: Readonly<Record<ViewNoticeAction, { readonly text: string; readonly name: string }>> = {
	manageTrust: { text: 'Manage', name: 'Manage Workspace Trust' },
	openUserSettings: { text: 'Settings', name: 'Open User Settings' },
};

/** The standing one-line notices above the transcript (Restricted Mode, ignored settings). */
export class ViewNotices {
	readonly element: HTMLElement;

	constructor(private readonly doc: Document) {
		this.element = element(doc, 'ul', { className: 'view-notices', hidden: true, attrs: { 'aria-label': 'Notices' } });
	}

	set(notices: readonly ViewNotice[]): void {
		this.element.replaceChildren(...notices.map((notice) => this.item(notice)));
		this.element.hidden = notices.length === 0;
	}

	private item(notice: ViewNotice): HTMLElement {
		const doc = this.doc;
		return element(doc, 'li', { className: 'view-notice', attrs: { 'data-notice-id': notice.id } }, [
			icon(doc, notice.id === 'restricted' ? 'shield' : 'warning'),
			element(doc, 'span', { className: 'view-notice-text', text: notice.text, attrs: { title: notice.detail ?? notice.text } }),
			// A link-like button: a toolkit button would leave the text no room in a narrow sidebar.
			notice.action && element(doc, 'button', { className: 'link-button', text: actionLabels[notice.action].text, attrs: { type: 'button', 'aria-label': actionLabels[notice.action].name, title: actionLabels[notice.action].name, 'data-action': 'notice-action', 'data-notice-action': notice.action } }),
			button(doc, { label: 'Dismiss', icon: 'close', action: 'notice-action', appearance: 'icon', attrs: { 'data-notice-action': 'dismiss' } }),
		]);
	}
}
