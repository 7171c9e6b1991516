import MarkdownIt from 'markdown-it';
import { highlightCode } from './highlight';
import type { Sanitizer } from './sanitize';

/** Markdown source in, sanitized nodes out. */
export interface MarkdownRenderer {
	render(markdown: string): DocumentFragment;
	/**
	 * Several blocks at once, each rendered on its own as \`render\` would, sanitized together:
	 * the sanitizer's fixed cost (a fresh document for every call) is paid once, not per block.
	 */
	renderAll?(markdowns: readonly string[]): DocumentFragment;
}

/** markdown-it as replies need it, followed by the sanitizer on every render. */
export function createMarkdownRenderer(sanitizer: Sanitizer): MarkdownRenderer {
	const md = createMarkdownIt();
	return {
		render: (markdown) => sanitizer.toFragment(md.render(markdown)),
		// markdown-it closes every element it opens, so the blocks' HTML side by side parses as each alone.
		renderAll: (markdowns) => sanitizer.toFragment(markdowns.map((markdown) => md.render(markdown)).join('')),
	};
}

/**
 * Model output is untrusted: raw HTML stays text. Tables and strikethrough (GFM) are on;
 * the typographer is off so code-like text keeps its quotes and dashes.
 */
export function createMarkdownIt(): MarkdownIt.MarkdownIt {
	const md = new MarkdownIt({
		html: false,
		linkify: true,
		typographer: false,
		highlight: (code, language) => highlightCode(code, language) ?? '',
	});

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
