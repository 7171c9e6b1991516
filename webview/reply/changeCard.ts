import { t } from '../l10n';
import type { ChangeSetView, ChangesWebviewMessage, FileChangeStatus, FileChangeView } from '../../src/protocol/messages';
import { button, element, icon } from '../element';

const statusText = (): Readonly<Record<Exclude<FileChangeStatus, 'pending'>, string>> => ({
	accepted: t('Accepted'),
	discarded: t('Discarded'),
	stale: t('Not applied'),
	undone: t('Undone'),
	present: t('Already in the file'),
});

/** Why a file runs code, in a user's words (the kinds of src/tools/edits/runsCode.ts). */
const runsCodeText = (): Readonly<Record<string, string>> => ({
	editor: t('VS Code runs what this file names (tasks, launch, settings, extensions)'),
	workspace: t('a workspace file: VS Code runs the tasks and settings it holds'),
	scripts: t('package scripts run by npm, yarn or pnpm'),
	hooks: t('git hooks run on commit or push'),
	ci: t('CI runs this workflow'),
	shell: t('a shell script'),
	build: t('a build file that runs commands'),
	environment: t('the shell runs it on entering the folder'),
	packageManager: t('the package manager runs what it names'),
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
			this.element.removeAttribute('data-change-set');
			return;
		}
		// The card's actions name this version's set: a click never acts on another version.
		this.element.setAttribute('data-change-set', changes.id);
		const pending = changes.files.filter((f) => f.status === 'pending');
		// Accept All leaves out the files that run code: each needs its own Accept on its row.
		const acceptAll = pending.filter((f) => !f.runsCode).length;
		const held = pending.length - acceptAll;
		const writable = !changes.readOnly;
		const count = changes.files.length === 1 ? t('1 file') : t('{0} files', changes.files.length);
		const state = pending.length === changes.files.length ? t('not written yet') : t('{0} pending', pending.length);
		const title = pending.length ? t('Proposed changes · {0}, {1}', count, state) : t('Proposed changes · {0}', count);
		this.element.replaceChildren(...[
			element(doc, 'div', { className: 'change-card-title' }, [icon(doc, 'diff'), element(doc, 'span', { text: title })]),
			element(doc, 'ul', { className: 'change-files' }, changes.files.map((file) => fileRow(doc, file, writable))),
			changes.readOnly && pending.length ? element(doc, 'div', { className: 'change-note', text: t('This conversation is open in another window: accept or discard these changes there.') }) : undefined,
			writable && held && acceptAll ? element(doc, 'div', { className: 'change-note', text: held === 1 ? t('Accept leaves out the file that runs code: accept it on its own row.') : t('Accept leaves out the {0} files that run code: accept each on its own row.', held) }) : undefined,
			element(doc, 'div', { className: 'change-actions' }, [
				button(doc, { label: t('Review'), icon: 'diff', action: 'changes/review', hidden: pending.length === 0 }),
				button(doc, { label: held ? t('Accept the others') : t('Accept'), icon: 'check', action: 'changes/accept', appearance: 'primary', hidden: !writable || acceptAll === 0 }),
				button(doc, { label: t('Discard'), icon: 'discard', action: 'changes/discard', hidden: !writable || pending.length === 0 }),
				button(doc, { label: t('Undo'), icon: 'reply', action: 'changes/undo', hidden: !writable || !changes.undoable }),
			]),
		].filter((child) => child !== undefined));
	}
}

/** The file a control of the card acts on (none: the whole card). */
export function changedFileOf(control: Element): string | undefined {
	return control.closest('[data-change-path]')?.getAttribute('data-change-path') ?? undefined;
}

/** The change set (reply version) a control of a card belongs to. */
export function changeSetOf(control: Element): string | undefined {
	return control.closest('[data-change-set]')?.getAttribute('data-change-set') ?? undefined;
}

/** What a click on one of the card's controls asks of the host. */
export function changeMessage(type: ChangesWebviewMessage['type'], turnId: string, setId: string | undefined, path: string | undefined): ChangesWebviewMessage | undefined {
	if (setId === undefined) return undefined;
	if (type === 'changes/retry') return path ? { type, turnId, setId, path } : undefined;
	if (type === 'changes/undo') return { type, turnId, setId };
	return { type, turnId, setId, ...(path ? { path } : {}) };
}

/** What a change does to its file, in a word a user reads at a glance. */
function actionText(file: FileChangeView): string {
	return file.created ? t('new file') : file.overwrite ? t('overwrite') : t('edit');
}

function fileRow(doc: Document, file: FileChangeView, writable: boolean): HTMLElement {
	const pending = file.status === 'pending' && writable;
	// The row names the file that is written: a symlink's target, not the path the model typed.
	const shown = file.target ?? file.path;
	const runs = file.runsCode ? runsCodeText()[file.runsCode] ?? file.runsCode : undefined;
	const action = actionText(file);
	return element(doc, 'li', { className: `change-file change-${file.status}${runs ? ' change-runs-code' : ''}`, attrs: { 'data-change-path': file.path } }, [
		element(doc, 'span', { className: 'change-path', text: shown, attrs: { title: `${shown} (${action})` } }),
		element(doc, 'span', { className: `change-kind change-kind-${file.created ? 'new' : file.overwrite ? 'overwrite' : 'edit'}`, text: action }),
		element(doc, 'span', { className: 'change-added', text: `+${file.added}`, attrs: { 'aria-label': t('{0} lines added', file.added) } }),
		element(doc, 'span', { className: 'change-removed', text: `−${file.removed}`, attrs: { 'aria-label': t('{0} lines removed', file.removed) } }),
		// A pending row's buttons say it is pending; the other states are named.
		file.status === 'pending' ? undefined : element(doc, 'span', { className: 'change-status', text: statusText()[file.status], attrs: file.note ? { title: file.note } : {} }),
		pending ? button(doc, { label: t('Review {0}', shown), icon: 'diff', action: 'changes/review', appearance: 'icon' }) : undefined,
		pending ? button(doc, { label: runs ? t('Accept {0} (runs code)', shown) : t('Accept {0}', shown), icon: 'check', action: 'changes/accept', appearance: 'icon' }) : undefined,
		pending ? button(doc, { label: t('Discard {0}', shown), icon: 'discard', action: 'changes/discard', appearance: 'icon' }) : undefined,
		file.status === 'stale' && writable ? button(doc, { label: t('Retry {0}', shown), icon: 'refresh', action: 'changes/retry', appearance: 'icon' }) : undefined,
		file.target ? element(doc, 'div', { className: 'change-link', text: t('{0} is a symbolic link: this change writes {1}.', file.path, file.target) }) : undefined,
		runs ? element(doc, 'div', { className: 'change-warning', attrs: { role: 'note' } }, [icon(doc, 'warning'), element(doc, 'span', { text: t('Runs code: {0}. Read it before you accept it.', runs) })]) : undefined,
		file.note ? element(doc, 'div', { className: 'change-note', text: file.note }) : undefined,
	]);
}
