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

export function onHostMessage(handler: (message: HostMessage) => void): void {
	window.addEventListener('message', (event: MessageEvent<HostMessage>) => handler(event.data));
}
