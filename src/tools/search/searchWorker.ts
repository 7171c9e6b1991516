import { parentPort } from 'node:worker_threads';
import type { SearchRequest, WorkerHit } from './jsSearch';
import { searchFiles } from './jsSearch';
import { RipgrepUnavailableError } from './ripgrep';
import type { ListReply, ListRequest } from './ripgrepFiles';
import { listWithRipgrep } from './ripgrepFiles';
import { searchWithRipgrep } from './ripgrepSearch';
import type { SearchEngine, SearchHit } from './searchPlan';
import { planOfRequest } from './searchPlan';
import { ToolCancelledError, ToolError } from '../toolError';

/** What the search worker tells the host. */
export type SearchWorkerMessage =
	| { readonly type: 'hits'; readonly hits: readonly WorkerHit[] }
	/** ripgrep could not be started; the JS engine runs instead. */
	| { readonly type: 'fallback'; readonly message: string }
	| { readonly type: 'done'; readonly engine: SearchEngine }
	| { readonly type: 'cancelled' }
	/** `summary` is set for a `ToolError` (the model's to fix), to be thrown again on the host. */
	| { readonly type: 'failed'; readonly message: string; readonly summary?: string }
	/** A listing's files (`listWithRipgrep`); `unavailable` when rg could not start (the host walks instead). */
	| { readonly type: 'listed'; readonly reply: ListReply | undefined; readonly unavailable?: string };

/** What the host tells the search worker: one search at a time, and maybe to cancel it. */
export type SearchHostMessage = { readonly type: 'search'; readonly request: SearchRequest } | { readonly type: 'list'; readonly request: ListRequest } | { readonly type: 'cancel' };

/**
 * The search's thread (bundled apart into dist/searchWorker.js): runs ripgrep, or the JS engine,
 * and sends the hits (or, for list_files with a glob, `rg --files` and sends the files); the host keeps it for the next search a while. The host asks it to cancel
 * (ripgrep is killed) and terminates it when it does not answer in time, which also stops a
 * regex stuck backtracking.
 */
function listen(port: NonNullable<typeof parentPort>): void {
	let controller: AbortController | undefined;
	port.on('message', (message: SearchHostMessage) => {
		if (message.type === 'cancel') {
			controller?.abort();
		} else {
			const current = new AbortController();
			controller = current;
			void (message.type === 'list' ? list(port, message.request, current.signal) : search(port, message.request, current.signal)).finally(() => {
				if (controller === current) controller = undefined;
			});
		}
	});
}

async function search(port: NonNullable<typeof parentPort>, request: SearchRequest, signal: AbortSignal): Promise<void> {
	const post = (message: SearchWorkerMessage) => port.postMessage(message);
	const sendHits = (hits: readonly SearchHit[]) => {
		if (hits.length > 0) post({ type: 'hits', hits: hits.map((h) => ({ folder: Number(h.folder.name), relative: h.relative, line: h.line, text: h.text })) });
	};
	try {
		let engine: SearchEngine = 'js';
		if (request.ripgrepPath) {
			const hits: SearchHit[] = [];
			try {
				await searchWithRipgrep(request.ripgrepPath, planOfRequest(request), hits, signal);
				engine = 'ripgrep';
			} catch (error) {
				// Stopped at the deadline: the host keeps what was found.
				if (signal.aborted) sendHits(hits);
				if (!(error instanceof RipgrepUnavailableError)) throw error;
				post({ type: 'fallback', message: error.message });
			}
			sendHits(hits);
		}
		if (engine === 'js') await searchFiles(request, (hits) => post({ type: 'hits', hits }), signal);
		post({ type: 'done', engine });
	} catch (error) {
		if (signal.aborted || error instanceof ToolCancelledError) post({ type: 'cancelled' });
		else if (error instanceof ToolError) post({ type: 'failed', message: error.message, summary: error.summary });
		else post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
	}
}

async function list(port: NonNullable<typeof parentPort>, request: ListRequest, signal: AbortSignal): Promise<void> {
	const post = (message: SearchWorkerMessage) => port.postMessage(message);
	try {
		post({ type: 'listed', reply: await listWithRipgrep(request, signal) });
	} catch (error) {
		if (error instanceof RipgrepUnavailableError) post({ type: 'listed', reply: undefined, unavailable: error.message });
		else if (signal.aborted || error instanceof ToolCancelledError) post({ type: 'cancelled' });
		else post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
	}
}

if (parentPort) listen(parentPort);
