import type { AttachmentView, ChipsView } from '../../protocol/messages';
import { attachmentBudgetChars, chipOf, fitAttachments } from './attachments';

/** An attachment before it has an id: what the editor or a command read. */
export type NewAttachment = Omit<AttachmentView, 'id'>;

/**
 * What the next question carries: the attachments the user added (Add File, Add Selection, `#`,
 * Explain) and the active editor, which goes along unless the user clicked it off for this
 * question. The host keeps it, like the draft, so hiding or reloading the view loses nothing.
 */
export class AttachmentTray {
	private added: AttachmentView[] = [];
	private active: AttachmentView | undefined;
	private activeOff = false;
	private nextId = 1;

	/** `onChange` gets the chips whenever they change. */
	constructor(private readonly onChange: (chips: ChipsView) => void, private readonly budgetChars = attachmentBudgetChars) {}

	/**
	 * Adds an attachment; one for the same place (path, lines and kind) replaces the earlier one
	 * rather than being sent twice.
	 */
	add(attachment: NewAttachment): void {
		const same = (a: AttachmentView) => a.kind === attachment.kind && a.path === attachment.path && a.startLine === attachment.startLine && a.endLine === attachment.endLine && a.label === attachment.label;
		this.added = [...this.added.filter((a) => !same(a)), { ...attachment, id: `a${this.nextId++}` }];
		this.changed();
	}

	remove(id: string): void {
		const before = this.added.length;
		this.added = this.added.filter((a) => a.id !== id);
		if (id === 'active' && this.active) this.activeOff = true;
		if (this.added.length !== before || id === 'active') this.changed();
	}

	/** The active editor's attachment now (undefined: no text editor, or the setting is off). */
	setActive(attachment: NewAttachment | undefined): void {
		const next = attachment && { ...attachment, id: 'active' };
		if (JSON.stringify(next) === JSON.stringify(this.active)) return;
		this.active = next;
		this.changed();
	}

	/** The active editor's chip clicked: off for this question, or on again. */
	toggleActive(): void {
		this.activeOff = !this.activeOff;
		this.changed();
	}

	chips(): ChipsView {
		const { added, active } = this.fitted();
		return { added: added.map(chipOf), ...(active ? { active: chipOf(active) } : {}), activeOff: this.activeOff };
	}

	/**
	 * What the next question carries, fitted to the budget (those left without room, and empty
	 * files, are not sent), and empties the tray for the one after.
	 */
	take(): AttachmentView[] {
		const { added, active } = this.fitted();
		const taken = [...added, ...(active && !this.activeOff ? [active] : [])].filter((a) => a.text !== '');
		this.added = [];
		this.activeOff = false;
		this.changed();
		return taken;
	}

	/**
	 * The added attachments first, then the active editor with what is left. The active editor is
	 * left out when part of the same file was added by hand (Explain, Add Selection): the user chose what of it goes.
	 */
	private fitted(): { added: AttachmentView[]; active: AttachmentView | undefined } {
		const active = this.active && !this.added.some((a) => a.path === this.active!.path) ? this.active : undefined;
		const fitted = fitAttachments(active ? [...this.added, active] : this.added, this.budgetChars);
		const fittedActive = active ? fitted.find((a) => a.id === 'active') : undefined;
		return { added: fitted.filter((a) => a.id !== 'active'), active: fittedActive };
	}

	private changed(): void {
		this.onChange(this.chips());
	}
}
