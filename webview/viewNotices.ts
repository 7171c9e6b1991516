import type { ViewNotice, ViewNoticeAction } from '../src/protocol/messages';
import { button, element, icon } from './element';

const actionLabels: Readonly<Record<ViewNoticeAction, string>> = {
	manageTrust: 'Manage Trust',
	openUserSettings: 'Open User Settings',
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
			element(doc, 'span', { className: 'view-notice-text', text: notice.text }),
			notice.action && button(doc, { label: actionLabels[notice.action], action: 'notice-action', attrs: { 'data-notice-action': notice.action } }),
			button(doc, { label: 'Dismiss', icon: 'close', action: 'notice-action', appearance: 'icon', attrs: { 'data-notice-action': 'dismiss' } }),
		]);
	}
}
