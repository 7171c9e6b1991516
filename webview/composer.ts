import { t } from './l10n';
import type { WebviewMessage } from '../src/protocol/messages';
import type { Clock } from './clock';
import { Debounced } from './debounced';
import { button, element, icon } from './element';

export interface ComposerDeps {
	readonly document: Document;
	readonly post: (message: WebviewMessage) => void;
	readonly clock: Clock;
}

/** The toolkit's text area keeps its text in a `value` property, like a textarea. */
interface TextAreaLike extends HTMLElement {
	value: string;
}

/** How long typing must pause before the draft is sent to the host. */
const draftDelayMs = 300;

/**
 * Where the user writes: the message box, Send and Stop, the model the next turn will use, and
 * the edit mode that Edit on the last question starts. Enter sends; Shift+Enter is a new line.
 */
export class Composer {
	readonly element: HTMLElement;
	readonly input: TextAreaLike;
	private readonly send: HTMLElement;
	private readonly stop: HTMLElement;
	private readonly model: HTMLElement;
	private readonly editBanner: HTMLElement;
	private busy = false;
	private editing: { readonly draft: string } | undefined;
	/** Sends the draft once typing pauses. */
	private readonly saveDraft: Debounced;

	constructor(private readonly deps: ComposerDeps) {
		const doc = deps.document;
		this.saveDraft = new Debounced(deps.clock, draftDelayMs, () => deps.post({ type: 'chat/draft', text: this.text }));
		this.input = element(doc, 'vscode-text-area', {
			className: 'composer-input',
			attrs: { 'aria-label': t('Message Flux'), placeholder: t('Ask Flux anything'), rows: '3', resize: 'vertical' },
		}) as TextAreaLike;
		this.input.value = '';
		this.send = button(doc, { label: t('Send'), icon: 'send', action: 'send', appearance: 'primary' });
		this.stop = button(doc, { label: t('Stop'), icon: 'debug-stop', action: 'stop', hidden: true });
		this.model = element(doc, 'span', { className: 'composer-model-name' });
		this.editBanner = element(doc, 'div', { className: 'composer-edit', hidden: true }, [
			icon(doc, 'edit'),
			element(doc, 'span', { text: t('Editing your last message. Escape cancels.') }),
			button(doc, { label: t('Cancel Edit'), icon: 'close', action: 'cancel-edit', appearance: 'icon' }),
		]);
		this.element = element(doc, 'div', { className: 'composer' }, [
			this.editBanner,
			this.input,
			element(doc, 'div', { className: 'composer-bar' }, [
				element(doc, 'span', { className: 'composer-model', attrs: { title: t('Model for the next message') } }, [icon(doc, 'sparkle'), this.model]),
				element(doc, 'span', { className: 'composer-buttons' }, [this.stop, this.send]),
			]),
		]);
		this.input.addEventListener('keydown', (event) => this.onKeyDown(event));
		this.input.addEventListener('input', () => {
			// An edit is not a draft: the draft the host keeps is what Escape brings back.
			if (this.editing) this.saveDraft.cancel();
			else this.saveDraft.schedule();
		});
	}

	get text(): string {
		return this.input.value ?? '';
	}

	get isEditing(): boolean {
		return this.editing !== undefined;
	}

	/** Restores a draft kept by the host (after a reload). */
	setDraft(text: string): void {
		this.input.value = text;
	}

	setModel(model: string): void {
		this.model.textContent = model;
	}

	/**
	 * While a reply is in flight: Send is disabled and Stop shows. While the conversation is
	 * `locked` (another window writes it), Send is disabled; what is typed stays.
	 */
	setBusy(busy: boolean, locked = false): void {
		this.busy = busy || locked;
		this.send.toggleAttribute('disabled', this.busy);
		this.send.setAttribute('aria-disabled', String(this.busy));
		this.stop.hidden = !busy;
	}

	/** Edit on the last question: its text goes in the box, and sending replaces it. */
	beginEdit(question: string): void {
		if (!this.editing) this.editing = { draft: this.text };
		this.input.value = question;
		this.editBanner.hidden = false;
		this.element.classList.add('editing');
		this.focus();
	}

	cancelEdit(): void {
		const editing = this.editing;
		if (!editing) return;
		this.endEdit();
		this.input.value = editing.draft;
		this.focus();
	}

	/** Sends the text (or the edit), unless it is empty or a reply is in flight. */
	submit(): void {
		const text = this.text;
		if (this.busy || !text.trim()) return;
		this.deps.post(this.editing ? { type: 'chat/editLast', text } : { type: 'chat/send', text });
		this.endEdit();
		this.input.value = '';
		// The host has the text now (it comes back in turn/started); the kept draft is empty.
		this.saveDraft.cancel();
		this.deps.post({ type: 'chat/draft', text: '' });
	}

	focus(): void {
		this.input.focus();
	}

	private endEdit(): void {
		this.editing = undefined;
		this.editBanner.hidden = true;
		this.element.classList.remove('editing');
	}

	private onKeyDown(event: KeyboardEvent): void {
		if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && !event.altKey && !event.ctrlKey && !event.metaKey) {
			event.preventDefault();
			this.submit();
		} else if (event.key === 'Escape' && this.editing) {
			event.preventDefault();
			this.cancelEdit();
		}
	}
}
