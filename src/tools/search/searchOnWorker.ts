import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../../flux/logger';
import { compileQuery } from './jsSearch';
import type { SearchEngine, SearchHit, SearchPlan } from './searchPlan';
import { requestOfPlan } from './searchPlan';
import type { ListReply, ListRequest } from '../read/listFiles';
import type { ToolEnvironment } from '../toolResult';
import type { SearchHostMessage, SearchWorkerMessage } from './searchWorker';
import { ToolCancelledError, ToolError } from '../toolError';

/** Where the worker's bundle lies: beside this module, in dist/ as in the compiled tests. */
const searchWorkerPath = join(__dirname, 'searchWorker.js');

/** How long a cancelled search may take to stop ripgrep and send its last hits before its thread is ended. */
const stopGraceMs = 500;

/**
 * Runs the search on a worker thread (`searchWorker.ts`): with ripgrep when there is one, else
 * (or when it cannot start) with the JS engine. Off the extension host, starting ripgrep (a
 * blocking fork), reading its output and judging files cost the host nothing, and a
 * model-written regex that backtracks for ever in the JS engine freezes only that thread. Hits
 * arrive as they are found, so a search stopped by the signal (deadline or cancellation) keeps
 * them; the thread is asked to stop (killing ripgrep) and ended if it does not, which stops
 * even a regex that never returns. Returns the engine that ran.
 */
export async function searchOnWorker(ripgrepPath: string | undefined, plan: SearchPlan, hits: SearchHit[], signal: AbortSignal, logger: Logger): Promise<SearchEngine> {
	if (!ripgrepPath) {
		// Parse here, so a bad regex is reported without starting a thread; ripgrep parses its own.
		compileQuery(plan);
	}
	if (signal.aborted) throw new ToolCancelledError();
	const request = requestOfPlan(plan, ripgrepPath);
	return onWorker<SearchEngine>({ type: 'search', request }, signal, (message, resolve, reject) => {
		switch (message.type) {
			case 'hits':
				for (const hit of message.hits) {
					if (hits.length > plan.maxHits) break;
					hits.push({ folder: plan.folders[hit.folder].folder, relative: hit.relative, line: hit.line, text: hit.text });
				}
				break;
			case 'fallback':
				logger.warn(`${message.message}; searching without ripgrep`);
				break;
			case 'done':
				resolve(message.engine);
				break;
			case 'cancelled':
				reject(new ToolCancelledError());
				break;
			case 'failed':
				reject(message.summary === undefined ? new Error(`the search failed: ${message.message}`) : new ToolError(message.message, message.summary));
				break;
		}
	});
}

/**
 * list_files' fast lister: `rg --files` on the search thread. Not on Windows, where rg's paths
 * (separators, case) were never checked against the walk's: there the folder is walked on the host.
 */
export function listOffHost(request: ListRequest, env: ToolEnvironment): Promise<ListReply | undefined> {
	return process.platform === 'win32' ? Promise.resolve(undefined) : listOnWorker(request, env.signal, env.logger);
}

/**
 * `list_files` with a glob on the search thread (`listWithRipgrep`): the files, or undefined when
 * rg could not start (the caller walks the folder itself). Cancelled as a search is.
 */
export async function listOnWorker(request: ListRequest, signal: AbortSignal, logger: Logger): Promise<ListReply | undefined> {
	if (signal.aborted) throw new ToolCancelledError();
	return onWorker<ListReply | undefined>({ type: 'list', request }, signal, (message, resolve, reject) => {
		if (message.type === 'listed') {
			if (message.unavailable) logger.warn(`${message.unavailable}; listing without ripgrep`);
			resolve(message.reply);
		} else if (message.type === 'cancelled') {
			reject(new ToolCancelledError());
		} else if (message.type === 'failed') {
			reject(new Error(`the listing failed: ${message.message}`));
		}
	});
}

/**
 * Reads a job's messages on a search thread until `handle` settles it. A thread whose job settled
 * from its own message is kept for the next job; one that went quiet after a cancel (past the
 * grace time), failed or stopped is ended: it may be stuck in a regex.
 */
async function onWorker<T>(job: SearchHostMessage, signal: AbortSignal, handle: (message: SearchWorkerMessage, resolve: (value: T) => void, reject: (error: Error) => void) => void): Promise<T> {
	const worker = idleWorkers.pop() ?? startWorker();
	clearTimeout(idleTimers.get(worker));
	idleTimers.delete(worker);
	worker.ref();
	let grace: ReturnType<typeof setTimeout> | undefined;
	let stop: (() => void) | undefined;
	let reusable = false;
	const listeners: { message?: (message: SearchWorkerMessage) => void; error?: (error: Error) => void; exit?: (code: number) => void } = {};
	try {
		return await new Promise<T>((resolve, reject) => {
			stop = () => {
				worker.postMessage({ type: 'cancel' } satisfies SearchHostMessage);
				grace = setTimeout(() => reject(new ToolCancelledError()), stopGraceMs);
			};
			signal.addEventListener('abort', stop, { once: true });
			listeners.message = (message) => handle(message, (value) => {
				reusable = true;
				resolve(value);
			}, (error) => {
				reusable = true;
				reject(error);
			});
			listeners.error = reject;
			listeners.exit = (code) => reject(new Error(`the search thread stopped (exit code ${code})`));
			worker.on('message', listeners.message);
			worker.on('error', listeners.error);
			worker.on('exit', listeners.exit);
			worker.postMessage(job);
		});
	} finally {
		clearTimeout(grace);
		if (stop) signal.removeEventListener('abort', stop);
		if (listeners.message) worker.off('message', listeners.message);
		if (listeners.error) worker.off('error', listeners.error);
		if (listeners.exit) worker.off('exit', listeners.exit);
		if (reusable) {
			keepIdle(worker);
		} else {
			// A thread that did not answer in time may be stuck in a regex: ending it stops that.
			void worker.terminate();
		}
	}
}

/** Threads that finished a search, kept a while: starting one costs more than many searches. */
const idleWorkers: Worker[] = [];
const idleTimers = new Map<Worker, ReturnType<typeof setTimeout>>();
const idleWorkerMs = 60_000;

function startWorker(): Worker {
	const worker = new Worker(searchWorkerPath);
	// A thread that ends while idle must not be handed out again.
	worker.on('exit', () => {
		clearTimeout(idleTimers.get(worker));
		idleTimers.delete(worker);
		const index = idleWorkers.indexOf(worker);
		if (index >= 0) idleWorkers.splice(index, 1);
	});
	return worker;
}

function keepIdle(worker: Worker): void {
	// An idle thread must not keep the extension host (or a test run) alive.
	worker.unref();
	idleWorkers.push(worker);
	const timer = setTimeout(() => void worker.terminate(), idleWorkerMs);
	timer.unref();
	idleTimers.set(worker, timer);
}
