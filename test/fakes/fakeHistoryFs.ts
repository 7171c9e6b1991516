import type { FileHandle } from 'node:fs/promises';
import { relative } from 'node:path';
import { nodeHistoryFs, type HistoryFs } from '../../src/chat/history/historyFs';

type Operation = (...args: unknown[]) => Promise<unknown>;

/**
 * Node's file system, writing down each operation on a path under `dir`, and each write, sync
 * and close of a file it opened, as `operation path…` (paths relative to `dir`, '.' for it; an
 * open adds its flags).
 */
export function fakeRecordingFs(dir: string, calls: string[]): HistoryFs {
	const name = (path: string) => relative(dir, path) || '.';
	const paths = (args: unknown[]) => args.filter((a): a is string => typeof a === 'string' && a.startsWith(dir)).map(name);
	return new Proxy(nodeHistoryFs, {
		get: (fs, operation: keyof HistoryFs): Operation => async (...args) => {
			calls.push([operation, ...paths(args), ...(operation === 'open' ? [String(args[1])] : [])].join(' '));
			const result = await (fs[operation] as Operation)(...args);
			if (operation !== 'open') return result;
			const file = name(args[0] as string);
			return new Proxy(result as FileHandle, {
				get: (handle, method: keyof FileHandle) => {
					const real = handle[method];
					if (typeof real !== 'function') return real;
					return (...handleArgs: unknown[]) => {
						if (method === 'writeFile' || method === 'sync' || method === 'close') calls.push(`${method} ${file}`);
						return (real as Operation).apply(handle, handleArgs);
					};
				},
			});
		},
	});
}

/**
 * Node's file system for a window that is held up (a busy disk, a descheduled process) right
 * after it has read its first file: every later operation waits for `until`. Two windows
 * racing for one lock then take their steps in the order a test wants.
 */
export function fakeHeldBackFs(until: Promise<unknown>): HistoryFs {
	let read = false;
	return new Proxy(nodeHistoryFs, {
		get: (fs, operation: keyof HistoryFs): Operation => async (...args) => {
			if (read) await until;
			const result = await (fs[operation] as Operation)(...args);
			read ||= operation === 'readFile';
			return result;
		},
	});
}
