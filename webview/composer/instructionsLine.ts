import { t } from '../l10n';
import type { InstructionFileView } from '../../src/protocol/messages';
import { element, icon } from '../element';

/**
 * The compact line above the message box naming the instructions the conversation uses: the
 * user's own and the repository's files. Each name opens its file (the host looks the id up).
 * Names are repository text, so they are set as text, never as HTML.
 */
export class InstructionsLine {
	readonly element: HTMLElement;

	constructor(private readonly doc: Document) {
		this.element = element(doc, 'div', { className: 'instructions-line', hidden: true, attrs: { role: 'group', 'aria-label': t('Instructions in use') } });
	}

	set(files: readonly InstructionFileView[]): void {
		const doc = this.doc;
		const names = files.map((file) => {
			const label = file.kind === 'user' ? t('Your instructions') : file.label;
			return element(doc, 'button', {
				className: 'instructions-file',
				action: 'instruction-open',
				attrs: { 'data-instruction-id': file.id, title: t('Open {0}', label), 'aria-label': t('Open {0}', label) },
				text: label,
			});
		});
		this.element.replaceChildren(icon(doc, 'book'), element(doc, 'span', { className: 'instructions-title', text: t('Instructions:') }), ...names);
		this.element.hidden = names.length === 0;
	}
}
