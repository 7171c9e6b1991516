import { parentPort, workerData } from 'node:worker_threads';
import type { JsSearchHit, JsSearchRequest } from './jsSearch';
import { searchFiles } from './jsSearch';
import { ToolError } from './toolError';

/** What the search worker tells the host. */
export type SearchWorkerMessage =
	| { readonly type: 'hits'; readonly hits: readonly JsSearchHit[] }
	| { readonly type: 'done' }
	/** `toolError` carries a `ToolError`'s message and summary, to be thrown again on the host. */
	| { readonly type: 'failed'; readonly message: string; readonly summary?: string };

/**
 * The JS search engine's thread (bundled apart into dist/searchWorker.js). The host terminates
 * it at the deadline or on cancellation, which stops even a regex stuck backtracking.
 */
async function main(port: NonNullable<typeof parentPort>): Promise<void> {
	const post = (message: SearchWorkerMessage) => port.postMessage(message);
	try {
		// Cancellation is the host's `terminate()`; this signal never fires.
		await searchFiles(workerData as JsSearchRequest, (hits) => post({ type: 'hits', hits }), new AbortController().signal);
		post({ type: 'done' });
	} catch (error) {
		post(error instanceof ToolError
			? { type: 'failed', message: error.message, summary: error.summary }
			: { type: 'failed', message: error instanceof Error ? error.message : String(error) });
	}
}

if (parentPort) void main(parentPort);
