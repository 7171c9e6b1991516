import { t } from '../l10n';

/** The `/` list: the slash commands the host reads (src/chat/attachments/slashCommands.ts; a unit test keeps the two lists the same). */
export const slashMenu: readonly { readonly name: string; readonly description: string }[] = [
	{ name: 'explain', description: t('Explain the attached code (or the active editor)') }, // not localised: the command's name
	{ name: 'fix', description: t('Find and fix problems in the attached code') }, // not localised: the command's name
	{ name: 'tests', description: t('Write tests for the attached code in this workspace\'s test style') }, // not localised: the command's name
	{ name: 'new', description: t('Start a new chat') }, // not localised: the command's name
];

/** What the text before the caret asks the list for: a `#` mention being typed, a `/` command at the start, or nothing. */
export type Trigger =
	| { readonly kind: 'mention'; readonly query: string; /** Where the `#` is. */ readonly start: number }
	| { readonly kind: 'slash'; readonly query: string }
	| undefined;

/**
 * The trigger at the caret: `#` at the start or after a space, followed by what has been typed
 * since (no spaces); or `/` as the first character of the message with a word after it.
 */
export function triggerAt(text: string, caret: number): Trigger {
	const before = text.slice(0, caret);
	const slash = /^\/([a-z0-9_-]*)$/i.exec(before);
	if (slash) return { kind: 'slash', query: slash[1].toLowerCase() };
	const mention = /(?:^|\s)#([^\s#]*)$/.exec(before);
	if (mention) return { kind: 'mention', query: mention[1], start: before.length - mention[1].length - 1 };
	return undefined;
}

