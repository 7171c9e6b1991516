// The naive baseline for the rendering benchmark, bundled into its own page by renderBench.ts:
// the same markdown-it + DOMPurify renderer as the view, re-rendering the whole message on every
// delta. Runs in the browser only.
import DOMPurify from 'dompurify';
import { createMarkdownRenderer } from '../../../webview/render/markdown';
import { createSanitizer } from '../../../webview/render/sanitize';

const renderer = createMarkdownRenderer(createSanitizer(DOMPurify(window)));
const container = document.getElementById('reply') as HTMLElement;

/** Renders `text` from scratch, replacing what was there. */
(window as unknown as { naiveRender(text: string): void }).naiveRender = (text) => {
	container.replaceChildren(renderer.render(text));
};
