import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConversationLocks } from '../../../../src/chat/history/conversationLocks';
import { silentLogger } from '../../../../src/flux/logger';
import { deadPid } from '../../../fakes/deadProcess';
import { fakeHeldBackFs } from '../../../fakes/fakeHistoryFs';

const id = '5d1e7c2a-3b4f-4a6d-8e9f-0a1b2c3d4e5f';

/** A window, in a process of its own, that takes the lock at `startAt`, prints whether it got it, and keeps it until its stdin ends. */
function taker(dir: string, startAt: number): { result: Promise<string>; quit: () => Promise<void> } {
	const locks = join(__dirname, '..', '..', '..', '..', 'src', 'chat', 'history', 'conversationLocks.js');
	const script = `
		const { ConversationLocks } = require(${JSON.stringify(locks)});
		const quiet = () => {};
		const locks = new ConversationLocks(${JSON.stringify(dir)}, { trace: quiet, debug: quiet, info: quiet, warn: quiet, error: quiet });
		while (Date.now() < ${startAt}) {}
		locks.acquire(${JSON.stringify(id)}).then((won) => {
			process.stdout.write(String(won));
			process.stdin.on('data', () => {}).on('end', () => process.exit(0));
		});`;
	const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
	let out = '';
	const result = new Promise<string>((resolve, reject) => {
		child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); resolve(out); });
		child.on('exit', (code) => reject(new Error(`taker exited (${code}) before it answered`)));
	});
	const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
	return { result, quit: () => { child.stdin.end(); return exited; } };
}

describe('ConversationLocks', () => {
	let dir: string;
	let crashedPid: number;
	const lock = () => join(dir, `${id}.lock`);
	const crashedWindow = () => writeFileSync(lock(), JSON.stringify({ pid: crashedPid, host: hostname(), token: 'crashed' }));
	before(() => { crashedPid = deadPid(); });
	beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'flux-locks-')); });
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it('gives a stale lock to one of two windows when the slower one takes its steps after the faster has won (issue 25.6)', async () => {
		crashedWindow();
		let firstDone!: () => void;
		const firstHasIt = new Promise<void>((resolve) => { firstDone = resolve; });
		const first = new ConversationLocks(dir, silentLogger);
		// The second window reads the crashed window's lock, finds it stale, and is held up until the first has taken it.
		const second = new ConversationLocks(dir, silentLogger, {}, fakeHeldBackFs(firstHasIt));
		const acquired = await Promise.all([first.acquire(id).finally(firstDone), second.acquire(id)]);
		// Asked again (as before every write), each window checks the lock on disk.
		const onWrite = [await first.acquire(id), await second.acquire(id)];
		first.dispose();
		second.dispose();
		assert.deepEqual({ acquired, onWrite, files: readdirSync(dir) }, { acquired: [true, false], onWrite: [true, false], files: [] });
	});

	it('takes its own lock back when another window moved it aside for a moment and put it back', async () => {
		const window = new ConversationLocks(dir, silentLogger, { heartbeatMs: 10 });
		await window.acquire(id);
		const aside = `${lock()}.aside`;
		renameSync(lock(), aside);
		// Its heartbeat finds the lock gone and stops writing...
		while (window.holds(id)) await new Promise((resolve) => setTimeout(resolve, 10));
		// ...and the lock comes back: it is still this window's.
		renameSync(aside, lock());
		const again = await window.acquire(id);
		window.dispose();
		assert.deepEqual({ again, files: readdirSync(dir) }, { again: true, files: [] });
	});

	it('gives a stale lock to exactly one of two extension hosts taking it at the same moment', async function () {
		this.timeout(60_000);
		const rounds: string[][] = [];
		for (let round = 0; round < 6; round++) {
			crashedWindow();
			const startAt = Date.now() + 400;
			const takers = [taker(dir, startAt), taker(dir, startAt)];
			const results = await Promise.all(takers.map((t) => t.result));
			await Promise.all(takers.map((t) => t.quit()));
			rounds.push(results.sort());
			rmSync(lock(), { force: true });
		}
		assert.deepEqual({ rounds, files: readdirSync(dir) }, { rounds: Array(6).fill(['false', 'true']), files: [] });
	});
});
