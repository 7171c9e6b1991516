import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Tells a stream's idle watchdog that bytes arrived, whatever they hold. The SDKs drop what carries
 * no event (`: keep-alive` comments, Anthropic `ping`s), yet those are how a server keeps a stream
 * open while a model thinks without streaming its thoughts: counting only events gave such a
 * stream up as silent.
 */
export type OnBodyBytes = () => void;

// The request that made a fetch, found without threading it through the SDKs, which take one
// fetch per client: their fetch runs in the async context of the call that opened the stream.
const watcher = new AsyncLocalStorage<OnBodyBytes>();

/** Runs `open`; the response bodies of the fetches it makes report each piece to `onBytes` as it arrives. */
export function watchingBodies<T>(onBytes: OnBodyBytes, open: () => Promise<T>): Promise<T> {
	return watcher.run(onBytes, open);
}

/**
 * The SDKs' fetch: the global one, looked up at each call so VS Code's proxy support (which
 * patches it in the extension host) still applies, with the body counted for a watched request.
 */
export const watchedFetch: typeof fetch = async (input, init) => {
	const response = await globalThis.fetch(input, init);
	const onBytes = watcher.getStore();
	if (!onBytes || !response.body) return response;
	const counted = response.body.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({
		transform(piece, controller) {
			onBytes();
			controller.enqueue(piece);
		},
	}));
	const watched = new Response(counted, { status: response.status, statusText: response.statusText, headers: response.headers });
	// The SDKs log the URL; a new Response has none of its own.
	Object.defineProperty(watched, 'url', { value: response.url });
	return watched;
};
