// What the simulator saw: one record per request, minus the key. Records are created when a
// request arrives and completed when its response closes, so a stalled or aborted request is
// visible too.

import type { SimFault } from './faults';

/** One request as received and answered. Times are `Date.now()` milliseconds. */
export interface SimRequestRecord {
	/** The `X-Flux-Request-Id` sent back. */
	readonly id: string;
	readonly method: string;
	/** Path without the query string, e.g. `/v1/chat/completions`. */
	readonly path: string;
	/** Lower-case request headers, without `authorization` and `x-api-key`. */
	readonly headers: Readonly<Record<string, string>>;
	/**
	 * Which of `authorization` and `x-api-key` arrived, by name: the key is never recorded. Which key
	 * they carried shows in the status, with `apiKeys` set to the one key a test expects.
	 */
	readonly credentialHeaders: readonly string[];
	/** The parsed JSON body; the raw text when it is not JSON; undefined when empty. */
	readonly body: unknown;
	/** Status sent, undefined if no head was sent (stall ended by the client, dropped connection). */
	readonly status: number | undefined;
	readonly requestedModel: string | undefined;
	/** The model in `X-Flux-Model`; undefined on failures. */
	readonly servedModel: string | undefined;
	readonly routed: boolean | undefined;
	/**
	 * Prompt tokens as the served model counts them (its tokenizer ratio applied), what `usage`
	 * reports unless a scripted reply overrides it; undefined when the request was refused first.
	 */
	readonly promptTokens: number | undefined;
	/** Output tokens of the reply as planned (reasoning, content, tool calls); undefined when refused. */
	readonly completionTokens: number | undefined;
	readonly stream: boolean;
	/** Whether a scripted reply answered this request. */
	readonly scripted: boolean;
	readonly fault: SimFault['kind'] | undefined;
	/** The client went away before the response was complete. */
	readonly clientAborted: boolean;
	/** The simulator cut the connection on purpose (drop fault) or because it was closing. */
	readonly droppedByServer: boolean;
	readonly receivedAt: number;
	readonly firstByteAt: number | undefined;
	/** When each streamed delta (reasoning, content, tool-call fragment) was written, in order. */
	readonly deltaSentAt: readonly number[];
	readonly endedAt: number | undefined;
}

/** A record while its request is in flight. */
export type MutableRequestRecord = { -readonly [K in keyof SimRequestRecord]: SimRequestRecord[K] } & { deltaSentAt: number[] };

/** The list of records, plus a way to wait until every request has ended. */
export class RequestLog {
	private readonly records: MutableRequestRecord[] = [];
	private readonly inFlight = new Set<Promise<void>>();

	/** Adds a record; `ended` settles when its response has closed. */
	add(record: MutableRequestRecord, ended: Promise<void>): void {
		this.records.push(record);
		const tracked = ended.finally(() => this.inFlight.delete(tracked));
		this.inFlight.add(tracked);
	}

	/** Copies of the records so far, oldest first. */
	list(): SimRequestRecord[] {
		return this.records.map((r) => ({ ...r, deltaSentAt: [...r.deltaSentAt] }));
	}

	clear(): void {
		this.records.length = 0;
	}

	/** Resolves once every request received so far has ended (including the client aborting). */
	async idle(): Promise<void> {
		while (this.inFlight.size > 0) {
			await Promise.all(this.inFlight);
		}
	}
}
