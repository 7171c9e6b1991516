// One response in flight: writes with buffering and backpressure, sleeps that end early when the
// client goes away or the simulator closes, and the timings the request log needs.

import type { ServerResponse } from 'node:http';
import type { MutableRequestRecord } from './requestLog';

/** Unpaced writes are coalesced up to this size, so an unthrottled stream is not one syscall per token. */
const FLUSH_BYTES = 16 * 1024;

/** Writes one response and keeps its record up to date. */
export class Responder {
	private pending = '';
	private wroteSinceYield = false;
	private paced = false;
	/** Settles once the latest write has been handed to the socket. */
	private lastWrite: Promise<void> = Promise.resolve();
	private readonly controller = new AbortController();

	constructor(private readonly res: ServerResponse, private readonly record: MutableRequestRecord) {
		res.on('error', () => { /* a write after the peer left; `gone` already says so */ });
		res.on('close', () => this.controller.abort());
	}

	/** Aborted once the response is closed, for whatever reason. */
	get signal(): AbortSignal {
		return this.controller.signal;
	}

	/** True once nothing more can be sent. */
	get gone(): boolean {
		return this.controller.signal.aborted || this.res.destroyed;
	}

	/** Sends the status line and headers right away (the first byte the client sees). */
	head(status: number, headers: Readonly<Record<string, string>>): void {
		if (this.res.headersSent || this.gone) {
			return;
		}
		this.res.writeHead(status, headers);
		this.res.flushHeaders();
		this.record.status = status;
		this.record.firstByteAt = Date.now();
	}

	/** Queues text; it goes out at the next flush, or now if the buffer is full. */
	send(text: string): void {
		this.pending += text;
		if (this.pending.length >= FLUSH_BYTES) {
			this.flush();
		}
	}

	/**
	 * Sends one streamed delta and notes when it left: at once when the stream is paced (each
	 * delta reaches the client at its own time, as from a real model), else with the next flush.
	 */
	sendDelta(text: string): void {
		this.send(text);
		if (this.paced) {
			this.flush();
		}
		this.record.deltaSentAt.push(Date.now());
	}

	/** Writes what is queued. Returns false when the socket buffer is full. */
	flush(): boolean {
		if (this.pending === '' || this.gone) {
			this.pending = '';
			return true;
		}
		const text = this.pending;
		this.pending = '';
		this.wroteSinceYield = true;
		let written!: () => void;
		this.lastWrite = new Promise<void>((resolve) => { written = resolve; });
		return this.res.write(text, () => written());
	}

	/**
	 * Between two deltas: with a delay, flush and wait it out (each delta then reaches the client
	 * on its own); without one, wait only when the socket pushes back, and let other work run after
	 * each full buffer so one fast stream cannot starve the rest (or miss its client leaving).
	 * Undefined when there is nothing to wait for, as for most deltas of an unpaced stream: the
	 * caller then goes on at once (awaiting it would still cost a turn of the microtask queue).
	 */
	pace(delayMs: number): Promise<void> | undefined {
		this.paced = delayMs > 0;
		if (delayMs > 0) {
			this.flush();
			return this.sleep(delayMs);
		}
		if (this.res.writableNeedDrain) {
			return this.drained();
		}
		if (this.wroteSinceYield) {
			this.wroteSinceYield = false;
			return new Promise<void>((resolve) => setImmediate(resolve));
		}
		return undefined;
	}

	/** Flushes and ends the response. */
	end(text = ''): void {
		this.send(text);
		this.flush();
		if (!this.gone) {
			this.res.end();
		}
	}

	/** Ends the response with exactly these bytes, after what is queued (a recorded stream). */
	endBytes(bytes: Uint8Array): void {
		this.flush();
		if (!this.gone) {
			this.res.end(bytes);
		}
	}

	/** A complete non-streaming response. */
	reply(status: number, headers: Readonly<Record<string, string>>, body: string): void {
		this.head(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
		this.end(body);
	}

	/** Cuts the connection without finishing the response, once what was sent has left. */
	async drop(): Promise<void> {
		this.record.droppedByServer = true;
		this.flush();
		if (!this.gone) {
			// Destroying right after a write would discard it: the chunks "sent" must reach the client.
			await new Promise<void>((resolve) => {
				this.signal.addEventListener('abort', () => resolve(), { once: true });
				void this.lastWrite.then(resolve);
			});
		}
		this.res.destroy();
	}

	/** Waits, ending early when the response closes. */
	sleep(ms: number): Promise<void> {
		if (ms <= 0 || this.gone) {
			return Promise.resolve();
		}
		return new Promise((resolve) => {
			const done = (): void => {
				clearTimeout(timer);
				this.signal.removeEventListener('abort', done);
				resolve();
			};
			const timer = setTimeout(done, ms);
			this.signal.addEventListener('abort', done, { once: true });
		});
	}

	private drained(): Promise<void> {
		return new Promise((resolve) => {
			const done = (): void => {
				this.res.off('drain', done);
				this.signal.removeEventListener('abort', done);
				resolve();
			};
			this.res.on('drain', done);
			this.signal.addEventListener('abort', done, { once: true });
		});
	}
}
