import { t } from '../l10n';
import type { TurnView } from '../../src/protocol/messages';
import { sentChip } from '../composer/chips';
import { button, element, icon } from '../element';
import type { FrameTask } from '../timing/frameScheduler';
import { plainCodeClass } from '../render/markdown';
import { ReplyView, type ReplyViewDeps } from './replyView';

/** Turns drawn at most when a conversation opens, fewer once they fill the view. */
const firstScreenTurns = 6;
/**
 * Older turns drawn in one animation frame while the user scrolls up: at most this many, and no
 * more once drawing has taken this long (at least one), so a frame stays short on a busy machine.
 * Their code is coloured after they are painted, as on the first screen: drawing a turn and
 * styling its highlighted code took most of a frame's time.
 */
const turnsPerFrame = 3;
const frameBudgetMs = 5;

/** Where the user was reading (see `Transcript.scrollPlace`). */
export interface ScrollPlace {
	readonly atEnd: boolean;
	readonly turnId?: string;
	/** Pixels from the top of that turn to the top of the view. */
	readonly offset?: number;
}

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
export class Transcript implements FrameTask {
	readonly element: HTMLElement;
	private readonly turns: HTMLElement;
	private readonly anchor: HTMLElement;
	/** Shown above the oldest turn while older ones exist; asks for them when it scrolls into view. */
	private readonly earlier: HTMLElement;
	private readonly observer: IntersectionObserver | undefined;
	private entries: TurnEntry[] = [];
	/** Turns older than the oldest drawn, oldest first, waiting to be drawn a few per frame. */
	private pending: TurnView[] = [];
	/** Turns older still, which only the host has. */
	private earlierTurns = 0;
	private loadingEarlier = false;
	/** The empty chat's first steps (Set API Key, the walkthrough), shown while no key is set. */
	private readonly setup: HTMLElement;
	/** Code blocks drawn plain, waiting to be coloured one per task (see `colourAfterPaint`). */
	private uncoloured: Element[] = [];
	private colouring = false;
	/** What each reply is drawn with: a fence that closes while streaming is coloured after paint too. */
	private readonly replyDeps: ReplyViewDeps;

	/** `onNeedEarlier` is asked for the page before a turn id when the user reaches the top. */
	constructor(private readonly deps: ReplyViewDeps, private readonly onNeedEarlier: (beforeTurnId: string) => void) {
		const doc = deps.document;
		this.replyDeps = { ...deps, colourLater: (pre) => this.colourAfterPaint([pre]) };
		this.turns = element(doc, 'div', { className: 'turns' });
		this.anchor = element(doc, 'div', { className: 'scroll-anchor', attrs: { 'aria-hidden': 'true' } });
		this.earlier = button(doc, { label: t('Load earlier turns'), icon: 'fold-up', action: 'load-earlier', hidden: true });
		this.setup = element(doc, 'div', { className: 'empty-setup', hidden: true, attrs: { role: 'group', 'aria-label': t('Get started') } }, [
			element(doc, 'p', { text: t('First, set your FluxRouter API key. The walkthrough shows the rest in five minutes.') }),
			button(doc, { label: t('Set API Key'), icon: 'key', action: 'setup-setApiKey', appearance: 'primary' }),
			button(doc, { label: t('Open Walkthrough'), icon: 'book', action: 'setup-openWalkthrough' }),
		]);
		this.element = element(doc, 'div', { className: 'transcript', attrs: { tabindex: '-1' } }, [
			element(doc, 'div', { className: 'earlier' }, [this.earlier]),
			this.turns,
			this.anchor,
		]);
		const View = doc.defaultView as (Window & typeof globalThis) | null;
		this.observer = View?.IntersectionObserver
			? new View.IntersectionObserver((seen) => { if (seen.some((e) => e.isIntersecting)) this.loadEarlier(); }, { root: this.element, rootMargin: '600px 0px 0px 0px' })
			: undefined;
		this.observer?.observe(this.earlier);
	}

	/**
	 * Shows older turns: the next few already here, else the host's page before the oldest one
	 * (asked for once at a time).
	 */
	loadEarlier(): void {
		if (this.pending.length) {
			this.deps.scheduler.schedule(this);
			return;
		}
		const oldest = this.entries[0];
		if (this.earlierTurns === 0 || this.loadingEarlier || !oldest) return;
		this.loadingEarlier = true;
		this.onNeedEarlier(oldest.id);
	}

	/** An older page from the host: drawn above the oldest turn, a few per frame. */
	prepend(turns: readonly TurnView[], earlierTurns: number): void {
		this.loadingEarlier = false;
		this.earlierTurns = earlierTurns;
		this.pending = [...turns, ...this.pending];
		this.updateEarlier();
		if (this.pending.length) this.deps.scheduler.schedule(this);
	}

