import type { FluxMessage, FluxToolDefinition } from '../../flux/chatRequest';
import type { Logger } from '../../flux/logger';
import type { TextTokenizer } from './bpeTokenizer';

/**
 * Counts tokens the way the context budget needs: by a real BPE tokenizer once it has loaded, by
 * a deliberately high estimate before that (or if it never loads), so no request waits for it.
 */
export interface TokenCounter {
	/** True once counts come from the tokenizer rather than the estimate. */
	readonly exact: boolean;
	/** Tokens of a text (never throws). */
	countText(text: string): number;
	/** Resolves once the tokenizer has loaded or failed to; starts loading if nothing has yet. */
	ready(): Promise<void>;
}

/** Options of {@link LazyTokenCounter}. */
export interface LazyTokenCounterOptions {
	readonly logger: Logger;
	/** Loads the tokenizer (tests replace it; the default requires the separate bundle). */
	readonly load?: () => TextTokenizer;
}

/**
 * About two characters a token: above what real tokenizers give for prose (4+) and for dense
 * code (about 2.7), so a request counted before the tokenizer loads errs towards fitting.
 * Four characters a token undercounts code and non-English text.
 */
export const estimateCharsPerToken = 2;

/** Tokens of a text by the conservative estimate. */
export function estimateTokens(text: string): number {
	return Math.ceil(text.length / estimateCharsPerToken);
}

/** Counts of texts seen recently: history is counted again every turn, and it does not change. */
const cacheLimit = 4096;

/**
 * A {@link TokenCounter} whose tokenizer is loaded on first use, outside the call that asked
 * (so the first count is an estimate and the load does not run inside a request's path).
 */
export class LazyTokenCounter implements TokenCounter {
	private tokenizer: TextTokenizer | undefined;
	private loading: Promise<void> | undefined;
	private readonly cache = new Map<string, number>();

	constructor(private readonly options: LazyTokenCounterOptions) {}

	get exact(): boolean {
		return this.tokenizer !== undefined;
	}

	countText(text: string): number {
		if (!this.tokenizer) {
			void this.ready();
			return estimateTokens(text);
		}
		if (text.length < 16) return this.tokenizer.count(text);
		let count = this.cache.get(text);
		if (count === undefined) {
			count = this.tokenizer.count(text);
			if (this.cache.size >= cacheLimit) this.cache.clear();
			this.cache.set(text, count);
		}
		return count;
	}

	ready(): Promise<void> {
		this.loading ??= new Promise<void>((resolve) => setImmediate(() => {
			const started = performance.now();
			try {
				this.tokenizer = (this.options.load ?? loadBundledTokenizer)();
				this.options.logger.debug(`tokenizer ${this.tokenizer.name} loaded in ${Math.round(performance.now() - started)} ms`);
			} catch (error) {
				// Counting goes on with the estimate: requests are summarised a little early, never sent too big.
				this.options.logger.warn(`could not load the tokenizer, token counts are estimates: ${error instanceof Error ? error.message : String(error)}`);
			}
			resolve();
		}));
		return this.loading;
	}
}

let shared: LazyTokenCounter | undefined;

/** The process-wide counter over the bundled tokenizer (loaded once, on first use). */
export function sharedTokenCounter(logger: Logger): TokenCounter {
	shared ??= new LazyTokenCounter({ logger });
	return shared;
}

function loadBundledTokenizer(): TextTokenizer {
	// esbuild turns this into `require('./tokenizer.js')`, the separate bundle next to
	// dist/extension.js (see esbuild.mjs); under tsc it is out/src/chat/bpeTokenizer.js.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return (require('./bpeTokenizer') as { readonly bpeTokenizer: TextTokenizer }).bpeTokenizer;
}

/** Framing tokens per message and for priming the reply, as OpenAI-style chat formats add. */
const perMessage = 4;
const replyPriming = 3;

/**
 * Tokens of a chat request by `counter`: each message's text, tool call names and arguments, 4
 * framing tokens a message, 3 to prime the reply, and the JSON of the tool definitions. Before
 * correction by what the server reports (see ContextBudget).
 */
export function countRequestTokens(counter: TokenCounter, messages: readonly FluxMessage[], tools?: readonly FluxToolDefinition[]): number {
	let total = replyPriming;
	for (const message of messages) total += countMessageTokens(counter, message);
	if (tools?.length) total += counter.countText(JSON.stringify(tools));
	return total;
}

/** Tokens of one message, framing included. */
export function countMessageTokens(counter: TokenCounter, message: FluxMessage): number {
	let total = perMessage + counter.countText(message.content);
	if (message.role === 'assistant') {
		for (const call of message.toolCalls ?? []) total += counter.countText(call.name) + counter.countText(call.arguments);
		for (const block of message.thinking ?? []) total += counter.countText(block.kind === 'thinking' ? block.text : block.data);
	}
	return total;
}
