import { t } from '../l10n';
import type { ConversationSummaryView, HistoryList, WebviewMessage } from '../../src/protocol/messages';
import type { Clock } from '../timing/clock';
import { Debounced } from '../timing/debounced';
import { button, element, icon } from '../element';
import { displayLocale, formatUsd } from '../format';
import type { ViewAction } from '../viewActions';

export interface HistoryPanelDeps {
	readonly document: Document;
	readonly post: (message: WebviewMessage) => void;
	readonly clock: Clock;
	/** The panel wants to go away (Escape). */
	readonly onClose: () => void;
}

/** How long typing in the search must pause before the host is asked. */
const queryDelayMs = 150;

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
const weekday = new Intl.DateTimeFormat(displayLocale, { weekday: 'short' });
const monthDay = new Intl.DateTimeFormat(displayLocale, { month: 'short', day: 'numeric' });
const fullDate = new Intl.DateTimeFormat(displayLocale, { month: 'short', day: 'numeric', year: 'numeric' });
const dateTime = new Intl.DateTimeFormat(displayLocale, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * The saved conversations: a search (full text, on the host), a filter by served model, New
 * Chat, and one row per conversation with Open, Rename, Export and Delete (their clicks are the
 * app's, through `data-action`). The host answers
 * every `history/query` with a `history/list` that names the query it answers, so an answer
 * to something the user has typed past is dropped rather than shown.
 */
export class HistoryPanel {
	readonly element: HTMLElement;
	private readonly search: HTMLInputElement;
	private readonly filter: HTMLSelectElement;
	private readonly list: HTMLElement;
	private readonly status: HTMLElement;
	private models: readonly string[] = [];
	/** Asks the host once typing in the search pauses. */
	private readonly queryLater: Debounced;
	private shown = false;

	constructor(private readonly deps: HistoryPanelDeps) {
		const doc = deps.document;
		this.queryLater = new Debounced(deps.clock, queryDelayMs, () => this.query());
		this.search = element(doc, 'input', {
			className: 'history-search',
			attrs: { type: 'search', 'aria-label': t('Search conversations'), placeholder: t('Search conversations'), spellcheck: 'false' },
		}) as HTMLInputElement;
		this.filter = element(doc, 'select', { className: 'history-filter', attrs: { 'aria-label': t('Filter by model') } }) as HTMLSelectElement;
		this.setModels([]);
		this.list = element(doc, 'ul', { className: 'history-list', attrs: { 'aria-label': t('Conversations') } });
		this.status = element(doc, 'p', { className: 'history-status', text: t('Loading conversations…'), attrs: { role: 'status' } });
		// Clicks on its buttons reach the app's delegated listener through `data-action`.
		this.element = element(doc, 'section', { className: 'history', hidden: true, attrs: { id: 'history-panel', 'aria-labelledby': 'history-heading' } }, [
			element(doc, 'div', { className: 'history-bar' }, [
				button(doc, { label: t('Back to chat'), icon: 'arrow-left', action: 'history-hide', appearance: 'icon' }),
				element(doc, 'h2', { text: t('History'), attrs: { id: 'history-heading' } }),
				button(doc, { label: t('New Chat'), icon: 'add', action: 'history-new', appearance: 'secondary' }),
			]),
			element(doc, 'div', { className: 'history-controls' }, [this.search, this.filter]),
			this.status,
			this.list,
		]);
		this.search.addEventListener('input', () => this.queryLater.schedule());
		this.filter.addEventListener('change', () => this.query());
		this.element.addEventListener('keydown', (event) => this.onKeyDown(event));
	}

	get isOpen(): boolean {
		return this.shown;
	}

	/** Shows the panel, asks the host for the list as the search stands, and puts focus in the search. */
	open(): void {
		this.shown = true;
		this.element.hidden = false;
		this.query();
		this.search.focus();
	}

	close(): void {
		this.shown = false;
		this.element.hidden = true;
		this.queryLater.cancel();
	}

	/** A list from the host: shown only if it answers what the search and filter say now. */
	setList(list: HistoryList): void {
		if (list.query.trim() !== this.search.value.trim() || (list.modelFilter ?? '') !== this.filter.value) return;
		this.setModels(list.models);
		const focused = this.focusedRow();
		const doc = this.deps.document;
		const terms = searchTerms(list.query);
		const now = this.deps.clock.now();
		const rows = doc.createDocumentFragment();
		list.items.forEach((item, index) => rows.append(this.row(item, index, item.id === list.currentId, terms, now)));
		this.list.replaceChildren(rows);
		this.list.hidden = list.items.length === 0;
		const query = list.query.trim();
		this.status.textContent = list.items.length > 0
			? ''
			: query ? t('No conversation matches “{0}”.', query)
				: list.modelFilter ? t('No conversation used {0}.', list.modelFilter)
					: t('No conversations yet.');
		this.status.hidden = list.items.length > 0;
		if (focused) this.refocus(focused);
	}

	private row(item: ConversationSummaryView, index: number, current: boolean, terms: readonly string[], now: number): HTMLElement {
		const doc = this.deps.document;
		const titleId = `history-item-${index}-title`;
		const detailsId = `history-item-${index}-details`;
		const facts = [
			item.turnCount === 1 ? t('1 turn') : t('{0} turns', item.turnCount),
			item.models.length > 3 ? `${item.models.slice(0, 3).join(', ')} +${item.models.length - 3}` : item.models.join(', '),
			formatUsd(item.costUsd),
		].filter(Boolean);
		const open = element(doc, 'button', {
			className: 'history-open',
			action: 'history/open',
			attrs: {
				type: 'button', 'aria-labelledby': titleId, 'aria-describedby': detailsId,
				'aria-current': current ? 'true' : undefined,
			},
		}, [
			element(doc, 'span', { className: 'history-title', text: item.title || t('Untitled'), attrs: { id: titleId } }),
			element(doc, 'span', { className: 'history-details', attrs: { id: detailsId } }, [
				element(doc, 'span', { className: 'history-meta' }, [
					element(doc, 'time', { text: relativeDate(item.updatedAt, now), attrs: { datetime: new Date(item.updatedAt).toISOString(), title: dateTime.format(item.updatedAt) } }),
					` · ${facts.join(' · ')}`,
					item.pin && element(doc, 'span', { attrs: { title: t('Pinned to {0}', item.pin) } }, [' · ', icon(doc, 'pinned'), ` ${item.pin}`]),
				]),
				item.snippet && element(doc, 'span', { className: 'history-snippet' }, highlighted(doc, item.snippet, terms)),
			]),
		]);
		const name = item.title || t('Untitled');
		return element(doc, 'li', { className: `history-item${current ? ' current' : ''}`, attrs: { 'data-conversation-id': item.id, 'aria-current': current ? 'true' : undefined } }, [
			open,
			element(doc, 'span', { className: 'history-actions' }, [
				button(doc, { label: t('Rename “{0}”', name), icon: 'edit', action: 'history/rename', appearance: 'icon' }),
				button(doc, { label: t('Export “{0}”', name), icon: 'export', action: 'history/export', appearance: 'icon' }),
				button(doc, { label: t('Delete “{0}”', name), icon: 'trash', action: 'history/delete', appearance: 'icon' }),
			]),
		]);
	}

	private setModels(models: readonly string[]): void {
		const selected = this.filter.value;
		if (sameList(models, this.models) && this.filter.options.length > 0) return;
		this.models = models;
		const doc = this.deps.document;
		const all = [...models];
		// A filter chosen earlier stays selectable even if the host no longer lists its model.
		if (selected && !all.includes(selected)) all.push(selected);
		this.filter.replaceChildren(
			element(doc, 'option', { text: t('All models'), attrs: { value: '' } }),
			...all.map((model) => element(doc, 'option', { text: model, attrs: { value: model } })),
		);
		this.filter.value = selected;
	}

	private query(): void {
		this.queryLater.cancel();
		const modelFilter = this.filter.value;
		this.deps.post(modelFilter ? { type: 'history/query', query: this.search.value, modelFilter } : { type: 'history/query', query: this.search.value });
	}

	private onKeyDown(event: KeyboardEvent): void {
		if (event.key === 'Escape') {
			event.preventDefault();
			// The first Escape clears a search, the next one leaves.
			if (event.target === this.search && this.search.value) {
				this.search.value = '';
				this.query();
			} else {
				this.deps.onClose();
			}
			return;
		}
		const target = event.target as Element | null;
		if (!target?.classList?.contains('history-open')) return;
		// Up and Down move between conversations, as in a list box.
		const rows = Array.from(this.list.querySelectorAll<HTMLElement>('.history-open'));
		const index = rows.indexOf(target as HTMLElement);
		const next = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: rows.length - 1 }[event.key];
		if (next === undefined || !rows[next]) return;
		event.preventDefault();
		rows[next].focus();
	}

	/** Which row and control had focus, so a new list (after a rename, a delete) can give it back. */
	private focusedRow(): { id: string; index: number; action: string } | undefined {
		const active = this.deps.document.activeElement;
		const row = active?.closest?.('.history-item');
		if (!active || !row || !this.list.contains(row)) return undefined;
		return {
			id: row.getAttribute('data-conversation-id') ?? '',
			index: Array.from(this.list.children).indexOf(row),
			action: active.getAttribute('data-action') ?? ('history/open' satisfies ViewAction),
		};
	}

	private refocus(focused: { id: string; index: number; action: string }): void {
		const rows = Array.from(this.list.children);
		const same = rows.find((row) => row.getAttribute('data-conversation-id') === focused.id);
		const target = same?.querySelector<HTMLElement>(`[data-action="${focused.action}"]`)
			?? (rows[Math.min(focused.index, rows.length - 1)]?.querySelector<HTMLElement>('.history-open'))
			?? this.search;
		target.focus();
	}
}

/** The saved conversation a control in the history list acts on. */
export function conversationOf(control: Element): string | undefined {
	return control.closest('[data-conversation-id]')?.getAttribute('data-conversation-id') ?? undefined;
}

/** The words of a query, longest first so a longer match wins over a shorter one inside it. */
function searchTerms(query: string): string[] {
	return [...new Set(query.trim().split(/\s+/).filter(Boolean))].sort((a, b) => b.length - a.length);
}

/** The snippet as text nodes, with every occurrence of a search term in a `<mark>`. */
function highlighted(doc: Document, snippet: string, terms: readonly string[]): Node[] {
	if (terms.length === 0) return [doc.createTextNode(snippet)];
	const pattern = new RegExp(terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'giu');
	const nodes: Node[] = [];
	let from = 0;
	for (const match of snippet.matchAll(pattern)) {
		if (!match[0]) continue;
		const at = match.index ?? 0;
		if (at > from) nodes.push(doc.createTextNode(snippet.slice(from, at)));
		const mark = doc.createElement('mark');
		mark.textContent = match[0];
		nodes.push(mark);
		from = at + match[0].length;
	}
	if (from < snippet.length) nodes.push(doc.createTextNode(snippet.slice(from)));
	return nodes;
}

/** "just now", "5 min ago", "3 h ago", "Mon", "Mar 12", "Mar 12, 2024" (the dates in the display language). */
function relativeDate(at: number, now: number): string {
	const ago = now - at;
	if (ago < minute) return t('just now');
	if (ago < hour) return t('{0} min ago', Math.floor(ago / minute));
	if (ago < day) return t('{0} h ago', Math.floor(ago / hour));
	if (ago < 6 * day) return weekday.format(at);
	return new Date(at).getFullYear() === new Date(now).getFullYear() ? monthDay.format(at) : fullDate.format(at);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
	return a.length === b.length && a.every((value, i) => value === b[i]);
}
