// The one module that pulls in the tokenizer package. esbuild emits it as its own bundle,
// dist/tokenizer.js (about 1 MB, most of it cl100k_base's ranks), which tokenCounter.ts requires
// on first use: activation never pays for it.
import { countTokens } from 'gpt-tokenizer/encoding/cl100k_base';

/** Counts the tokens of a text. */
export interface TextTokenizer {
	/** The encoding, for logs. */
	readonly name: string;
	count(text: string): number;
}

// Pasted text may contain `<|endoftext|>` and friends: they are plain text to us, never a reason to throw.
const noSpecialTokens = { disallowedSpecial: new Set<string>() };

/**
 * cl100k_base from `gpt-tokenizer` (pure JS). No served model uses exactly this encoding, so
 * counts are corrected per model from the `usage.prompt_tokens` FluxRouter reports.
 */
export const bpeTokenizer: TextTokenizer = {
	name: 'cl100k_base',
	count: (text) => countTokens(text, noSpecialTokens),
};