	/** Draws the next few older turns above the oldest, keeping what the user looks at in place. */
	flush(): void {
		const { clock } = this.deps;
		const started = clock.now();
		const added: TurnEntry[] = [];
		this.withPlainCode(() => {
			while (this.pending.length && added.length < turnsPerFrame && (added.length === 0 || clock.now() - started < frameBudgetMs)) {
				added.unshift(this.build(this.pending.pop()!));
			}
		});
		if (added.length === 0) return;
		const fragment = this.deps.document.createDocumentFragment();
		for (const entry of added) fragment.append(entry.element);
		const fromBottom = this.element.scrollHeight - this.element.scrollTop;
		this.turns.prepend(fragment);
		this.entries = [...added, ...this.entries];
		this.element.scrollTop = this.element.scrollHeight - fromBottom;
		this.updateEarlier();
		this.colourAfterPaint(added.map((entry) => entry.element));
		if (!this.observer) {
			if (this.pending.length) this.deps.scheduler.schedule(this);
		} else if (this.pending.length || this.earlierTurns > 0) {
			// Draw more only while the top is near; the observer reports the control afresh.
			this.observer.unobserve(this.earlier);
			this.observer.observe(this.earlier);
		}
	}

	/** The reply in flight, if any: usually the last, but a turn in the middle can be run again. */
	get inFlight(): TurnEntry | undefined {
		for (let i = this.entries.length - 1; i >= 0; i--) if (this.entries[i].reply.inFlight) return this.entries[i];
		return undefined;
	}

	get all(): readonly TurnEntry[] {
		return this.entries;
	}

	get last(): TurnEntry | undefined {
		return this.entries[this.entries.length - 1];
	}

	/** The turn a control inside it (Edit, Regenerate, an error's action…) belongs to. */
	entryOf(control: Element): TurnEntry | undefined {
		const id = control.closest('[data-turn-id]')?.getAttribute('data-turn-id') ?? undefined;
		return id === undefined ? undefined : this.find(id);
	}

	find(id: string): TurnEntry | undefined {
		for (let i = this.entries.length - 1; i >= 0; i--) if (this.entries[i].id === id) return this.entries[i];
		return undefined;
	}

	/**
	 * Renders `turns` from scratch: the newest at once, the rest as the user scrolls up; the host
	 * has `earlierTurns` more.
	 */
	reset(turns: readonly TurnView[], earlierTurns = 0): void {
		for (const entry of this.entries) entry.reply.dispose();
		this.entries = [];
		this.loadingEarlier = false;
		this.deps.scheduler.cancel(this);
		this.earlierTurns = earlierTurns;
		if (turns.length === 0) {
			this.pending = [];
			this.updateEarlier();
			this.turns.replaceChildren(this.emptyState());
			return;
		}
		// Newest first, only until the view is full: one long reply often fills it, and every turn
		// drawn here delays the first paint (a fresh view runs its renderer cold). The rest wait
		// above, drawn a few per frame as the top comes near.
		// Code is coloured once that screen has been painted.
		this.turns.replaceChildren();
		this.uncoloured = [];
		let drawn = 0;
		this.withPlainCode(() => {
			while (drawn < Math.min(firstScreenTurns, turns.length)) {
				const entry = this.build(turns[turns.length - 1 - drawn]);
				this.turns.prepend(entry.element);
				this.entries.unshift(entry);
				drawn++;
				if (this.filled()) break;
			}
		});
		this.pending = turns.slice(0, turns.length - drawn);
		this.updateEarlier();
		this.colourAfterPaint([this.turns]);
	}

	/** Runs `draw` with code blocks left plain, when the renderer can colour them later. */
	private withPlainCode(draw: () => void): void {
		const { markdown } = this.deps;
		if (markdown.withPlainCode && markdown.highlightPlain) markdown.withPlainCode(draw);
		else draw();
	}

	/** Colours the code blocks drawn plain in `roots`, one per task, once they have been painted. */
	private colourAfterPaint(roots: readonly Element[]): void {
		const { markdown, scheduler, clock } = this.deps;
		for (const root of roots) this.uncoloured.push(...root.querySelectorAll(`code.${plainCodeClass}`));
		if (this.colouring || this.uncoloured.length === 0 || !markdown.highlightPlain) return;
		this.colouring = true;
		const next = () => {
			const block = this.uncoloured.shift();
			if (!block) {
				this.colouring = false;
				return;
			}
			// A reply drawn again since (an edit, a new snapshot) has new blocks of its own.
			if (block.isConnected) markdown.highlightPlain!(block);
			clock.setTimeout(next, 0);
		};
		// Two frames on: the first is the one that paints them.
		scheduler.schedule({ flush: () => scheduler.schedule({ flush: () => clock.setTimeout(next, 0) }) });
	}

	/** Whether the drawn turns fill the view's height (a hidden view, with none, is never full). */
	private filled(): boolean {
		const height = this.element.clientHeight;
		// The turns' own height: their box is at least as tall as the view (see chat.css).
		const first = this.turns.firstElementChild as HTMLElement | null;
		const last = this.turns.lastElementChild as HTMLElement | null;
		return height > 0 && !!first && !!last && last.offsetTop + last.offsetHeight - first.offsetTop >= height;
	}

