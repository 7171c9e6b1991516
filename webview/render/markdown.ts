import MarkdownIt from 'markdown-it';
import { canHighlight, highlightCode } from './highlight';
import type { Sanitizer } from './sanitize';

/** Markdown source in, sanitized nodes out. */
export interface MarkdownRenderer {
	render(markdown: string): DocumentFragment;
	/**
	 * Several blocks at once, each rendered on its own as \`render\` would, sanitized together:
	 * the sanitizer's fixed cost (a fresh document for every call) is paid once, not per block.
	 */
	renderAll?(markdowns: readonly string[]): DocumentFragment;
	/**
	 * Runs `work` with code blocks left plain, marked for `highlightPlain`: highlighting a reply
	 * in a view that has just opened (highlight.js compiles each grammar on first use, and runs
	 * cold) took about a fifth of a long conversation's first screen.
	 */
	withPlainCode?<T>(work: () => T): T;
	/** Colours one code block `withPlainCode` left plain (`code.hljs-plain`). */
	highlightPlain?(code: Element): void;
}

/** The class of a code block `withPlainCode` left plain. */
export const plainCodeClass = 'hljs-plain';

/** markdown-it as replies need it, followed by the sanitizer on every render. */
export function createMarkdownRenderer(sanitizer: Sanitizer): MarkdownRenderer {
	let plainCode = false;
	const md = createMarkdownIt((code, language) => {
		if (!plainCode || !canHighlight(code, language)) return highlightCode(code, language) ?? '';
		// Starting with <pre>, it is taken as the whole block.
		const name = md.utils.escapeHtml(language.trim());
		return `<pre><code class="language-${name} ${plainCodeClass}">${md.utils.escapeHtml(code)}</code></pre>`;
	});
	return {
		render: (markdown) => sanitizer.toFragment(md.render(markdown)),
		// markdown-it closes every element it opens, so the blocks' HTML side by side parses as each alone.
		renderAll: (markdowns) => sanitizer.toFragment(markdowns.map((markdown) => md.render(markdown)).join('')),
		withPlainCode<T>(work: () => T): T {
			plainCode = true;
			try {
				return work();
			} finally {
				plainCode = false;
			}
		},
		highlightPlain(code: Element): void {
			code.classList.remove(plainCodeClass);
			const language = /(?:^|\s)language-([\w+#.-]+)/.exec(code.className)?.[1];
			const html = language === undefined ? undefined : highlightCode(code.textContent ?? '', language);
			if (html !== undefined) code.replaceChildren(sanitizer.toFragment(html));
		},
	};
}

/**
 * Model output is untrusted: raw HTML stays text. Tables and strikethrough (GFM) are on;
 * the typographer is off so code-like text keeps its quotes and dashes.
 */
export function createMarkdownIt(highlight: (code: string, language: string) => string): MarkdownIt.MarkdownIt {
	const md = new MarkdownIt({ html: false, linkify: true, typographer: false, highlight });

	// The CSP would block a remote image anyway; a link (or the alt text, once the sanitizer
	// has dropped a non-web URL) says what was there without loading anything.
	md.renderer.rules.image = (tokens, index, options, env, self) => {
		const token = tokens[index];
		const alt = self.renderInlineAsText(token.children ?? [], options, env) || 'image';
		const src = String(token.attrGet('src') ?? '');
		return `<a class="md-image" href="${md.utils.escapeHtml(src)}">${md.utils.escapeHtml(alt)}</a>`;
	};

	// Table alignment arrives as style="text-align:..."; inline styles are forbidden by the CSP
	// and stripped by the sanitizer, so carry it as a class instead.
	md.core.ruler.push('align_classes', (state) => {
		for (const token of state.tokens) {
			if (token.type !== 'th_open' && token.type !== 'td_open') continue;
			const style = String(token.attrGet('style') ?? '');
			if (!style) continue;
			const align = /text-align:(left|center|right)/.exec(style)?.[1];
			token.attrs = (token.attrs ?? []).filter(([name]) => name !== 'style');
			if (align) token.attrJoin('class', `md-align-${align}`);
		}
	});
	return md;
}
