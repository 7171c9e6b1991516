import { t } from '../l10n';
import type { ReplyVersionsView } from '../../src/protocol/messages';
import { button, element } from '../element';

/**
 * The `< 2/3 >` pager of a turn that has several replies; its buttons ask the host for the
 * neighbouring version (`version-previous`, `version-next`). Whoever holds it decides when it shows.
 */
export class VersionsPager {
	readonly element: HTMLElement;
	private readonly text: HTMLElement;
	private readonly previous: HTMLElement;
	private readonly next: HTMLElement;
	private shown: ReplyVersionsView | undefined;

	constructor(doc: Document) {
		this.text = element(doc, 'span', { className: 'reply-versions-text' });
		this.previous = button(doc, { label: t('Previous version'), icon: 'chevron-left', action: 'version-previous', appearance: 'icon' });
		this.next = button(doc, { label: t('Next version'), icon: 'chevron-right', action: 'version-next', appearance: 'icon' });
		this.element = element(doc, 'span', { className: 'reply-versions', hidden: true, attrs: { role: 'group', 'aria-label': t('Versions of this reply') } }, [
			this.previous,
			this.text,
			this.next,
		]);
	}

	/** The version shown and where it is among them, when there are several. */
	get versions(): ReplyVersionsView | undefined {
		return this.shown;
	}

	set(versions: ReplyVersionsView | undefined): void {
		this.shown = versions && versions.count > 1 ? versions : undefined;
		if (!this.shown) return;
		const { index, count } = this.shown;
		this.text.textContent = `${index + 1}/${count}`;
		this.text.setAttribute('aria-label', t('Version {0} of {1}', index + 1, count));
		this.previous.toggleAttribute('disabled', index === 0);
		this.next.toggleAttribute('disabled', index === count - 1);
	}
}
