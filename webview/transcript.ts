import type { TurnView } from '../src/protocol/messages';
import { button, element, icon } from './element';
import { ReplyView, type ReplyViewDeps } from './replyView';

/** One question and its reply in the transcript. */
export interface TurnEntry {
	readonly id: string;
	readonly question: string;
	readonly element: HTMLElement;
	readonly edit: HTMLElement;
	readonly reply: ReplyView;
}

/**
 * The conversation: the empty state, or one question/reply pair per turn. It scrolls on its own;
 * a sentinel at the end is the only scroll anchor, so while the user is at the bottom the browser
 * keeps them there as replies grow (CSS scroll anchoring: no layout reads on every frame), and
 * once they scroll up the text stays put under their eyes.
 */
export class Transcript {
	readonly element: HTMLElement;
	private readonly turns: HTMLElement;
	private readonly anchor: HTMLElement;
	private entries: TurnEntry[] = [];

	constructor(private readonly deps: ReplyViewDeps) {
		const doc = deps.document;
		this.turns = element(doc, 'div', { className: 'turns' });
		this.anchor = element(doc, 'div', { className: 'scroll-anchor', attrs: { 'aria-hidden': 'true' } });
		this.element = element(doc, 'div', { className: 'transcript', attrs: { tabindex: '-1' } }, [this.turns, this.anchor]);
	}

	get all(): readonly TurnEntry[] {
		return this.entries;
	}

	get last(): TurnEntry | undefined {
		return this.entries[this.entries.length - 1];
	}

	find(id: string): TurnEntry | undefined {
		for (let i = this.entries.length - 1; i >= 0; i--) if (this.entries[i].id === id) return this.entries[i];
		return undefined;
	}

	/** Renders `turns` from scratch. */
	reset(turns: readonly TurnView[]): void {
		for (const entry of this.entries) entry.reply.dispose();
		this.entries = [];
		this.turns.replaceChildren();
		if (turns.length === 0) this.turns.append(this.emptyState());
		for (const turn of turns) this.add(turn);
	}

	add(turn: TurnView): TurnEntry {
		if (this.entries.length === 0) this.turns.replaceChildren();
		const doc = this.deps.document;
		const reply = new ReplyView(turn.id, turn.reply, this.deps);
		const edit = button(doc, { label: 'Edit', icon: 'edit', action: 'edit', appearance: 'icon', hidden: true });
		const question = element(doc, 'article', { className: 'turn question', attrs: { 'aria-label': 'You' } }, [
			element(doc, 'div', { className: 'turn-header' }, [
				element(doc, 'span', { className: 'turn-avatar' }, [icon(doc, 'account')]),
				element(doc, 'span', { className: 'turn-author', text: 'You' }),
				element(doc, 'span', { className: 'turn-actions' }, [edit]),
			]),
			// The user's own words, as plain text: never parsed, never markup.
			element(doc, 'div', { className: 'question-text', text: turn.question }),
			turn.context && element(doc, 'span', {
				className: 'context-chip',
				attrs: { title: `${turn.context.language}, sent with the question`, 'aria-label': `Attached: ${turn.context.path}, lines ${turn.context.startLine} to ${turn.context.endLine}` },
			}, [icon(doc, 'file-code'), ` ${turn.context.path}:${turn.context.startLine}-${turn.context.endLine}`]),
		]);
		const pair = element(doc, 'div', { className: 'turn-pair', attrs: { 'data-turn-id': turn.id } }, [question, reply.element]);
		this.turns.append(pair);
		const entry: TurnEntry = { id: turn.id, question: turn.question, element: pair, edit, reply };
		this.entries.push(entry);
		return entry;
	}

	/** Shows the end of the conversation (after sending, or when a snapshot arrives). */
	scrollToEnd(): void {
		this.anchor.scrollIntoView?.({ block: 'end' });
	}

	private emptyState(): HTMLElement {
		const doc = this.deps.document;
		return element(doc, 'section', { className: 'empty-state', attrs: { 'aria-labelledby': 'empty-title' } }, [
			element(doc, 'span', { className: 'empty-icon' }, [icon(doc, 'comment-discussion')]),
			element(doc, 'h2', { text: 'Chat with Flux', attrs: { id: 'empty-title' } }),
			element(doc, 'p', { text: 'FluxRouter picks a model sized for every turn: quick answers stay cheap, hard questions get a strong model.' }),
			element(doc, 'p', { className: 'empty-hint', text: 'Ask a question below. Enter sends, Shift+Enter starts a new line.' }),
		]);
	}
}
