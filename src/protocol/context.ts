/** What goes with a question besides its words: attachment chips, `#` mentions, and focusing the message box. Types only. */

/** What the host sends to the view about this area. */
export type ContextHostMessage =
	| ChipsChanged
	| MentionResults
	| ComposerFocus
	| InstructionsChanged;

/** What the view sends to the host about this area. */
export type ContextWebviewMessage =
	| ChipRemove
	| ActiveEditorToggle
	| MentionQuery
	| MentionPick
	| InstructionOpen;

// ---- host -> webview -----------------------------------------------------------------------

/**
 * The chips above the message box: what the next question will carry. Sent whenever they change
 * (an attachment added or removed, another active editor, a new selection) and with every snapshot.
 */
export interface ChipsChanged {
	readonly type: 'context/chips';
	readonly chips: ChipsView;
}

/** The `#` list for the query the view asked about (`requestId` ties the answer to the keystroke). */
export interface MentionResults {
	readonly type: 'context/mentions';
	readonly requestId: number;
	readonly items: readonly MentionItem[];
}

/** Focuses the message box ("Flux: Focus Chat"), the caret at the end of what is there. */
export interface ComposerFocus {
	readonly type: 'context/focus';
}

/**
 * The repository's instructions and prompt files: the line above the message box naming the
 * instruction files the conversation uses, and the prompt files' `/` commands. Sent when they
 * change (a file edited, trust granted, a setting, a turn ended) and when the view (re)connects.
 */
export interface InstructionsChanged {
	readonly type: 'context/instructions';
	readonly files: readonly InstructionFileView[];
	/** The prompt files' commands, after the built-in ones in the `/` list. */
	readonly promptCommands: readonly SlashCommandView[];
}

// ---- webview -> host -----------------------------------------------------------------------

/** The user removed a chip (its ×). */
export interface ChipRemove {
	readonly type: 'context/remove';
	readonly id: string;
}

/** The user clicked the active editor's chip: it goes with the next question, or not. */
export interface ActiveEditorToggle {
	readonly type: 'context/toggleActive';
}

/** The user typed after `#`: the files and special items matching `query`. */
export interface MentionQuery {
	readonly type: 'context/mentionQuery';
	readonly requestId: number;
	readonly query: string;
}

/** The user picked an item of the `#` list: it becomes a chip. */
export interface MentionPick {
	readonly type: 'context/mentionPick';
	readonly item: MentionItem;
}

/** The user clicked a name on the instructions line: open that file (or the setting). */
export interface InstructionOpen {
	readonly type: 'context/openInstruction';
	/** An id from `context/instructions`; the host looks it up, so the view never names a path to open. */
	readonly id: string;
}

// ---- what the messages carry ---------------------------------------------------------------

/** One entry of the instructions line. */
export interface InstructionFileView {
	readonly id: string;
	/** `user`: the `flux.instructions.text` setting; `file`: an instruction file of the workspace. */
	readonly kind: 'user' | 'file';
	/** The workspace path of a file (`packages/web/AGENTS.md`); empty for the user's own instructions (the view names them). */
	readonly label: string;
}

/** A command of the `/` list. */
export interface SlashCommandView {
	readonly name: string;
	readonly description: string;
}

/** What an attachment holds. */
export type AttachmentKind = 'file' | 'selection' | 'problems' | 'editors';

/** A chip as the composer shows it: where it is from and how much of it goes, not its text. */
export interface ChipView {
	readonly id: string;
	readonly kind: AttachmentKind;
	/** Short text on the chip: `src/a.ts:10-20`, `Problems in src/a.ts`, `Open editors`. */
	readonly label: string;
	/** Workspace-relative path, for files and selections. */
	readonly path?: string;
	/** 1-based, inclusive; absent for problems and editors. */
	readonly startLine?: number;
	readonly endLine?: number;
	/** Why less than the whole was attached, e.g. "Cut to lines 1–400 of 2,300 to fit the context budget." */
	readonly note?: string;
}

/** An attachment as it is sent and saved with the question. */
export interface AttachmentView extends ChipView {
	readonly language?: string;
	readonly text: string;
}

/** The composer's chips. */
export interface ChipsView {
	/** Attached by the user (Add File, Add Selection, `#`, Explain), in the order added. */
	readonly added: readonly ChipView[];
	/** The active editor, attached by default unless `activeOff` (absent with no editor or the setting off). */
	readonly active?: ChipView;
	/** The user clicked the active editor's chip off for this question. */
	readonly activeOff: boolean;
}

/** One row of the `#` list. */
export interface MentionItem {
	readonly kind: 'file' | 'selection' | 'problems' | 'editors';
	/** Workspace-relative path for a file; the word after `#` for the others. */
	readonly value: string;
	/** One line under it: the folder for a file, what it attaches for the others. */
	readonly detail: string;
}
