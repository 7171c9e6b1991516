import { t } from '../l10n';
import { element } from '../element';

/** One row of the list under the message box. */
export interface Suggestion {
	readonly label: string;
	readonly detail: string;
}

/**
 * The list the message box opens under the caret for `#` and `/`: arrow keys move, Enter or Tab
 * picks, Escape closes (the composer routes those keys here while it is open). A listbox with
 * the active row named by `aria-activedescendant`, as VS Code's own suggest widget does.
 */
export class SuggestionList {
	readonly element: HTMLElement;
	private items: readonly Suggestion[] = [];
	private active = 0;

	constructor(private readonly doc: Document, private readonly onPick: (index: number) => void) {
		this.element = element(doc, 'div', { className: 'suggestions', hidden: true, attrs: { role: 'listbox', id: 'flux-suggestions', 'aria-label': t('Suggestions') } });
	}

	get isOpen(): boolean {
		return !this.element.hidden;
	}

	show(items: readonly Suggestion[]): void {
		this.items = items;
		this.active = 0;
		if (items.length === 0) return this.close();
		this.element.replaceChildren(...items.map((item, index) => element(this.doc, 'div', {
			className: 'suggestion',
			action: 'suggestion-pick',
			attrs: { role: 'option', id: `flux-suggestion-${index}`, 'data-index': String(index) },
		}, [element(this.doc, 'span', { className: 'suggestion-label', text: item.label }), element(this.doc, 'span', { className: 'suggestion-detail', text: item.detail })])));
		this.element.hidden = false;
		this.highlight();
	}

	close(): void {
		this.element.hidden = true;
		this.element.replaceChildren();
		this.items = [];
	}

	/** Handles a key while open; true when it was the list's. */
	handleKey(event: KeyboardEvent): boolean {
		if (!this.isOpen) return false;
		switch (event.key) {
			case 'ArrowDown': this.move(1); break;
			case 'ArrowUp': this.move(-1); break;
			case 'Enter':
			case 'Tab':
				if (event.shiftKey) return false;
				this.onPick(this.active);
				break;
			case 'Escape': this.close(); break;
			default: return false;
		}
		event.preventDefault();
		event.stopPropagation();
		return true;
	}

	/** The row a click landed on. */
	pickElement(control: Element): void {
		const index = Number(control.getAttribute('data-index'));
		if (Number.isInteger(index) && index >= 0 && index < this.items.length) this.onPick(index);
	}

	/** The id of the highlighted row, for the message box's `aria-activedescendant`. */
	get activeId(): string | undefined {
		return this.isOpen ? `flux-suggestion-${this.active}` : undefined;
	}

	private move(step: number): void {
		this.active = (this.active + step + this.items.length) % this.items.length;
		this.highlight();
	}

	private highlight(): void {
		this.element.querySelectorAll('.suggestion').forEach((row, index) => {
			row.classList.toggle('active', index === this.active);
			row.setAttribute('aria-selected', String(index === this.active));
			if (index === this.active) (row as HTMLElement).scrollIntoView?.({ block: 'nearest' });
		});
	}
}
