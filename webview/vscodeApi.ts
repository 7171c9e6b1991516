import type { HostMessage, WebviewMessage } from '../src/protocol/messages';
import type { ViewStateStore } from './viewState';

interface VsCodeApi {
	postMessage(message: WebviewMessage): void;
	getState(): unknown;
	setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** The one handle on the host; acquireVsCodeApi may be called only once per load. */
const api = acquireVsCodeApi();

export function postToHost(message: WebviewMessage): void {
	api.postMessage(message);
}

/** The view's own state, kept by VS Code while the view is hidden (see viewState.ts). */
export const viewStateStore: ViewStateStore = {
	load: () => api.getState(),
	save: (state) => api.setState(state),
};

/** Host messages only: anything without a string `type` is not from the host and is dropped. */
export function onHostMessage(handler: (message: HostMessage) => void): void {
	window.addEventListener('message', (event: MessageEvent<unknown>) => {
		const data = event.data;
		if (typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string') handler(data as HostMessage);
	});
}
