/**
 * The parts of a shell command line, each as its words with the quotes taken off, split at `;`,
 * `&&`, `||`, `|`, `&` and line breaks. Undefined when the line holds anything that makes an
 * allow-list match unsafe: command substitution (`$(…)`, backticks), redirection (`<`, `>`,
 * which also covers `<(…)` and `>(…)`), a subshell or group in parentheses, or an unterminated
 * quote. Quoting is honoured: `echo "a; b"` is one part, `echo '$(x)'` holds no substitution.
 */
export function commandParts(command: string): readonly (readonly string[])[] | undefined {
	const parts: string[][] = [];
	let words: string[] = [];
	// undefined while between words, so that `''` still makes an (empty) word.
	let word: string | undefined;
	let quote: '"' | '\'' | undefined;
	const endWord = () => {
		if (word !== undefined) words.push(word);
		word = undefined;
	};
	const endPart = () => {
		endWord();
		if (words.length) parts.push(words);
		words = [];
	};
	for (let i = 0; i < command.length; i++) {
		const c = command[i];
		if (quote === '\'') {
			if (c === '\'') quote = undefined;
			else word += c;
			continue;
		}
		if (c === '\\') {
			if (i + 1 >= command.length) return undefined;
			const next = command[++i];
			// A backslash before a line break continues the line; in double quotes it escapes only a few characters.
			if (next === '\n') continue;
			word = (word ?? '') + (quote === '"' && !'$`"\\'.includes(next) ? `\\${next}` : next);
			continue;
		}
		if (c === '`' || (c === '$' && command[i + 1] === '(')) return undefined;
		if (quote === '"') {
			if (c === '"') quote = undefined;
			else word += c;
			continue;
		}
		if (c === '\'' || c === '"') {
			quote = c;
			word ??= '';
		} else if (c === '<' || c === '>' || c === '(' || c === ')') {
			return undefined;
		} else if (c === ';' || c === '|' || c === '&' || c === '\n' || c === '\r') {
			endPart();
		} else if (/\s/.test(c)) {
			endWord();
		} else {
			word = (word ?? '') + c;
		}
	}
	if (quote) return undefined;
	endPart();
	return parts;
}

/**
 * True when `command` may run without asking: every part of it starts with the words of an entry
 * of `allowList` (`npm test` allows `npm test -- --grep x`, not `npm testing` or `npm test; rm x`).
 * A command with substitution or redirection never matches, nor does an entry that has them or
 * more than one part.
 */
export function isAllowListed(command: string, allowList: readonly string[]): boolean {
	const parts = commandParts(command);
	if (!parts || parts.length === 0) return false;
	const entries = allowList.map(commandParts).filter((p) => p?.length === 1).map((p) => p![0]);
	return parts.every((part) => entries.some((entry) => entry.length <= part.length && entry.every((w, i) => part[i] === w)));
}
