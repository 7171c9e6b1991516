import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ToolError } from '../toolError';

// The first check on a path the model sends: its text alone, before any folder or file system
// is consulted (that is PathGuard's part). Each refusal names the form and what to write instead.

/** URL escapes of characters that matter to paths: . / \ : ~ %, controls, overlong UTF-8 lead bytes. */
const dangerousEscape = /%(?:2e|2f|5c|3a|7e|25|[01][0-9a-f]|7f|c0|c1)/i;
/** Slashes and dots from other scripts; some layers fold them into the real thing. */
const lookAlike = /[\u2024\u2025\u2044\u2215\u2216\u2571\u2572\u27cb\u27cd\u29f5\u29f8\u29f9\ufe52\ufe68\uff0e\uff0f\uff3c]/;
const uriScheme = /^([a-z][a-z0-9+.-]*):/i;
/**
 * Invisible format characters: zero-width spaces and joiners, direction marks, bidirectional
 * embeddings, overrides and isolates, the BOM. They make a path read as another
 * (`notes\u202Egpj.md` shows as `notesdm.jpg`), and no real path needs them.
 */
const invisible = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/;

/**
 * Refuses the forms no workspace path takes, by their text alone, with a `ToolError` that says
 * what to write instead: control characters, look-alike dots and slashes, drive paths, URIs
 * other than `file:`, line numbers, colons, backslashes, `~`, URL escapes and `..`. Returns the
 * absolute path to place (a `file:` URI becomes one), or the relative path's segments without
 * empty ones and `.`.
 */
export function checkPathSyntax(input: string): string | string[] {
	const refuse = (why: string, short: string): never => {
		throw new ToolError(`"${printable(input)}" ${why}`, `refused ${printable(input)}: ${short}`);
	};
	const controlCharacters = 'contains control characters (such as a NUL byte); paths cannot contain them.';
	// Before trim(), which would silently drop a leading BOM.
	refuseInvisible(input, 'path');
	let text = input.trim();
	if (hasControlCharacter(text)) refuse(controlCharacters, 'control characters');
	if (lookAlike.test(text) || countPathCharacters(text.normalize('NFKC')) !== countPathCharacters(text)) {
		refuse('contains characters that imitate dots or slashes; write the path with plain "." and "/".', 'look-alike characters');
	}
	const scheme = uriScheme.exec(text);
	if (scheme && scheme[1].length === 1) refuse('is a Windows drive path. Use a path relative to the workspace root, e.g. "src/index.ts".', 'drive path');
	if (scheme && scheme[1].toLowerCase() === 'file') {
		try {
			text = fileURLToPath(text);
		} catch {
			refuse('is not a valid file URI. Use a path relative to the workspace root, e.g. "src/index.ts".', 'invalid file URI');
		}
		if (hasControlCharacter(text)) refuse(controlCharacters, 'control characters');
	} else {
		if (/:\d+(?::\d+)?$/.test(text) && !text.includes('://')) refuse('ends with a line number. Pass the file path alone, and the line as start_line.', 'line number in path');
		if (scheme && (!scheme[1].includes('.') || text.startsWith(`${scheme[0]}//`))) {
			refuse(`is a URI (${scheme[1]}:), not a workspace path. Only files inside the workspace folders are available; use a path such as "src/index.ts".`, `${scheme[1]}: URI`);
		}
		if (text.includes(':')) refuse('contains ":", which workspace paths do not. Use a path relative to the workspace root, e.g. "src/index.ts".', 'colon in path');
		if (text.includes('\\')) refuse('contains a backslash. Separate folders with "/", relative to the workspace root, e.g. "src/index.ts".', 'backslash');
		if (text.startsWith('~')) refuse('points into a home directory, which is outside the workspace. Use a path relative to the workspace root.', 'home directory');
		if (dangerousEscape.test(text)) refuse('is URL-encoded. Write the path plainly, relative to the workspace root, e.g. "src/index.ts".', 'URL-encoded');
	}
	const segments = text.split(/[\\/]/);
	if (segments.includes('..')) {
		refuse('contains "..". Paths cannot leave the workspace or step back up; write the path from the workspace root, e.g. "src/index.ts".', '".." in path');
	}
	if (isAbsolute(text)) return text;
	return segments.filter((s) => s !== '' && s !== '.');
}

/**
 * Refuses a path, glob or command (`what`) holding invisible format characters, with a
 * `ToolError` that says what to write instead. Every tool's path goes through `checkPathSyntax`;
 * globs and the commands shown on an approval card come here.
 */
export function refuseInvisible(input: string, what: 'path' | 'glob' | 'command'): void {
	if (!invisible.test(input)) return;
	throw new ToolError(
		`"${printable(input)}" contains invisible formatting characters (zero-width or text-direction characters), which make a ${what} look like another; no workspace ${what} needs them. Write the ${what} with visible characters only.`,
		`refused ${printable(input)}: invisible characters`,
	);
}

function hasControlCharacter(text: string): boolean {
	for (let i = 0; i < text.length; i++) {
		if (isControl(text.charCodeAt(i))) return true;
	}
	return false;
}

function isControl(code: number): boolean {
	return code < 0x20 || code === 0x7f;
}

function countPathCharacters(text: string): number {
	return (text.match(/[./\\:~%]/g) ?? []).length;
}

/** Quotes the input in messages without echoing control or invisible characters. */
function printable(input: string): string {
	let shown = '';
	for (const c of input) {
		const code = c.charCodeAt(0);
		shown += isControl(code) ? `\\x${code.toString(16).padStart(2, '0')}` : invisible.test(c) ? `\\u${code.toString(16).padStart(4, '0')}` : c;
	}
	return shown.length > 200 ? `${shown.slice(0, 200)}…` : shown;
}
