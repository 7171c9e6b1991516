import { t } from '../l10n';
import type { ChangeSetView, ChangesWebviewMessage, FileChangeStatus, FileChangeView } from '../../src/protocol/messages';
import { button, element, icon } from '../element';

const statusText = (): Readonly<Record<Exclude<FileChangeStatus, 'pending'>, string>> => ({
	accepted: t('Accepted'),
	discarded: t('Discarded'),
	stale: t('Not applied'),
	undone: t('Undone'),
});

/**
 * The change card at the end of a reply: the files the model proposed to change, each with its
 * added and removed lines and where it stands, and Review, Accept and Discard for all pending
 * changes (each file has its own). Nothing is written until the host hears Accept.
 */
export class ChangeCard {
	readonly element: HTMLElement;

	constructor(private readonly doc: Document) {
		this.element = element(doc, 'section', { className: 'change-card', hidden: true, attrs: { 'aria-label': t('Proposed changes') } });
	}

	show(changes: ChangeSetView | undefined): void {
		const doc = this.doc;
		this.element.hidden = !changes?.files.length;
		if (!changes?.files.length) {
			this.element.replaceChildren();
			return;
		}
		const pending = changes.files.filter((f) => f.status === 'pending').length;
		const count = changes.files.length === 1 ? t('1 file') : t('{0} files', changes.files.length);
		const state = pending === changes.files.length ? t('not written yet') : t('{0} pending', pending);
		const title = pending ? t('Proposed changes · {0}, {1}', count, state) : t('Proposed changes · {0}', count);
		this.element.replaceChildren(
			element(doc, 'div', { className: 'change-card-title' }, [icon(doc, 'diff'), element(doc, 'span', { text: title })]),
			element(doc, 'ul', { className: 'change-files' }, changes.files.map((file) => fileRow(doc, file))),
			element(doc, 'div', { className: 'change-actions' }, [
				button(doc, { label: t('Review'), icon: 'diff', action: 'changes/review', hidden: pending === 0 }),
				button(doc, { label: t('Accept'), icon: 'check', action: 'changes/accept', appearance: 'primary', hidden: pending === 0 }),
				button(doc, { label: t('Discard'), icon: 'discard', action: 'changes/discard', hidden: pending === 0 }),
				button(doc, { label: t('Undo'), icon: 'reply', action: 'changes/undo', hidden: !changes.undoable }),
			]),
		);
	}
}

/** The file a control of the card acts on (none: the whole card). */
export function changedFileOf(control: Element): string | undefined {
	return control.closest('[data-change-path]')?.getAttribute('data-change-path') ?? undefined;
}

/** What a click on one of the card's controls asks of the host. */
export function changeMessage(type: ChangesWebviewMessage['type'], turnId: string, path: string | undefined): ChangesWebviewMessage | undefined {
	if (type === 'changes/retry') return path ? { type, turnId, path } : undefined;
	if (type === 'changes/undo') return { type, turnId };
	return { type, turnId, ...(path ? { path } : {}) };
}

function fileRow(doc: Document, file: FileChangeView): HTMLElement {
	const pending = file.status === 'pending';
	return element(doc, 'li', { className: `change-file change-${file.status}`, attrs: { 'data-change-path': file.path } }, [
		element(doc, 'span', { className: 'change-path', text: file.path, attrs: { title: file.created ? `${file.path} (new file)` : file.path } }),
		file.created ? element(doc, 'span', { className: 'change-new', text: t('new') }) : undefined,
		element(doc, 'span', { className: 'change-added', text: `+${file.added}`, attrs: { 'aria-label': t('{0} lines added', file.added) } }),
		element(doc, 'span', { className: 'change-removed', text: `−${file.removed}`, attrs: { 'aria-label': t('{0} lines removed', file.removed) } }),
		// A pending row's buttons say it is pending; the other states are named.
		file.status === 'pending' ? undefined : element(doc, 'span', { className: 'change-status', text: statusText()[file.status], attrs: file.note ? { title: file.note } : {} }),
		pending ? button(doc, { label: t('Review {0}', file.path), icon: 'diff', action: 'changes/review', appearance: 'icon' }) : undefined,
		pending ? button(doc, { label: t('Accept {0}', file.path), icon: 'check', action: 'changes/accept', appearance: 'icon' }) : undefined,
		pending ? button(doc, { label: t('Discard {0}', file.path), icon: 'discard', action: 'changes/discard', appearance: 'icon' }) : undefined,
		file.status === 'stale' ? button(doc, { label: t('Retry {0}', file.path), icon: 'refresh', action: 'changes/retry', appearance: 'icon' }) : undefined,
		file.note ? element(doc, 'div', { className: 'change-note', text: file.note }) : undefined,
	]);
}
