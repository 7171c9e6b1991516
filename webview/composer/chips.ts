import { t } from '../l10n';
import type { ChipsView, ChipView } from '../../src/protocol/messages';
import { element, icon } from '../element';

const kindIcons: Readonly<Record<ChipView['kind'], string>> = { file: 'file', selection: 'file-code', problems: 'warning', editors: 'files' };

/** What a chip says to a screen reader: what it is, its lines, and any cut. */
function chipName(chip: ChipView): string {
	const lines = chip.path !== undefined && chip.startLine !== undefined ? t('{0}, lines {1} to {2}', chip.path, chip.startLine, String(chip.endLine)) : chip.label;
	return chip.note ? `${lines}. ${chip.note}` : lines;
}

/** A chip on a sent question: what went with it, not removable. */
export function sentChip(doc: Document, chip: ChipView): HTMLElement {
	return element(doc, 'span', {
		className: `context-chip${chip.note ? ' chip-cut' : ''}`,
		attrs: { title: chip.note ?? t('Sent with the question'), 'aria-label': t('Attached: {0}', chipName(chip)) },
	}, [icon(doc, kindIcons[chip.kind]), ` ${chip.label}`, chip.note && icon(doc, 'warning', 'chip-note-icon')]);
}

/**
 * The chips above the message box: each added one with × to remove it, and the active editor's
 * chip, dimmed, which a click turns off (struck through) or on again for the next question.
 */
export class ChipBar {
	readonly element: HTMLElement;
	private chips: ChipsView = { added: [], activeOff: false };

	constructor(private readonly doc: Document) {
		this.element = element(doc, 'div', { className: 'chip-bar', hidden: true, attrs: { role: 'list', 'aria-label': t('Attached to the next message') } });
	}

	get current(): ChipsView {
		return this.chips;
	}

	set(chips: ChipsView): void {
		this.chips = chips;
		const doc = this.doc;
		const items = chips.added.map((chip) => element(doc, 'span', {
			className: `attach-chip${chip.note ? ' chip-cut' : ''}`,
			attrs: { role: 'listitem', 'data-chip-id': chip.id, title: chip.note ?? chip.label },
		}, [
			icon(doc, kindIcons[chip.kind]),
			element(doc, 'span', { className: 'chip-label', text: chip.label }),
			chip.note && element(doc, 'span', { className: 'chip-note', text: cutWord(chip.note) }),
			element(doc, 'button', { className: 'chip-remove', action: 'chip-remove', attrs: { 'aria-label': t('Remove {0}', chipName(chip)), title: t('Remove') } }, [icon(doc, 'close')]),
		]));
		const active = chips.active;
		if (active) {
			const state = chips.activeOff ? t('not attached: click to attach it') : t('attached: click to leave it out of this message');
			items.push(element(doc, 'span', { className: `attach-chip chip-active${chips.activeOff ? ' chip-off' : ''}`, attrs: { role: 'listitem', 'data-chip-id': active.id } }, [
				element(doc, 'button', {
					className: 'chip-toggle',
					action: 'chip-toggle-active',
					attrs: { 'aria-pressed': String(!chips.activeOff), 'aria-label': t('Active editor {0}, {1}', chipName(active), state), title: t('Active editor, {0}', state) + (active.note ? `. ${active.note}` : '') },
				}, [icon(doc, chips.activeOff ? 'eye-closed' : 'eye'), element(doc, 'span', { className: 'chip-label', text: active.label })]),
			]));
		}
		this.element.replaceChildren(...items);
		this.element.hidden = items.length === 0;
	}
}

/** The short word on a cut chip; the whole note is its tooltip and accessible name. */
function cutWord(note: string): string {
	return note.startsWith('Left out') ? t('left out') : t('cut');
}
