import type { MarkdownRenderer } from './markdown';

/**
 * The DOM side of the streaming renderer: blocks rendered through the markdown renderer, a code
 * block still being streamed as plain text, and the pending text of a large block, all added at
 * the end of the container, where the block being written always is. The code blocks it makes
 * are handed to `decorateCode` (the toolbar), which the driver never needs to know about.
 */
export class BlockRenderer {
	constructor(
		private readonly container: HTMLElement,
		private readonly renderer: MarkdownRenderer,
		private readonly decorateCode: ((pre: HTMLPreElement) => void) | undefined,
		private readonly colourLater?: (pre: Element) => void,
	) {}

	/** The block's markdown rendered, its code blocks decorated. */
	render(markdown: string): DocumentFragment {
		const fragment = this.renderer.render(markdown);
		return mayHoldCode(markdown) ? this.decorated(fragment) : fragment;
	}

	/** Finished blocks, in order, rendered in one go where the renderer can (see \`renderAll\`). */
	renderAll(markdowns: readonly string[]): DocumentFragment {
		if (markdowns.length === 1 || !this.renderer.renderAll) {
			const fragment = this.container.ownerDocument.createDocumentFragment();
			for (const markdown of markdowns) fragment.append(this.render(markdown));
			return fragment;
		}
		const fragment = this.renderer.renderAll(markdowns);
		return markdowns.some((markdown) => mayHoldCode(markdown)) ? this.decorated(fragment) : fragment;
	}

	/** An open fence as it streams: `text` (which grows) in `pre > code`, decorated already. */
	codeBlock(text: Text, language: string): DocumentFragment {
		const doc = this.container.ownerDocument;
		const fragment = doc.createDocumentFragment();
		const pre = doc.createElement('pre');
		const code = doc.createElement('code');
		if (/^[\w+#.-]{1,40}$/.test(language)) code.className = `language-${language}`;
		code.append(text);
		pre.append(code);
		fragment.append(pre);
		this.decorateCode?.(pre);
		return fragment;
	}

	/**
	 * A fence closed: swaps the highlighted code into the streamed block (`nodes`, its first code
	 * text `code`), keeping what `decorateCode` put around it (its toolbar), which would cost more
	 * to build again.
	 */
	finishCode(nodes: readonly ChildNode[], code: Text | undefined, source: string): void {
		const { colourLater, renderer } = this;
		const later = colourLater && renderer.withPlainCode && renderer.highlightPlain ? colourLater : undefined;
		const fragment = later ? renderer.withPlainCode!(() => renderer.render(source)) : renderer.render(source);
		const blocks = later ? Array.from(fragment.querySelectorAll('pre')) : [];
		const pre = fragment.firstElementChild;
		const streamed = code?.parentNode?.parentNode;
		if (!pre || pre.nodeName !== 'PRE' || fragment.childElementCount !== 1 || !streamed || streamed.nodeName !== 'PRE') {
			this.replace(nodes, this.decorated(fragment));
		} else {
			(streamed as Element).replaceWith(pre);
			this.container.append(fragment); // the newline markdown-it writes after the block
		}
		for (const block of blocks) later!(block);
	}

	/** Adds a box for plain text shown after a large block's last full render; returns its text node. */
	pendingBox(text: string): { box: HTMLElement; text: Text } {
		const doc = this.container.ownerDocument;
		const box = doc.createElement('div');
		box.className = 'md-pending';
		const node = doc.createTextNode(text);
		box.append(node);
		this.container.append(box);
		return { box, text: node };
	}

	/** Replaces `old` (always the last nodes in the container) with `nodes`; returns the new ones. */
	replace(old: readonly ChildNode[] | undefined, nodes: DocumentFragment | []): ChildNode[] {
		if (old) for (const node of old) node.remove();
		if (Array.isArray(nodes)) return [];
		const added = Array.from(nodes.childNodes);
		this.container.append(nodes);
		return added;
	}

	private decorated(fragment: DocumentFragment): DocumentFragment {
		if (this.decorateCode) for (const pre of Array.from(fragment.querySelectorAll('pre'))) this.decorateCode(pre);
		return fragment;
	}
}

/** Only fences and indented lines make code blocks: most blocks need no search for them. */
function mayHoldCode(markdown: string): boolean {
	return /`{3}|~{3}|(?:^|\n) {0,3}[ \t]/.test(markdown);
}

/**
 * Grows streamed text that began as `first`: the new text goes in a node of its own after it
 * (see appendText in inlineAppend.ts for why a laid-out node is not grown in place).
 */
export function appendAfter(first: Text, text: string): void {
	first.parentNode?.append(text);
}
