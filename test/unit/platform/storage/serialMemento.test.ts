import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { SerialMemento } from '../../../../src/platform/storage/serialMemento';

/**
 * An extension's global state as VS Code keeps it (extHostMemento.ts, mainThreadStorage.ts): one
 * object in the extension host, sent whole on a 0 ms timer after `update` (`sendDelayMs`: late on a
 * busy host); the main thread stores it and sends the stored object back, which replaces the
 * host's copy, before `update` resolves (`echoDelayMs`: that round trip).
 */
class EchoingGlobalState implements vscode.Memento {
	private value: Record<string, unknown> = {};
	stored = '{}';
	private waiting: (() => void)[] = [];
	private timer: ReturnType<typeof setTimeout> | undefined;

	constructor(private readonly sendDelayMs: number, private readonly echoDelayMs: number) {}

	keys(): readonly string[] { return Object.keys(this.value); }
	get<T>(key: string, defaultValue?: T): T { return (this.value[key] ?? defaultValue) as T; }

	update(key: string, value: unknown): Promise<void> {
		this.value[key] = value;
		return new Promise((resolve) => {
			this.waiting.push(resolve);
			clearTimeout(this.timer);
			this.timer = setTimeout(() => {
				const done = this.waiting;
				this.waiting = [];
				const sent = JSON.stringify(this.value);
				setTimeout(() => {
					this.stored = sent;
					this.value = JSON.parse(sent) as Record<string, unknown>;
					done.forEach((resolveOne) => resolveOne());
				}, this.echoDelayMs);
			}, this.sendDelayMs);
		});
	}
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SerialMemento: our global storage, one write at a time', () => {
	/** A turn's spend record is on its way (sent at 10 ms, back at 15) when the user switches a tool on at 12 ms. */
	async function spendThenChoice(memento: vscode.Memento) {
		const spend = memento.update('flux.spend', { usd: 0.01 });
		await tick(12);
		const choice = memento.update('flux.toolChoices', { on: ['weather'] });
		await Promise.all([spend, choice]);
	}

	it('the raw state loses a write made while the previous one is on its way (why the wrapper exists)', async () => {
		const raw = new EchoingGlobalState(10, 5);
		await spendThenChoice(raw);
		assert.equal(raw.get('flux.toolChoices'), undefined);
	});

	it('keeps both writes, in storage and in what get() returns', async () => {
		const raw = new EchoingGlobalState(10, 5);
		const memento = new SerialMemento(raw);
		await spendThenChoice(memento);
		assert.deepEqual(JSON.parse(raw.stored), { 'flux.spend': { usd: 0.01 }, 'flux.toolChoices': { on: ['weather'] } });
		assert.deepEqual(memento.get('flux.toolChoices'), { on: ['weather'] });
	});

	it('answers get() with a queued write before it is stored, and the last of several writes wins', async () => {
		const raw = new EchoingGlobalState(10, 5);
		const memento = new SerialMemento(raw);
		const writes = [memento.update('a', 1), memento.update('a', 2), memento.update('b', undefined)];
		assert.equal(memento.get('a'), 2);
		assert.equal(memento.get('b', 'default'), 'default');
		await Promise.all(writes);
		assert.deepEqual({ a: memento.get('a'), stored: JSON.parse(raw.stored), keys: memento.keys() }, { a: 2, stored: { a: 2 }, keys: ['a'] });
	});

	it('a failed write rejects its caller and the next write still goes', async () => {
		const raw = new EchoingGlobalState(0, 1);
		let fail = true;
		const flaky: vscode.Memento = {
			keys: () => raw.keys(), get: (key: string, defaultValue?: unknown) => raw.get(key, defaultValue),
			update: (key, value) => fail ? (fail = false, Promise.reject(new Error('disk full'))) : raw.update(key, value),
		} as vscode.Memento;
		const memento = new SerialMemento(flaky);
		const first = memento.update('a', 1);
		const second = memento.update('b', 2);
		await assert.rejects(first, /disk full/);
		await second;
		assert.deepEqual(JSON.parse(raw.stored), { b: 2 });
	});
});
