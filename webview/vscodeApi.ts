import type { HostMessage, WebviewMessage } from '../src/protocol/messages';

interface VsCodeApi {
	postMessage(message: WebviewMessage): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** The one handle on the host; acquireVsCodeApi may be called only once per load. */
const api = acquireVsCodeApi();

export function postToHost(message: WebviewMessage): void {
	api.postMessage(message);
}

/** Host messages only: anything without a string `type` is not from the host and is dropped. */
export function onHostMessage(handler: (message: HostMessage) => void): void {
	window.addEventListener('message', (event: MessageEvent<unknown>) => {
		const data = event.data;
		if (typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string') handler(data as HostMessage);
	});
}
