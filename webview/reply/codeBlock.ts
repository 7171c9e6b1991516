import { t } from '../l10n';
import { button, element } from '../element';

/**
 * Wraps a rendered code block with a header: its language and the Copy Code, Insert at Cursor
 * and Apply to Editor (a diff preview of the change) buttons. The buttons act on the block's code as it is when clicked (see `codeOf`), so a block
 * still being streamed can be copied too.
 */
export function decorateCodeBlock(pre: HTMLPreElement): void {
	const doc = pre.ownerDocument;
	const language = /(?:^|\s)language-([\w+#.-]+)/.exec(pre.querySelector('code')?.className ?? '')?.[1];
	const wrapper = element(doc, 'div', { className: 'code-block' }, [
		element(doc, 'div', { className: 'code-block-header' }, [
			element(doc, 'span', { className: 'code-block-language', text: language ?? '' }),
			element(doc, 'span', { className: 'code-block-actions' }, [
				button(doc, { label: t('Copy Code'), icon: 'copy', action: 'code/copy', appearance: 'icon' }),
				button(doc, { label: t('Insert at Cursor'), icon: 'insert', action: 'code/insert', appearance: 'icon' }),
				button(doc, { label: t('Apply to Editor'), icon: 'diff', action: 'code/apply', appearance: 'icon' }),
			]),
		]),
	]);
	pre.replaceWith(wrapper);
	wrapper.append(pre);
}

/** The code of the block that `control` (a button in its header) belongs to. */
export function codeOf(control: Element): string | undefined {
	return control.closest('.code-block')?.querySelector('pre')?.textContent ?? undefined;
}
