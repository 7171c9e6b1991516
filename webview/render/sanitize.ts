import type { Config, DOMPurify } from 'dompurify';

/** Turns renderer HTML into nodes that are safe to put in the view. */
export interface Sanitizer {
	toFragment(html: string): DocumentFragment;
}

/** What markdown-it (html off) and highlight.js can produce; everything else is dropped. */
const allowedTags = [
	'a', 'blockquote', 'br', 'code', 'del', 'em', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'li', 'ol',
	'p', 'pre', 's', 'span', 'strong', 'sub', 'sup', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul',
];

/** Links may go to the web, to mail, or to an anchor; never javascript:, data:, file: or relative. */
export const safeUrl = /^(?:(?:https?|mailto):|#)/i;

/**
 * Class names the renderer itself emits. The allow-list matters because class is the one
 * attribute whose value reaches our stylesheet: nothing in a reply may borrow the view's own classes.
 */
const safeClass = /^(?:hljs(?:-[\w-]+)?|[a-z]+_+|language-[\w+#.-]{1,40}|md-align-(?:left|center|right)|md-image)$/;

const config: Config = {
	ALLOWED_TAGS: allowedTags,
	ALLOWED_ATTR: ['href', 'title', 'class', 'start'],
	// DOMPurify checks every allowed attribute that is not "URI safe" against the URI pattern;
	// `start` is a number, so it must be declared safe or ordered lists lose their numbering.
	ADD_URI_SAFE_ATTR: ['start'],
	ALLOWED_URI_REGEXP: safeUrl,
	ALLOW_DATA_ATTR: false,
	ALLOW_ARIA_ATTR: false,
	ALLOW_UNKNOWN_PROTOCOLS: false,
	// The allow-list already excludes these; naming them keeps them out even if it grows.
	FORBID_TAGS: ['script', 'style', 'iframe', 'object', 'embed', 'form', 'svg', 'math', 'img', 'link', 'meta', 'base', 'template'],
	FORBID_ATTR: ['style', 'srcdoc', 'src', 'action', 'formaction', 'target'],
	RETURN_DOM_FRAGMENT: true,
};

/**
 * Configures `purify` for model output and wraps it. The instance becomes ours (setConfig and
 * hooks are per instance), so pass a fresh one: `DOMPurify(window)`.
 *
 * The config is set once rather than passed to every call: parsing it costs more than
 * sanitizing a small block, and the streaming renderer sanitizes many small blocks.
 */
export function createSanitizer(purify: DOMPurify): Sanitizer {
	purify.setConfig(config);
	purify.addHook('uponSanitizeAttribute', (_node, data) => {
		if (data.attrName !== 'class') return;
		const kept = data.attrValue.split(/\s+/).filter((name) => safeClass.test(name));
		data.attrValue = kept.join(' ');
		data.keepAttr = kept.length > 0;
	});
	purify.addHook('afterSanitizeAttributes', (node) => {
		if (node.nodeName !== 'A') return;
		const href = node.getAttribute('href');
		// Belt and braces over ALLOWED_URI_REGEXP: an href that survived must still be one we allow.
		if (href !== null && !safeUrl.test(href.trim())) node.removeAttribute('href');
		if (node.hasAttribute('href')) node.setAttribute('rel', 'noopener noreferrer');
	});
	return {
		toFragment(html: string): DocumentFragment {
			const result: unknown = purify.sanitize(html);
			if (typeof result === 'string') throw new Error('the sanitizer must return a DOM fragment');
			return result as DocumentFragment;
		},
	};
}
