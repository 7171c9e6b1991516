import type * as vscode from 'vscode';

/**
 * Our global storage with one write in flight at a time.
 *
 * VS Code keeps an extension's global state as one object and, after each write, sends the whole
 * stored object back to the extension host, which replaces its copy with it. A write made before
 * the echo of the previous one arrives is overwritten by that echo, and lost for good if the echo
 * lands before VS Code sends the new write (a spend record from a finished turn could wipe the
 * tools the user had just switched on). Waiting for each write, echo included, before the next one
 * closes that window; `get` answers from the queued writes meanwhile.
 */
export class SerialMemento implements vscode.Memento {
	private tail: Promise<unknown> = Promise.resolve();
	private readonly queued = new Map<string, { readonly value: unknown }>();

	constructor(private readonly inner: vscode.Memento) {}

	keys(): readonly string[] {
		const all = new Set([...this.inner.keys(), ...this.queued.keys()]);
		return [...all].filter((key) => this.get(key) !== undefined);
	}

	get<T>(key: string): T | undefined;
	get<T>(key: string, defaultValue: T): T;
	get<T>(key: string, defaultValue?: T): T | undefined {
		const queued = this.queued.get(key);
		if (!queued) return this.inner.get<T>(key) ?? defaultValue;
		return (queued.value as T | undefined) ?? defaultValue;
	}

	update(key: string, value: unknown): Promise<void> {
		const entry = { value };
		this.queued.set(key, entry);
		const write = this.tail.then(() => this.inner.update(key, value)).finally(() => {
			if (this.queued.get(key) === entry) this.queued.delete(key);
		});
		// A failed write rejects its own caller only; the next write still goes.
		this.tail = write.catch(() => undefined);
		return write;
	}
}
