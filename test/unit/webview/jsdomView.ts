import createDOMPurify from 'dompurify';
import { JSDOM } from 'jsdom';
import { createMarkdownRenderer, type MarkdownRenderer } from '../../../webview/render/markdown';
import { createSanitizer } from '../../../webview/render/sanitize';

/** A jsdom window with the webview's markdown renderer (markdown-it + DOMPurify) bound to it. */
export interface JsdomView {
	readonly window: Window;
	readonly document: Document;
	readonly renderer: MarkdownRenderer;
	/** A fresh empty element in the body. */
	container(): HTMLElement;
}

export function createJsdomView(): JsdomView {
	const dom = new JSDOM('<!DOCTYPE html><html><body></body></html>');
	const window = dom.window as unknown as Window;
	const purify = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);
	const renderer = createMarkdownRenderer(createSanitizer(purify));
	return {
		window,
		document: window.document,
		renderer,
		container() {
			const element = window.document.createElement('div');
			window.document.body.append(element);
			return element;
		},
	};
}
