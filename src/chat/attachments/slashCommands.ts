/** A command typed at the start of a message: `/explain`, `/fix`, `/tests`, `/new`. */
export interface SlashCommand {
	readonly name: 'explain' | 'fix' | 'tests' | 'new';
	/** One line, shown in the list that `/` opens. */
	readonly description: string;
}

/** The commands, in the order the `/` list shows them. The view keeps the same list (webview/composer/slashMenu.ts; a unit test compares them). */
export const slashCommands: readonly SlashCommand[] = [
	{ name: 'explain', description: 'Explain the attached code (or the active editor)' },
	{ name: 'fix', description: 'Find and fix problems in the attached code' },
	{ name: 'tests', description: 'Write tests for the attached code in this workspace\'s test style' },
	{ name: 'new', description: 'Start a new chat' },
];

/** What a message asks once its slash command is read. */
export type ParsedMessage =
	| { readonly kind: 'question'; readonly text: string }
	| { readonly kind: 'new'; readonly text: string }
	/** A prompt file's command: its file's body becomes the question, with `rest` after it. */
	| { readonly kind: 'prompt'; readonly name: string; readonly rest: string };

const questions: Readonly<Record<Exclude<SlashCommand['name'], 'new'>, string>> = {
	explain: 'Explain this code.',
	fix: 'Find the problems in this code and fix them. Show the corrected code and say briefly what was wrong.',
	tests: 'Write tests for this code. Follow the style, framework and file layout of the tests already in this workspace (look at them first), and cover the edge cases.',
};

/**
 * Reads a slash command at the very start of a message: `/explain`, `/fix` and `/tests` become
 * their question, with anything typed after the command added as the user's own words; `/new`
 * starts a new chat (sending the rest there, if any); one of `promptCommands` (prompt files, whose
 * names never equal a built-in's) is left for the caller to read its file. Anything else, an
 * unknown `/word` included (a path like `/etc/hosts`, say), is a question as typed.
 */
export function parseMessage(text: string, promptCommands: readonly string[] = []): ParsedMessage {
	const match = /^\/([a-z0-9][a-z0-9_-]*)(?=\s|$)\s*([\s\S]*)$/.exec(text.trimStart());
	const name = match?.[1];
	const rest = match?.[2].trim() ?? '';
	if (match && name && !slashCommands.some((c) => c.name === name) && promptCommands.includes(name)) return { kind: 'prompt', name, rest };
	if (!match || !slashCommands.some((c) => c.name === name)) return { kind: 'question', text };
	if (name === 'new') return { kind: 'new', text: rest };
	const question = questions[name as keyof typeof questions];
	return { kind: 'question', text: rest ? `${question}\n\n${rest}` : question };
}
