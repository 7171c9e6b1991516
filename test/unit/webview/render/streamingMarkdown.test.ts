import * as assert from 'node:assert/strict';
import type { MarkdownRenderer } from '../../../../webview/render/markdown';
import { StreamingMarkdown } from '../../../../webview/render/streamingMarkdown';
import { createJsdomView } from '../jsdomView';
import { markdownCorpus } from './markdownCorpus';

const view = createJsdomView();
/**
 * Exact comparisons need the same rendering whatever the timing: never switch a block to the
 * "re-render when doubled" mode because one render happened to be slow (a GC pause, say).
 */
const exact = { slowRenderMs: Infinity };

/** Splits text the way models stream it: words with their leading space, newlines on their own. */
function words(text: string): string[] {
	return text.match(/\n|[^\S\n]*[^\s]+|[^\S\n]+/g) ?? [];
}

/** Deterministic pseudo-random chunk sizes (mulberry32), so failures reproduce. */
function randomChunks(text: string, seed: number): string[] {
	let state = seed;
	const next = () => {
		state = (state + 0x6d2b79f5) | 0;
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const chunks: string[] = [];
	for (let i = 0; i < text.length;) {
		const size = 1 + Math.floor(next() * 12);
		chunks.push(text.slice(i, i + size));
		i += size;
	}
	return chunks;
}

function renderWhole(text: string, finish: boolean, renderer: MarkdownRenderer = view.renderer): string {
	const container = view.container();
	const markdown = new StreamingMarkdown(container, renderer, exact);
	markdown.append(text);
	markdown.flush();
	if (finish) markdown.finish();
	return container.innerHTML;
}

/**
 * Streams `chunks`, flushing after each, and compares the DOM after every flush with rendering
 * the text so far at once. Returns the steps that differed (none is the expected answer).
 */
function streamAndCompare(chunks: readonly string[]): { step: number; text: string; streamed: string; whole: string }[] {
	const container = view.container();
	const markdown = new StreamingMarkdown(container, view.renderer, exact);
	const mismatches: { step: number; text: string; streamed: string; whole: string }[] = [];
	let text = '';
	chunks.forEach((chunk, step) => {
		text += chunk;
		markdown.append(chunk);
		markdown.flush();
		// A trailing "\r" is held back until the next piece shows whether "\n" follows.
		const whole = renderWhole(text.endsWith('\r') ? text.slice(0, -1) : text, false);
		if (container.innerHTML !== whole) mismatches.push({ step, text, streamed: container.innerHTML, whole });
	});
	markdown.finish();
	const whole = renderWhole(text, true);
	if (container.innerHTML !== whole) mismatches.push({ step: chunks.length, text, streamed: container.innerHTML, whole });
	return mismatches;
}

describe('StreamingMarkdown', function () {
	this.timeout(60_000); // jsdom is slow with the long inputs
	it('streamed word by word, matches rendering the text so far at once after every word', () => {
		const failures = markdownCorpus.flatMap((doc, index) => streamAndCompare(words(doc)).slice(0, 1).map((m) => ({ index, ...m })));
		assert.deepEqual(failures, []);
	});

	it('streamed in random chunks (cutting words and markers), matches rendering at once', () => {
		const failures = markdownCorpus.flatMap((doc, index) =>
			[1, 2, 3].flatMap((seed) => streamAndCompare(randomChunks(doc, seed * 7919 + index)).slice(0, 1).map((m) => ({ index, seed, ...m }))));
		assert.deepEqual(failures, []);
	});

	it('once finished, renders exactly what markdown-it renders for the whole text', () => {
		const failures = markdownCorpus
			.map((doc, index) => {
				const container = view.container();
				container.append(view.renderer.render(doc.replace(/\r\n?/g, '\n')));
				return { index, oneShot: container.innerHTML, blocks: renderWhole(doc, true) };
			})
			.filter((r) => r.oneShot !== r.blocks);
		assert.deepEqual(failures, []);
	});

	it('renders an unclosed fence as code while it streams, and highlights it when finished', () => {
		const container = view.container();
		const markdown = new StreamingMarkdown(container, view.renderer);
		markdown.append('Intro.\n\n```ts\nconst a = 1;\n');
		markdown.flush();
		const streaming = container.innerHTML;
		markdown.finish();
		assert.deepEqual({ streaming, finished: container.innerHTML }, {
			streaming: '<p>Intro.</p>\n<pre><code class="language-ts">const a = 1;\n</code></pre>',
			finished: '<p>Intro.</p>\n<pre><code class="language-ts"><span class="hljs-keyword">const</span> a = <span class="hljs-number">1</span>;\n</code></pre>\n',
		});
	});

	it('never parses a finished block again and keeps its nodes', () => {
		const parsed: string[] = [];
		const counting: MarkdownRenderer = { render: (markdown) => (parsed.push(markdown), view.renderer.render(markdown)) };
		const container = view.container();
		const markdown = new StreamingMarkdown(container, counting, exact);
		const doc = 'First paragraph ends with ALPHA.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```js\nlet BETA = 1;\n```\n\nLast paragraph GAMMA and more words.';
		let firstParagraph: ChildNode | undefined;
		let table: ChildNode | undefined;
		const parsesAfter: Record<string, number> = {};
		for (const word of words(doc)) {
			markdown.append(word);
			markdown.flush();
			if (!firstParagraph && markdown.text.includes('| a')) {
				firstParagraph = container.firstChild ?? undefined;
				parsesAfter.ALPHA = parsed.length;
			}
			if (!table && markdown.text.includes('```js')) {
				table = Array.from(container.childNodes).find((n) => n.nodeName === 'TABLE');
				parsesAfter.table = parsed.length;
			}
		}
		markdown.finish();
		assert.deepEqual({
			sameParagraphNode: container.firstChild === firstParagraph,
			sameTableNode: Array.from(container.childNodes).includes(table as ChildNode),
			alphaParsedLater: parsed.slice(parsesAfter.ALPHA).filter((s) => s.includes('ALPHA')).length,
			tableParsedLater: parsed.slice(parsesAfter.table).filter((s) => s.includes('| 1 |')).length,
			codeParsedOnce: parsed.filter((s) => s.includes('BETA')).length,
		}, { sameParagraphNode: true, sameTableNode: true, alphaParsedLater: 0, tableParsedLater: 0, codeParsedOnce: 1 });
	});

	it('appends plain words without parsing: a long paragraph costs a handful of parses, not one per word', () => {
		const parsed: string[] = [];
		const counting: MarkdownRenderer = { render: (markdown) => (parsed.push(markdown), view.renderer.render(markdown)) };
		const markdown = new StreamingMarkdown(view.container(), counting, exact);
		const sentence = 'The router picks a model sized for every turn, so quick answers stay cheap and hard questions get a strong model. ';
		const doc = sentence.repeat(20);
		for (const word of words(doc)) {
			markdown.append(word);
			markdown.flush();
		}
		assert.deepEqual({ words: words(doc).length, parses: parsed.length }, { words: 421, parses: 1 });
	});

	it('keeps the work per update bounded on a long line that needs markup: re-renders only when the block has doubled', () => {
		const parsed: number[] = [];
		const counting: MarkdownRenderer = { render: (markdown) => (parsed.push(markdown.length), view.renderer.render(markdown)) };
		const container = view.container();
		const markdown = new StreamingMarkdown(container, counting);
		const piece = '*a*[b](c)`d` '.repeat(80); // no fast path: every piece needs markup
		for (let i = 0; i < 100; i++) {
			markdown.append(piece);
			markdown.flush();
		}
		const total = parsed.reduce((a, b) => a + b, 0);
		const textLength = markdown.text.length;
		markdown.finish();
		assert.deepEqual({
			parsedAtMostFourTimesTheText: total <= 4 * textLength,
			finalMatchesWhole: container.innerHTML === renderWhole(markdown.text, true),
		}, { parsedAtMostFourTimesTheText: true, finalMatchesWhole: true });
	});

	it('once a render of the open block was slow, re-renders it only when it has doubled', () => {
		let clock = 0;
		const parsed: number[] = [];
		const slowRenderer: MarkdownRenderer = { render: (markdown) => (parsed.push(markdown.length), clock += 10, view.renderer.render(markdown)) };
		const container = view.container();
		const markdown = new StreamingMarkdown(container, slowRenderer, { now: () => clock, slowRenderMs: 4 });
		for (let i = 0; i < 94; i++) {
			markdown.append('*x* '.repeat(16));
			markdown.flush();
		}
		// Up to 2 KB a slow render is taken for noise; past it, the block was rendered at 4096
		// characters (its trailing space not shown) and the rest shows as plain text until 8192.
		const pending = container.querySelector('.md-pending')?.textContent;
		markdown.finish();
		assert.deepEqual({ parsedAbove2k: parsed.filter((n) => n > 2048), pending, final: container.innerHTML === renderWhole(markdown.text, true) }, {
			parsedAbove2k: [4096, 6016],
			pending: ` ${'*x* '.repeat((6016 - 4096) / 4)}`,
			final: true,
		});
	});

	it('normalises line endings like markdown-it, even when "\\r\\n" is split across pieces', () => {
		const container = view.container();
		const markdown = new StreamingMarkdown(container, view.renderer);
		for (const piece of ['one\r', '\ntwo\r', '\r', '\nthree\0']) markdown.append(piece);
		markdown.finish();
		assert.deepEqual({ text: markdown.text, html: container.innerHTML }, { text: 'one\ntwo\n\nthree\uFFFD', html: '<p>one\ntwo</p>\n<p>three\uFFFD</p>\n' });
	});
});
