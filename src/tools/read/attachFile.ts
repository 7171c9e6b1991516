import { readFile, stat } from 'node:fs/promises';
import { hasBinaryExtension, isBinaryContent } from '../guard/binaryFiles';
import type { LocatedPath, PathGuard } from '../guard/pathGuard';
import { holdsSecretContent } from '../guard/secretPatterns';

/** Larger files are refused outright: only their first lines could go anyway. */
export const maxAttachBytes = 4 * 1024 * 1024;

/** A file the user asked to attach, read; or why it cannot be, in words for the user. */
export type AttachFileResult =
	| { readonly ok: true; readonly path: string; readonly text: string }
	| { readonly ok: false; readonly message: string };

/**
 * Why a located path cannot be attached, or undefined when it can. The same rules as the tools:
 * nothing outside the workspace folders, never a secret file, nothing the exclusions hide.
 */
export function refusalFor(located: LocatedPath, name: string): string | undefined {
	if (located.status === 'outside') return `"${name}" is outside the workspace folders, so it cannot be attached.`;
	if (located.status === 'excluded') {
		return located.secret
			? `"${located.display}" is a secret file (pattern "${located.pattern}"), so it cannot be attached. Flux never sends secret files.`
			: `"${located.display}" is excluded from Flux (pattern "${located.pattern}"), so it cannot be attached. The exclusions are files.exclude and flux.tools.exclude.`;
	}
	return undefined;
}

/**
 * Reads a workspace file to attach to a question, through the same guard as the tools: refused
 * outside the folders, when excluded or a secret by name or by content, when binary or too large.
 */
export async function readFileToAttach(fsPath: string, guard: PathGuard, name = fsPath): Promise<AttachFileResult> {
	const located = await guard.locate(fsPath);
	const refusal = refusalFor(located, name);
	if (refusal || located.status !== 'inside') return { ok: false, message: refusal ?? `"${name}" cannot be attached.` };
	const path = located.display;
	try {
		const info = await stat(fsPath);
		if (info.isDirectory()) return { ok: false, message: `"${path}" is a folder; attach the files in it instead.` };
		if (!info.isFile()) return { ok: false, message: `"${path}" is not a regular file, so it cannot be attached.` };
		if (info.size > maxAttachBytes) return { ok: false, message: `"${path}" is too large to attach (over 4 MB).` };
		if (hasBinaryExtension(fsPath)) return { ok: false, message: `"${path}" is a binary file; only text files can be attached.` };
		const bytes = await readFile(fsPath);
		if (isBinaryContent(bytes)) return { ok: false, message: `"${path}" is a binary file; only text files can be attached.` };
		if (holdsSecretContent(bytes)) return { ok: false, message: `"${path}" holds a private key or a service-account key, so it cannot be attached. Flux never sends secrets.` };
		return { ok: true, path, text: bytes.toString('utf8').replace(/\r\n/g, '\n') };
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		return { ok: false, message: code === 'ENOENT' ? `"${path}" does not exist.` : `"${path}" could not be read (${code ?? String(error)}).` };
	}
}
