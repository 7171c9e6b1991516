import * as assert from 'node:assert/strict';
import { StreamingMarkdown } from '../../../../webview/render/streamingMarkdown';
import { hostileCorpus, safeLinks } from './hostileCorpus';
import { createJsdomView } from '../jsdomView';

const view = createJsdomView();

const forbiddenTags = new Set([
	'SCRIPT', 'IFRAME', 'FRAME', 'FRAMESET', 'OBJECT', 'EMBED', 'STYLE', 'LINK', 'META', 'BASE', 'FORM', 'INPUT', 'BUTTON',
	'TEXTAREA', 'SELECT', 'SVG', 'MATH', 'TEMPLATE', 'IMG', 'VIDEO', 'AUDIO', 'SOURCE', 'PICTURE', 'NOSCRIPT', 'DETAILS', 'XSS', 'BODY',
]);
/** Attributes that would make the element fetch something or navigate. */
const loadingAttributes = new Set(['src', 'srcset', 'srcdoc', 'data', 'action', 'formaction', 'poster', 'background', 'xlink:href', 'ping', 'target']);
/** The only classes rendered markdown may carry (it must not borrow the view's own classes). */
const rendererClass = /^(?:hljs(?:-[\w-]+)?|[a-z]+_+|language-[\w+#.-]+|md-align-(?:left|center|right)|md-image|md-pending)$/;

/** Everything in `root` that could run, load, navigate or restyle; empty when the render is safe. */
function violations(root: Element): string[] {
	const found: string[] = [];
	for (const element of Array.from(root.querySelectorAll('*'))) {
		const tag = element.tagName.toUpperCase();
		if (forbiddenTags.has(tag) || element.namespaceURI !== 'http://www.w3.org/1999/xhtml') found.push(`<${tag.toLowerCase()}>`);
		for (const { name, value } of Array.from(element.attributes)) {
			const lower = name.toLowerCase();
			if (lower.startsWith('on')) found.push(`${tag} ${name}`);
			else if (lower === 'style') found.push(`${tag} style`);
			else if (loadingAttributes.has(lower)) found.push(`${tag} ${name}=${value.slice(0, 40)}`);
			else if (lower === 'href' && !/^(?:https?:|mailto:|#)/i.test(value)) found.push(`${tag} href=${value.slice(0, 40)}`);
			else if (lower === 'class' && !value.split(/\s+/).every((c) => rendererClass.test(c))) found.push(`${tag} class=${value}`);
			else if (!['href', 'title', 'class', 'start', 'rel'].includes(lower)) found.push(`${tag} ${name}`);
		}
		if (tag === 'A' && element.hasAttribute('href') && element.getAttribute('rel') !== 'noopener noreferrer') found.push('A without rel=noopener');
	}
	return found;
}

function words(text: string): string[] {
	return text.match(/\s*\S+|\s+/g) ?? [];
}

/** Streams `text` in pieces; checks the DOM after every flush when it is small enough to afford it. */
function streamChecked(text: string): string[] {
	const container = view.container();
	const markdown = new StreamingMarkdown(container, view.renderer);
	const pieces = text.length > 20_000 ? text.match(/[\s\S]{1,9973}/g) ?? [] : words(text);
	const found = new Set<string>();
	for (const piece of pieces) {
		markdown.append(piece);
		markdown.flush();
		if (text.length <= 20_000) for (const v of violations(container)) found.add(v);
	}
	markdown.finish();
	for (const v of violations(container)) found.add(v);
	container.remove();
	return [...found];
}

function renderedAtOnce(text: string): { violations: string[]; text: string } {
	const container = view.container();
	const markdown = new StreamingMarkdown(container, view.renderer);
	markdown.append(text);
	markdown.finish();
	const result = { violations: violations(container), text: container.textContent ?? '' };
	container.remove();
	return result;
}

describe('rendering hostile replies', function () {
	this.timeout(120_000);

	it(`has a corpus of ${hostileCorpus.length} hostile inputs`, () => {
		assert.ok(hostileCorpus.length >= 40);
	});

	it('rendered at once: nothing that runs, loads, navigates or restyles, and the text still shows', () => {
		const results = hostileCorpus.map(({ name, text }) => {
			const rendered = renderedAtOnce(text);
			return { name, violations: rendered.violations, showsText: rendered.text.trim().length > 0 };
		});
		assert.deepEqual(results.filter((r) => r.violations.length > 0 || !r.showsText), []);
	});

	it('streamed: nothing unsafe at any step, either', () => {
		const results = hostileCorpus.map(({ name, text }) => ({ name, violations: streamChecked(text) }));
		assert.deepEqual(results.filter((r) => r.violations.length > 0), []);
	});

	it('raw HTML in a reply is shown as text, not dropped', () => {
		const rendered = renderedAtOnce('<style>* { display: none }</style> then <b>bold?</b>');
		assert.deepEqual(rendered, { violations: [], text: '<style>* { display: none }</style> then <b>bold?</b>\n' });
	});

	it('keeps web, mail and anchor links working, with rel=noopener', () => {
		const container = view.container();
		container.append(view.renderer.render(safeLinks));
		const links = Array.from(container.querySelectorAll('a')).map((a) => ({ href: a.getAttribute('href'), rel: a.getAttribute('rel') }));
		assert.deepEqual(links, [
			{ href: 'https://example.com/a?b=1#c', rel: 'noopener noreferrer' },
			{ href: 'mailto:someone@example.com', rel: 'noopener noreferrer' },
			{ href: '#section', rel: 'noopener noreferrer' },
			{ href: 'https://example.org', rel: 'noopener noreferrer' },
			{ href: 'https://example.net/x', rel: 'noopener noreferrer' },
		]);
	});

	it('turns images into links (web) or their alt text (anything else), loading nothing', () => {
		const container = view.container();
		container.append(view.renderer.render('![chart](https://example.com/c.png) ![inline](data:image/png;base64,AAAA)'));
		assert.equal(container.innerHTML, '<p><a class="md-image" href="https://example.com/c.png" rel="noopener noreferrer">chart</a> <a class="md-image">inline</a></p>\n');
	});
});
