import { readFile as readBytes, stat } from 'node:fs/promises';
import { hasBinaryExtension, isBinaryContent, splitLines } from '../guard/binaryFiles';
import { holdsSecretContent } from '../guard/secretPatterns';
import type { ResolvedPath } from '../guard/pathGuard';
import { ToolError } from '../toolError';
import type { ToolEnvironment, ToolResult } from '../toolResult';
import { clipLine, LineBudget } from '../toolResult';

/** Arguments of `read_file`; lines are 1-based and inclusive. */
export interface ReadFileArgs {
	readonly path: string;
	readonly startLine?: number;
	readonly endLine?: number;
}

/**
 * Reads a text file of the workspace as numbered lines (`12: text`), at most
 * `maxReadLines` lines and `maxResultChars` characters, ending with a note that says where to
 * continue when it stops early.
 */
export async function readFile(args: ReadFileArgs, env: ToolEnvironment): Promise<ToolResult> {
	const { limits } = env;
	const file = await env.guard.resolveTarget(args.path);
	const { display } = file;
	// A file this turn proposed to change (or create) reads as proposed.
	const proposed = env.changes?.text(file.realPath);
	const bytes = proposed !== undefined ? Buffer.from(proposed) : await readFromDisk(file, env);

	const lines = splitLines(bytes);
	const total = lines.length;
	if (total === 0) return { ok: true, content: `File: ${display} (empty)`, summary: `read ${display} (empty)` };

	const start = args.startLine ?? 1;
	if (start > total) {
		throw new ToolError(`start_line ${start} is past the end of "${display}", which has ${total} lines.`, `${display}: start_line past the end`);
	}
	if (args.endLine !== undefined && args.endLine < start) {
		throw new ToolError(`end_line ${args.endLine} is before start_line ${start}.`, 'end_line before start_line');
	}
	const end = Math.min(args.endLine ?? total, total);

	// Leave room for the header and the note that says how to read on.
	const budget = new LineBudget(limits.maxResultChars - 300, true);
	let next = start;
	while (next <= end && budget.lines.length < limits.maxReadLines && budget.add(`${next}: ${clipLine(lines[next - 1], limits.maxLineChars)}`)) next++;
	const body = budget.lines;
	const lastShown = next - 1;
	const parts = [`File: ${display} (lines ${start}-${lastShown} of ${total})`, ...body];
	if (lastShown < end) parts.push(`[truncated: lines ${next}-${end} not shown; call read_file with start_line ${next}]`);
	const content = parts.join('\n');
	return { ok: true, content, summary: `read ${display} lines ${start}-${lastShown}${lastShown < end ? ' (truncated)' : ''}` };
}

async function readFromDisk(file: ResolvedPath & { readonly exists: boolean }, env: ToolEnvironment): Promise<Uint8Array> {
	const { display } = file;
	const { limits } = env;
	if (!file.exists) throw new ToolError(`"${display}" does not exist. Check the path with list_files or search_text; paths are relative to the workspace root.`, `${display}: not found`);
	if (file.isDirectory) {
		throw new ToolError(`"${display}" is a folder, not a file. Call list_files with path "${display}" to see what it contains.`, `${display} is a folder`);
	}
	const binary = () => new ToolError(`"${display}" is a binary file; read_file only reads text files.`, `${display}: binary file`);
	if (hasBinaryExtension(file.realPath)) throw binary();
	const info = await stat(file.realPath);
	// A FIFO or device would block the read or never end.
	if (!info.isFile()) throw new ToolError(`"${display}" is not a regular file, so it cannot be read.`, `${display}: not a regular file`);
	const { size } = info;
	if (size > limits.maxFileBytes) {
		throw new ToolError(`"${display}" is too large to read (${formatSize(size)}; the limit is ${formatSize(limits.maxFileBytes)}). Use search_text with include "${display}" to find the lines you need.`, `${display}: too large`);
	}
	const bytes = await readBytes(file.realPath, { signal: env.signal });
	if (isBinaryContent(bytes)) throw binary();
	if (holdsSecretContent(bytes)) {
		throw new ToolError(
			`"${display}" holds a private key or a service-account key, so it is treated as a secret file: it cannot be read or searched by the workspace tools. Do not try to reach it another way; if you need something from it, ask the user for that part without its secret values.`,
			`refused ${display}: holds a secret`,
		);
	}
	return bytes;
}

function formatSize(bytes: number): string {
	return bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