	/**
	 * Where the user is reading: at the end, or the turn at the top of the view and how far into
	 * it. Measured against the content, not the viewport, so a view shrinking as it is hidden
	 * does not move it.
	 */
	get scrollPlace(): ScrollPlace {
		const el = this.element;
		if (el.scrollHeight - el.scrollTop - el.clientHeight < 24) return { atEnd: true };
		const top = el.getBoundingClientRect().top;
		for (const entry of this.entries) {
			const box = entry.element.getBoundingClientRect();
			if (box.bottom > top) return { atEnd: false, turnId: entry.id, offset: Math.round(top - box.top) };
		}
		return { atEnd: true };
	}

	/** Scrolls back to `place`, drawing older turns still waiting when its turn is one of them. */
	restoreScroll(place: ScrollPlace): void {
		if (place.atEnd || place.turnId === undefined) {
			this.scrollToEnd();
			return;
		}
		while (this.pending.length && !this.find(place.turnId)) this.flush();
		const entry = this.find(place.turnId);
		if (!entry) return;
		const el = this.element;
		el.scrollTop += entry.element.getBoundingClientRect().top - el.getBoundingClientRect().top + (place.offset ?? 0);
	}

	add(turn: TurnView): TurnEntry {
		if (this.entries.length === 0) this.turns.replaceChildren();
		const entry = this.build(turn);
		this.turns.append(entry.element);
		this.entries.push(entry);
		return entry;
	}

	private updateEarlier(): void {
		const count = this.pending.length + this.earlierTurns;
		const label = t('Load earlier turns ({0} more)', count);
		this.earlier.hidden = count === 0;
		this.earlier.setAttribute('aria-label', label);
		this.earlier.title = label;
		this.earlier.lastChild!.textContent = label;
	}

	private build(turn: TurnView): TurnEntry {
		const doc = this.deps.document;
		const reply = new ReplyView(turn.id, turn, this.replyDeps);
		const edit = button(doc, { label: t('Edit'), icon: 'edit', action: 'edit', appearance: 'icon', hidden: true });
		const question = element(doc, 'article', { className: 'turn question', attrs: { 'aria-label': t('You') } }, [
			element(doc, 'div', { className: 'turn-header' }, [
				element(doc, 'span', { className: 'turn-avatar' }, [icon(doc, 'account')]),
				element(doc, 'span', { className: 'turn-author', text: t('You') }),
				element(doc, 'span', { className: 'turn-actions' }, [edit]),
			]),
			// The user's own words, as plain text: never parsed, never markup.
			element(doc, 'div', { className: 'question-text', text: turn.question }),
			turn.context && element(doc, 'span', {
				className: 'context-chip',
				attrs: { title: t('{0}, sent with the question', turn.context.language), 'aria-label': t('Attached: {0}, lines {1} to {2}', turn.context.path, turn.context.startLine, turn.context.endLine) },
			}, [icon(doc, 'file-code'), ` ${turn.context.path}:${turn.context.startLine}-${turn.context.endLine}`]),
			turn.attachments?.length ? element(doc, 'div', { className: 'question-chips' }, turn.attachments.map((a) => sentChip(doc, a))) : undefined,
		]);
		const pair = element(doc, 'div', { className: 'turn-pair', attrs: { 'data-turn-id': turn.id } }, [question, reply.element]);
		return { id: turn.id, question: turn.question, element: pair, edit, reply };
	}

	/** Offers the first steps in the empty chat while no key is set (the host says when that changes). */
	setNeedsKey(needsKey: boolean): void {
		this.setup.hidden = !needsKey;
	}

	/** Whether the view shows the very end: the scroll anchor (the sentinel) is in view, if only in part. */
	get atEnd(): boolean {
		const view = this.element.getBoundingClientRect();
		const anchor = this.anchor.getBoundingClientRect();
		return view.height > 0 && anchor.top < view.bottom && anchor.bottom > view.top;
	}

	/** Shows the end of the conversation (after sending, or when a snapshot arrives). */
	scrollToEnd(): void {
		this.anchor.scrollIntoView?.({ block: 'end' });
	}

	private emptyState(): HTMLElement {
		const doc = this.deps.document;
		return element(doc, 'section', { className: 'empty-state', attrs: { 'aria-labelledby': 'empty-title' } }, [
			element(doc, 'span', { className: 'empty-icon' }, [icon(doc, 'comment-discussion')]),
			element(doc, 'h2', { text: t('Chat with Flux'), attrs: { id: 'empty-title' } }),
			element(doc, 'p', { text: t('FluxRouter picks a model sized for every turn: quick answers stay cheap, hard questions get a strong model.') }),
			this.setup,
			element(doc, 'p', { className: 'empty-hint', text: t('Ask a question below. Enter sends, Shift+Enter starts a new line.') }),
		]);
	}
}
