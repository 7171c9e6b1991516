import type { TokenCounter } from './tokenCounter';

/** A tool result is never shortened below this many characters: the model should see what it was. */
export const toolResultMinChars = 400;

/**
 * Cuts a text to about `maxTokens` of ours (by `counter`) at a line end, saying what was left
 * out. `what` names the text in that note; a `tool result` keeps at least
 * {@link toolResultMinChars} characters.
 */
export function shortenText(counter: TokenCounter, text: string, maxTokens: number, what: string): string {
	const tokens = counter.countText(text);
	if (tokens <= maxTokens) return text;
	let keep = Math.floor(text.length * maxTokens / tokens);
	for (let i = 0; i < 8; i++) {
		let cut = text.slice(0, Math.max(what === 'tool result' ? toolResultMinChars : 0, keep));
		const lineEnd = cut.lastIndexOf('\n');
		if (lineEnd > cut.length * 0.8) cut = cut.slice(0, lineEnd);
		const shortened = `${cut}\n[… ${what} shortened to fit the context window: ${(text.length - cut.length).toLocaleString('en-US')} of ${text.length.toLocaleString('en-US')} characters left out]`;
		if (counter.countText(shortened) <= maxTokens || keep <= toolResultMinChars) return shortened;
		keep = Math.floor(keep * 0.9);
	}
	return text.slice(0, keep);
}
