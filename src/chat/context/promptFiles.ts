// Prompt files (`.github/prompts/<name>.prompt.md`, and `*.prompt.md` in the user's folder) as
// slash commands: their names, their front matter, and which of two commands of one name wins.

/** The most of a prompt file's body one message carries (repository text is capped like instructions). */
export const promptBodyCapBytes = 32 * 1024;
/** A description longer than this is cut: it is one line in the `/` list. */
const descriptionMaxChars = 120;

/** A prompt file that can be a slash command. */
export interface PromptCommand {
	/** The command without its `/`: the file name before `.prompt.md`, in lower case. */
	readonly name: string;
	/** The front matter's `description`, one line; empty without one. */
	readonly description: string;
	readonly fsPath: string;
	/** The user's own folder or a workspace folder's `.github/prompts`. */
	readonly source: 'user' | 'workspace';
}

/** A prompt file whose name another command already has, and what has it. */
export interface PromptClash {
	readonly name: string;
	readonly fsPath: string;
	/** `builtIn` for `/explain` and the like, else the file that won. */
	readonly shadowedBy: 'builtIn' | string;
}

/**
 * The command a prompt file's name gives (`review-pr.prompt.md` -> `review-pr`), or undefined
 * for a name that is not one: not `.prompt.md`, or other than letters, digits, `-` and `_`.
 */
export function promptCommandName(fileName: string): string | undefined {
	const match = /^([a-z0-9][a-z0-9_-]{0,63})\.prompt\.md$/i.exec(fileName);
	return match?.[1].toLowerCase();
}

/**
 * Splits a file into its front matter (a `---` block at the very start, `key: value` lines) and
 * its body. Only plain one-line values are read; anything else in it (lists, `tools`, `model`)
 * is ignored: a prompt file can change what is asked, never the tools or the model.
 */
export function parseFrontMatter(text: string): { readonly attributes: Readonly<Record<string, string>>; readonly body: string } {
	const source = text.replace(/^\uFEFF/, '');
	const match = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(source);
	if (!match) return { attributes: {}, body: source };
	const attributes: Record<string, string> = {};
	for (const line of match[1].split(/\r?\n/)) {
		const pair = /^([A-Za-z][\w-]*)[ \t]*:[ \t]*(.*)$/.exec(line);
		if (!pair || Object.hasOwn(attributes, pair[1])) continue;
		attributes[pair[1]] = unquote(pair[2].trim());
	}
	return { attributes, body: source.slice(match[0].length) };
}

function unquote(value: string): string {
	const quoted = /^(['"])(.*)\1$/.exec(value);
	return quoted ? quoted[2] : value.replace(/[ \t]+#.*$/, '');
}

/** A description as the `/` list shows it: one line of plain text, without control characters, cut short. */
export function promptDescription(attributes: Readonly<Record<string, string>>): string {
	// eslint-disable-next-line no-control-regex
	const line = (attributes.description ?? '').replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, ' ').replace(/\s+/g, ' ').trim();
	return line.length > descriptionMaxChars ? `${line.slice(0, descriptionMaxChars - 1)}…` : line;
}

/**
 * The prompt commands to offer, in order: built-in commands keep their names, and of two files
 * with one name the first wins (the caller lists the user's folder before the workspace's, so a
 * repository cannot take the name of one of the user's own commands). Every file that lost is a
 * clash.
 */
export function resolvePromptCommands(builtIns: readonly string[], candidates: readonly PromptCommand[]): { readonly commands: readonly PromptCommand[]; readonly clashes: readonly PromptClash[] } {
	const commands: PromptCommand[] = [];
	const clashes: PromptClash[] = [];
	for (const candidate of candidates) {
		const winner = commands.find((c) => c.name === candidate.name);
		if (builtIns.includes(candidate.name)) clashes.push({ name: candidate.name, fsPath: candidate.fsPath, shadowedBy: 'builtIn' });
		else if (winner) clashes.push({ name: candidate.name, fsPath: candidate.fsPath, shadowedBy: winner.fsPath });
		else commands.push(candidate);
	}
	return { commands, clashes };
}

/** The question a prompt command sends: the file's body (capped), then the words typed after the command. */
export function promptQuestion(fileText: string, rest: string): string {
	const body = parseFrontMatter(fileText).body.trim();
	const capped = Buffer.byteLength(body) > promptBodyCapBytes ? Buffer.from(body).subarray(0, promptBodyCapBytes).toString('utf8').replace(/\uFFFD$/, '') : body;
	return [capped, rest.trim()].filter(Boolean).join('\n\n');
}
