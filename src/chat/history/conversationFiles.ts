import { join } from 'node:path';
import type { Logger } from '../../flux/logger';
import { nodeHistoryFs, type HistoryFs } from './historyFs';

const extension = '.jsonl';
/** Ids come back from the webview; only our own UUIDs ever become file names. */
const idPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** True for an id that may name a conversation file: one of our UUIDs, never a path. */
export function isConversationId(id: string): boolean {
	return idPattern.test(id);
}

/**
 * The folder of conversation files (`<id>.jsonl`), as bytes on disk: listing, reading, appending
 * whole lines, rewriting atomically, deleting. It notes each file's size and time whenever this
 * process reads or writes it, so the store can tell when another window has changed one since.
 * It takes no locks and keeps no order: the store (HistoryStore) does both.
 */
export class ConversationFiles {
	/** Size and time of each file when it was read or last written here. */
	private readonly stamps = new Map<string, string>();
	/** Files known to end with a whole line, so appending cannot glue a record to a torn one. */
	private readonly lineEnded = new Set<string>();

	constructor(private readonly dir: string, private readonly logger: Logger, private readonly fs: HistoryFs = nodeHistoryFs) {}

	/** The ids of the conversation files in the folder (none when it does not exist yet). */
	async ids(): Promise<string[]> {
		let names: string[] = [];
		try {
			names = await this.fs.readdir(this.dir);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
		}
		return names.flatMap((name) => {
			const id = name.slice(0, -extension.length);
			return name.endsWith(extension) && isConversationId(id) ? [id] : [];
		});
	}

	/** True when the file is as it was when read or written here (so no other window changed it). */
	async isFresh(id: string): Promise<boolean> {
		return this.stamps.get(id) === await this.stamp(id);
	}

	/** True when this process has read or written the file and it has changed since. */
	async changedSinceSeen(id: string): Promise<boolean> {
		const stamp = this.stamps.get(id);
		return stamp !== undefined && stamp !== await this.stamp(id);
	}

	/** The file's text, noting how it was when read; undefined when it is missing or unreadable (logged). */
	async read(id: string): Promise<string | undefined> {
		try {
			this.stamps.set(id, await this.stamp(id));
			return await this.fs.readFile(this.file(id), 'utf8');
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.logger.error(`history: cannot read ${id}: ${String(error)}`);
			return undefined;
		}
	}

	/**
	 * Appends `text` (whole lines). A host killed mid-write leaves a line without its end;
	 * appended to as it is, the next record would be glued to it and lost with it on every load.
	 * Once per file and process (after that, every write of ours ends its line), such a line is
	 * ended first. Resolves to the file's size afterwards, in bytes.
	 */
	async append(id: string, text: string): Promise<number> {
		await this.fs.mkdir(this.dir, { recursive: true });
		const file = this.file(id);
		const torn = !this.lineEnded.has(id) && !await this.endsWithNewline(file);
		this.lineEnded.add(id);
		await this.fs.appendFile(file, torn ? '\n' + text : text, 'utf8');
		const stats = await this.stat(id);
		this.stamps.set(id, stampOf(stats));
		return stats?.size ?? 0;
	}

	/**
	 * Forgets that the file ends with a whole line: another window may have written to it (or
	 * torn a line) since, so the next append looks again.
	 */
	forgetLineEnd(id: string): void {
		this.lineEnded.delete(id);
	}

	/**
	 * Replaces the file's content atomically and durably: a temporary file, synced, renamed over
	 * the file, then the folder synced. Without the first sync a file system may put the rename
	 * on disk before the data, and a power cut leaves an empty conversation; without the second
	 * the rename itself may be lost.
	 */
	async rewrite(id: string, text: string): Promise<void> {
		const target = this.file(id);
		const temporary = `${target}.${process.pid}.tmp`;
		try {
			await this.writeSynced(temporary, text);
			await this.fs.rename(temporary, target);
		} catch (error) {
			// A full disk must not also keep a half-written copy.
			await this.fs.rm(temporary, { force: true });
			throw error;
		}
		await this.syncFolder();
		this.stamps.set(id, stampOf(await this.stat(id)));
	}

	async remove(id: string): Promise<void> {
		this.lineEnded.delete(id);
		await this.fs.rm(this.file(id), { force: true });
	}

	private file(id: string): string {
		return join(this.dir, id + extension);
	}

	private async stamp(id: string): Promise<string> {
		return stampOf(await this.stat(id));
	}

	/** The file's size and time; undefined when it is missing (or cannot be looked at). */
	private async stat(id: string): Promise<{ readonly size: number; readonly mtimeMs: number } | undefined> {
		try {
			return await this.fs.stat(this.file(id));
		} catch {
			return undefined;
		}
	}

	private async writeSynced(file: string, text: string): Promise<void> {
		const handle = await this.fs.open(file, 'w');
		try {
			await handle.writeFile(text, 'utf8');
			await handle.sync();
		} finally {
			await handle.close();
		}
	}

	/** Makes a rename in the folder durable. Windows cannot open a folder as a file; NTFS journals the rename. */
	private async syncFolder(): Promise<void> {
		if (process.platform === 'win32') return;
		const handle = await this.fs.open(this.dir, 'r');
		try {
			await handle.sync();
		} catch (error) {
			// EINVAL: a file system that cannot sync a folder (some network and FUSE ones); the rename is done.
			if ((error as NodeJS.ErrnoException).code !== 'EINVAL') throw error;
		} finally {
			await handle.close();
		}
	}

	/** True when the file is missing, empty or ends with a newline: an append starts a line of its own. */
	private async endsWithNewline(file: string): Promise<boolean> {
		let handle;
		try {
			handle = await this.fs.open(file, 'r');
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
			throw error;
		}
		try {
			const { size } = await handle.stat();
			if (size === 0) return true;
			const last = Buffer.alloc(1);
			await handle.read(last, 0, 1, size - 1);
			return last[0] === 0x0a;
		} finally {
			await handle.close();
		}
	}
}

function stampOf(stats: { readonly size: number; readonly mtimeMs: number } | undefined): string {
	return stats ? `${stats.size}:${stats.mtimeMs}` : 'missing';
}
