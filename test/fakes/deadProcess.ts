import { spawnSync } from 'node:child_process';

/** The id of a process that has ended: a window whose extension host was killed held it. */
export function deadPid(): number {
	const { pid } = spawnSync(process.execPath, ['-e', '']);
	if (pid === undefined) throw new Error('could not start a process');
	return pid;
}
