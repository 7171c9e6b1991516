import { t } from '../l10n';
import type { ChipsView, InstructionsChanged, MentionItem, MentionResults, SlashCommandView, WebviewMessage } from '../../src/protocol/messages';
import { ChipBar } from './chips';
import type { Clock } from '../timing/clock';
import { Debounced } from '../timing/debounced';
import { button, element, icon } from '../element';
import { InstructionsLine } from './instructionsLine';
import { slashMenu, triggerAt, type Trigger } from './slashMenu';
import { SuggestionList } from './suggestionList';

export interface ComposerDeps {
	readonly document: Document;
	readonly post: (message: WebviewMessage) => void;
	readonly clock: Clock;
	/** The last question of the conversation, which Up in an empty box brings back. */
	readonly lastQuestion?: () => string | undefined;
}

/**
 * The toolkit's text area keeps its text in a `value` property, like a textarea, and its inner
 * textarea (which has the caret) in `control` once it has upgraded.
 */
interface TextAreaLike extends HTMLElement {
	value: string;
	readonly control?: HTMLTextAreaElement;
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
	readonly chips: ChipBar;
	readonly instructions: InstructionsLine;
	/** The prompt files' commands, offered after the built-in ones. */
	private promptCommands: readonly SlashCommandView[] = [];
	readonly suggestions: SuggestionList;
	/** What the open list offers, and the trigger it answers. */
	private offered: { readonly trigger: NonNullable<Trigger>; readonly items: readonly MentionItem[] | readonly string[] } | undefined;
	/** The `#` query last sent to the host: only its answer is shown. */
	private mentionRequest = 0;

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
		this.chips = new ChipBar(doc);
		this.instructions = new InstructionsLine(doc);
		this.suggestions = new SuggestionList(doc, (index) => this.pick(index));
		this.element = element(doc, 'div', { className: 'composer' }, [
			this.editBanner,
			this.instructions.element,
			this.chips.element,
			this.input,
			this.suggestions.element,
			element(doc, 'div', { className: 'composer-bar' }, [
				element(doc, 'span', { className: 'composer-model', attrs: { title: t('Model for the next message') } }, [icon(doc, 'sparkle'), this.model]),
				element(doc, 'span', { className: 'composer-buttons' }, [button(doc, { label: t('Tools'), icon: 'tools', action: 'tools/choose' }), this.stop, this.send]),
			]),
		]);
		this.input.addEventListener('keydown', (event) => this.onKeyDown(event));
		this.input.addEventListener('input', () => {
			// An edit is not a draft: the draft the host keeps is what Escape brings back.
			if (this.editing) this.saveDraft.cancel();
			else this.saveDraft.schedule();
			this.updateSuggestions();
		});
	}

	/** The chips the host says the next message carries. */
	setChips(chips: ChipsView): void {
		this.chips.set(chips);
	}

	/** The instructions line and the prompt files' `/` commands, as the host reads them now. */
	setInstructions(message: InstructionsChanged): void {
		this.instructions.set(message.files);
		this.promptCommands = message.promptCommands;
	}

	/** The host's `#` list; dropped unless it answers the query typed last. */
	showMentions(message: MentionResults): void {
		const trigger = triggerAt(this.text, this.caret());
		if (message.requestId !== this.mentionRequest || trigger?.kind !== 'mention') return;
		this.offered = { trigger, items: message.items };
		this.suggestions.show(message.items.map((item) => ({ label: `#${item.value}`, detail: item.detail })));
	}

	/** Focuses the box, with `text` in it when given (Explain's editable default question), the caret at its end. */
	prefill(text?: string): void {
		if (text !== undefined) {
			if (this.editing) this.endEdit();
			this.input.value = text;
		}
		this.focus();
		const control = this.input.control;
		if (control) control.selectionStart = control.selectionEnd = control.value.length;
	}

	/** Where the caret is; the end of the text before the toolkit upgrades (and in tests). */
	private caret(): number {
		return this.input.control?.selectionStart ?? this.text.length;
	}

	/** Opens, updates or closes the `#` / `/` list for what is before the caret. */
	private updateSuggestions(): void {
		const trigger = triggerAt(this.text, this.caret());
		if (trigger?.kind === 'slash') {
			const matches = [...slashMenu, ...this.promptCommands].filter((c) => c.name.startsWith(trigger.query));
			this.offered = { trigger, items: matches.map((c) => c.name) };
			this.suggestions.show(matches.map((c) => ({ label: `/${c.name}`, detail: c.description || t('Prompt file') })));
		} else if (trigger?.kind === 'mention') {
			this.deps.post({ type: 'context/mentionQuery', requestId: ++this.mentionRequest, query: trigger.query });
		} else {
			this.offered = undefined;
			this.suggestions.close();
		}
	}

	/** The list's row `index` picked: a `/` command goes in the box; a `#` item becomes a chip and its `#word` leaves the text. */
	private pick(index: number): void {
		const offered = this.offered;
		this.suggestions.close();
		this.offered = undefined;
		if (!offered) return;
		const { trigger } = offered;
		if (trigger.kind === 'slash') {
			const name = (offered.items as readonly string[])[index];
			if (name !== undefined) this.input.value = `/${name} ${this.text.slice(this.caret())}`.replace(/ +$/, ' ');
		} else {
			const item = (offered.items as readonly MentionItem[])[index];
			if (!item) return;
			const caret = this.caret();
			this.input.value = this.text.slice(0, trigger.start) + this.text.slice(caret);
			this.deps.post({ type: 'context/mentionPick', item });
		}
		this.saveDraft.schedule();
		this.prefill();
	}

	/** A click on a row of the list. */
	pickSuggestion(control: Element): void {
		this.suggestions.pickElement(control);
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
		this.suggestions.close();
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
		if (this.suggestions.handleKey(event)) return;
		if (event.key === 'ArrowUp' && this.text === '' && !this.editing && !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey) {
			// Up in an empty box brings back the last question, as in a terminal.
			const last = this.deps.lastQuestion?.();
			if (last !== undefined) {
				event.preventDefault();
				this.prefill(last);
			}
		} else if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && !event.altKey && !event.ctrlKey && !event.metaKey) {
			event.preventDefault();
			this.submit();
		} else if (event.key === 'Escape' && this.editing) {
			event.preventDefault();
			this.cancelEdit();
		}
	}
}
