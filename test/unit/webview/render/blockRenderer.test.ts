import * as assert from 'node:assert/strict';
import { appendAfter, BlockRenderer } from '../../../../webview/render/blockRenderer';
import type { MarkdownRenderer } from '../../../../webview/render/markdown';
import { createJsdomView } from '../jsdomView';

const view = createJsdomView();

/** Wraps a code block as the reply view's toolbar does, counting how often it is called. */
function wrapper(): { decorate: (pre: HTMLPreElement) => void; calls: () => number } {
	let calls = 0;
	return {
		decorate(pre) {
			calls++;
			const box = pre.ownerDocument.createElement('div');
			box.className = 'toolbar';
			pre.replaceWith(box);
			box.append(pre);
		},
		calls: () => calls,
	};
}

describe('BlockRenderer', () => {
	it('streams an open fence as plain text, then swaps the highlighted code into the same toolbar', () => {
		const container = view.container();
		const toolbar = wrapper();
		const blocks = new BlockRenderer(container, view.renderer, toolbar.decorate);
		const code = view.document.createTextNode('let a = 1;\n');
		const nodes = blocks.replace(undefined, blocks.codeBlock(code, 'ts'));
		appendAfter(code, 'let b = 2;\n');
		const streaming = container.innerHTML;
		const box = container.firstChild;
		blocks.finishCode(nodes, code, '```ts\nlet a = 1;\nlet b = 2;\n```\n');
		assert.deepEqual({ streaming, finished: container.innerHTML, sameToolbar: container.firstChild === box, decorated: toolbar.calls() }, {
			streaming: '<div class="toolbar"><pre><code class="language-ts">let a = 1;\nlet b = 2;\n</code></pre></div>',
			finished: '<div class="toolbar"><pre><code class="language-ts"><span class="hljs-keyword">let</span> a = <span class="hljs-number">1</span>;\n'
				+ '<span class="hljs-keyword">let</span> b = <span class="hljs-number">2</span>;\n</code></pre></div>\n',
			sameToolbar: true,
			decorated: 1,
		});
	});

	it('renders the whole block again, decorated, when the closed fence is not one code block', () => {
		const container = view.container();
		const toolbar = wrapper();
		const notCode: MarkdownRenderer = { render: () => view.renderer.render('Just *text*.') };
		const blocks = new BlockRenderer(container, notCode, toolbar.decorate);
		const code = view.document.createTextNode('x');
		const nodes = blocks.replace(undefined, blocks.codeBlock(code, 'weird language!'));
		blocks.finishCode(nodes, code, '```\nx\n```\n');
		assert.deepEqual({ html: container.innerHTML, decorated: toolbar.calls() }, { html: '<p>Just <em>text</em>.</p>\n', decorated: 1 });
	});

	it('decorates only rendered blocks that hold code, and shows pending text in a box of its own', () => {
		const container = view.container();
		const toolbar = wrapper();
		const blocks = new BlockRenderer(container, view.renderer, toolbar.decorate);
		const paragraph = blocks.replace(undefined, blocks.render('Some *words*.'));
		const indented = blocks.replace(undefined, blocks.render('    indented code'));
		const { box, text } = blocks.pendingBox(' more');
		appendAfter(text, ' and more');
		assert.deepEqual({
			html: container.innerHTML,
			nodes: [paragraph.length, indented.length],
			box: box.outerHTML,
			decorated: toolbar.calls(),
		}, {
			html: '<p>Some <em>words</em>.</p>\n<div class="toolbar"><pre><code>indented code\n</code></pre></div>\n<div class="md-pending"> more and more</div>',
			nodes: [2, 2],
			box: '<div class="md-pending"> more and more</div>',
			decorated: 1,
		});
	});
});
