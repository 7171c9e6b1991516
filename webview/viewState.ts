import type { ScrollPlace } from './reply/transcript';

/**
 * What the view keeps across being hidden and shown (the webview is destroyed when hidden, and
 * `retainContextWhenHidden` would keep a whole page alive for it): where the user had scrolled and
 * which Thinking and tool cards were open. The draft and its chips are the host's, in the snapshot.
 */
export interface ViewState {
	readonly conversationId: string;
	/** Where the user was reading. */
	readonly place: ScrollPlace;
	/** `<turn id>:<n>` of the n-th collapsible section of a turn (Thinking, tool cards): open or not. */
	readonly open: Readonly<Record<string, boolean>>;
}

/** Where the state is kept: the webview API's getState/setState, which survive a hide and show. */
export interface ViewStateStore {
	load(): unknown;
	save(state: ViewState): void;
}

/** The state read back, or undefined when it is missing or not ours. */
export function parseViewState(raw: unknown): ViewState | undefined {
	if (!raw || typeof raw !== 'object') return undefined;
	const state = raw as Partial<ViewState>;
	const place = state.place as Partial<ScrollPlace> | undefined;
	if (typeof state.conversationId !== 'string' || !place || typeof place !== 'object' || !state.open || typeof state.open !== 'object') return undefined;
	const open: Record<string, boolean> = {};
	for (const [key, value] of Object.entries(state.open)) if (typeof value === 'boolean') open[key] = value;
	const at = typeof place.turnId === 'string' && typeof place.offset === 'number' && !place.atEnd ? { atEnd: false, turnId: place.turnId, offset: place.offset } : { atEnd: true };
	return { conversationId: state.conversationId, place: at, open };
}

/** The open state of every collapsible section of the turns shown, by turn and position. */
export function openSections(root: Element): Record<string, boolean> {
	const open: Record<string, boolean> = {};
	for (const pair of root.querySelectorAll('[data-turn-id]')) {
		const id = pair.getAttribute('data-turn-id');
		pair.querySelectorAll('details').forEach((details, n) => { open[`${id}:${n}`] = details.open; });
	}
	return open;
}

/** Opens and closes the sections of the turns shown as they were. */
export function applyOpenSections(root: Element, open: Readonly<Record<string, boolean>>): void {
	for (const pair of root.querySelectorAll('[data-turn-id]')) {
		const id = pair.getAttribute('data-turn-id');
		pair.querySelectorAll('details').forEach((details, n) => {
			const was = open[`${id}:${n}`];
			if (was !== undefined) details.open = was;
		});
	}
}
