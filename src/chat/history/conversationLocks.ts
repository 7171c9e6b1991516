import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../../flux/logger';
import { nodeHistoryFs, type HistoryFs } from './historyFs';

/** Who holds a conversation: written into its lock file. */
interface LockOwner {
	readonly pid: number;
	readonly host: string;
	readonly token: string;
}

/** How locks are held and judged; the defaults suit extension hosts on one machine. */
export interface LockOptions {
	/** The process that holds the locks (the extension host). Tests give a dead one to play a crashed window. */
	readonly pid?: number;
	/** How often a held lock is touched, and checked to be still ours. */
	readonly heartbeatMs?: number;
	/** A lock not touched for this long is stale, whoever wrote it (a host on another machine, a reused pid). */
	readonly staleMs?: number;
}

/** A conversation another window is writing: it can be read here, not changed. */
export class ConversationLockedError extends Error {
	constructor(readonly conversationId: string) {
		super('This conversation is open in another VS Code window.');
		this.name = 'ConversationLockedError';
	}
}

/**
 * One writer per conversation. Windows without a folder share one history folder, so each
 * conversation file has a lock file beside it (`<id>.lock`), created exclusively by the window
 * that writes it, naming its process and a random token. The holder touches it every few seconds.
 * A lock whose process is gone (same machine) or that was not touched for `staleMs` belonged to a
 * window that crashed, and is taken over (see takeOver: two windows doing so at once must not
 * both win). A holder that finds someone else's token in its lock has lost it (after a long
 * sleep, say) and stops writing.
 */
export class ConversationLocks {
	private readonly owner: LockOwner;
	private readonly held = new Set<string>();
	private readonly heartbeatMs: number;
	private readonly staleMs: number;
	private timer: ReturnType<typeof setInterval> | undefined;

	constructor(private readonly dir: string, private readonly logger: Logger, options: LockOptions = {}, private readonly fs: HistoryFs = nodeHistoryFs) {
		this.owner = { pid: options.pid ?? process.pid, host: hostname(), token: randomUUID() };
		this.heartbeatMs = options.heartbeatMs ?? 5_000;
		this.staleMs = options.staleMs ?? 30_000;
	}

	/** True while this window holds the conversation. */
	holds(id: string): boolean {
		return this.held.has(id);
	}

	/** Takes the conversation's lock (or keeps it); false when another live window holds it. */
	async acquire(id: string): Promise<boolean> {
		if (this.held.has(id)) {
			// Checked on every write, not only by the heartbeat: a lock taken over must stop us at once.
			if (this.isOurs(await this.read(this.file(id)))) return true;
			this.held.delete(id);
			this.logger.warn(`history: the lock of ${id} is no longer this window's`);
		}
		await this.fs.mkdir(this.dir, { recursive: true });
		for (let attempt = 0; attempt < 2; attempt++) {
			try {
				await this.fs.writeFile(this.file(id), JSON.stringify(this.owner), { encoding: 'utf8', flag: 'wx' });
				this.hold(id);
				return true;
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			}
			const found = await this.read(this.file(id));
			if (this.isOurs(found)) {
				// Missed while another window had moved it aside for a moment, and put back (see takeOver).
				this.hold(id);
				return true;
			}
			if (found && !await this.isStale(this.file(id), found)) return false;
			await this.takeOver(id);
		}
		return false;
	}

	/** Gives the conversation up (when this window moves on to another one, or deletes it). */
	async release(id: string): Promise<void> {
		if (!this.held.delete(id)) return;
		if (this.isOurs(await this.read(this.file(id)))) await this.fs.rm(this.file(id), { force: true });
		if (this.held.size === 0) this.stopHeartbeat();
	}

	/** Releases every lock at once, as the extension host shuts down. */
	dispose(): void {
		this.stopHeartbeat();
		for (const id of this.held) {
			try {
				const found = JSON.parse(readFileSync(this.file(id), 'utf8')) as LockOwner;
				if (found.token === this.owner.token) rmSync(this.file(id), { force: true });
			} catch {
				// gone already, or someone else's now
			}
		}
		this.held.clear();
	}

	/**
	 * Removes a stale lock so that a new one can be created exclusively. Two windows may find the
	 * same lock stale at once; were it deleted by name, the slower one would delete the lock the
	 * faster one had just made in its place, and both would write. So the lock is first moved to a
	 * name of this attempt's own (a rename moves a file once: only one window gets it), and judged
	 * again there: a stale one is deleted, a live one (made since it was judged) is put back.
	 */
	private async takeOver(id: string): Promise<void> {
		const lock = this.file(id);
		const moved = `${lock}.${randomUUID()}.stale`;
		try {
			await this.fs.rename(lock, moved);
		} catch (error) {
			// Another window moved it first: whoever creates the next lock wins.
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
			throw error;
		}
		const found = await this.read(moved);
		if (await this.isStale(moved, found ?? 'unreadable')) {
			this.logger.info(`history: removed the lock of ${id} left by a window that is gone${found && found !== 'unreadable' ? ` (pid ${found.pid})` : ''}`);
		} else {
			try {
				// A link, not a rename: it never replaces a lock yet another window has made meanwhile.
				await this.fs.link(moved, lock);
			} catch {
				// Then the live lock's holder finds it gone, or someone else's, on its next write and stops.
			}
		}
		await this.fs.rm(moved, { force: true });
	}

	private hold(id: string): void {
		this.held.add(id);
		this.startHeartbeat();
	}

	private isOurs(found: LockOwner | 'unreadable' | undefined): boolean {
		return found !== undefined && found !== 'unreadable' && found.token === this.owner.token;
	}

	private async isStale(file: string, found: LockOwner | 'unreadable'): Promise<boolean> {
		if (found !== 'unreadable' && found.host === this.owner.host && !isAlive(found.pid)) return true;
		try {
			const { mtimeMs } = await this.fs.stat(file);
			return Date.now() - mtimeMs > this.staleMs;
		} catch {
			return true;
		}
	}

	/** The lock's owner; 'unreadable' while another window is still writing it (or it is torn). */
	private async read(file: string): Promise<LockOwner | 'unreadable' | undefined> {
		let text: string;
		try {
			text = await this.fs.readFile(file, 'utf8');
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
			throw error;
		}
		try {
			const owner = JSON.parse(text) as LockOwner;
			return typeof owner.pid === 'number' && typeof owner.token === 'string' ? owner : 'unreadable';
		} catch {
			return 'unreadable';
		}
	}

	private startHeartbeat(): void {
		if (this.timer) return;
		this.timer = setInterval(() => void this.beat(), this.heartbeatMs);
		// The heartbeat alone must not keep a process (or a test run) alive.
		this.timer.unref?.();
	}

	private stopHeartbeat(): void {
		if (this.timer) clearInterval(this.timer);
		this.timer = undefined;
	}

	private async beat(): Promise<void> {
		const now = new Date();
		for (const id of [...this.held]) {
			try {
				if (!this.isOurs(await this.read(this.file(id)))) {
					this.held.delete(id);
					this.logger.warn(`history: another window took over ${id}; this one stops writing it`);
					continue;
				}
				await this.fs.utimes(this.file(id), now, now);
			} catch (error) {
				this.logger.error(`history: could not keep the lock of ${id}: ${String(error)}`);
			}
		}
		if (this.held.size === 0) this.stopHeartbeat();
	}

	private file(id: string): string {
		return join(this.dir, `${id}.lock`);
	}
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: the process exists but belongs to someone else.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}
