import * as nodeFs from 'node:fs/promises';

/**
 * The file operations the history folder is written with (node's own, by default). They are
 * handed in rather than imported so that a test can see their order (a rewrite is durable only
 * if the file is synced before the rename and the folder after it) and hold one window's
 * operations back to replay a race between two windows.
 */
export type HistoryFs = Pick<typeof nodeFs, 'appendFile' | 'link' | 'mkdir' | 'open' | 'readdir' | 'readFile' | 'rename' | 'rm' | 'stat' | 'utimes' | 'writeFile'>;

/** Node's file system: what the extension uses. */
export const nodeHistoryFs: HistoryFs = nodeFs;
