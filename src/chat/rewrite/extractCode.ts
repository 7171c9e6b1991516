/**
 * The code in a model's reply to "replace this code": the first fenced block when there is one
 * (models add fences and chatter even when told not to), otherwise the whole reply. Leading and
 * trailing blank lines go; indentation inside is kept.
 */
export function extractCode(reply: string): string {
	const lines = reply.replace(/\r\n/g, '\n').split('\n');
	const open = lines.findIndex((line) => /^\s*(`{3,}|~{3,})/.test(line));
	if (open === -1) return trimBlankLines(lines).join('\n');
	const fence = /^\s*(`{3,}|~{3,})/.exec(lines[open])![1];
	const closeAt = lines.findIndex((line, i) => i > open && line.trim().startsWith(fence[0].repeat(fence.length)) && line.trim().replace(new RegExp(`^\\${fence[0]}+`), '') === '');
	const body = lines.slice(open + 1, closeAt === -1 ? undefined : closeAt);
	return trimBlankLines(body).join('\n');
}

function trimBlankLines(lines: string[]): string[] {
	let start = 0;
	let end = lines.length;
	while (start < end && !lines[start].trim()) start++;
	while (end > start && !lines[end - 1].trim()) end--;
	return lines.slice(start, end);
}

/**
 * Re-bases `code` on the indentation of `original`, so a proposal for an indented block fits
 * where it goes even when the model wrote it flush left (or indented differently).
 */
export function matchIndentation(code: string, original: string): string {
	const indentOf = (line: string) => /^[ \t]*/.exec(line)![0];
	const firstIndent = (text: string) => indentOf(text.split('\n').find((l) => l.trim()) ?? '');
	const base = firstIndent(original);
	const lines = code.split('\n');
	const current = firstIndent(code);
	return lines.map((line) => {
		if (!line.trim()) return '';
		return line.startsWith(current) ? base + line.slice(current.length) : line;
	}).join('\n');
}
