import type { ExternalResultPart } from './types';

/**
 * What the model reads of a tool's result: the text parts joined, a short note in place of each
 * part that is not text, the whole cut at `maxChars` with a note saying how much was cut.
 */
export function resultText(parts: readonly ExternalResultPart[], maxChars: number): string {
	const text = parts.map((part) => part.kind === 'text' ? part.value : `[${part.description}: not shown, it is not text]`).join('\n') || '(the tool returned nothing)';
	if (text.length <= maxChars) return text;
	const note = `\n[truncated: the result was ${text.length} characters; only the first ${maxChars} are shown]`;
	return text.slice(0, Math.max(0, maxChars - note.length)) + note;
}
