import { readFile, stat } from 'node:fs/promises';
import { hasBinaryExtension, isBinaryContent, splitLines } from '../guard/binaryFiles';
import { holdsSecretContent } from '../guard/secretPatterns';
import { Exclusions } from '../guard/exclusions';
import { walkFiles } from '../read/fileWalker';
import { compileGlob } from '../guard/glob';
import { IgnoreRules } from '../read/ignoreFiles';
import { ToolError } from '../toolError';

/**
 * A search as plain data: it crosses to the search worker thread (`searchWorker.ts`), so that
 * neither starting ripgrep (a blocking fork) and reading its output, nor a model-written regex
 * that backtracks for ever in the JS engine, ever holds up the extension host.
 */
export interface SearchRequest {
	/** The ripgrep to run; undefined for the JS engine (also used when ripgrep cannot start). */
	readonly ripgrepPath: string | undefined;
	/** Real paths of the workspace folders to search, in order. */
	readonly folders: readonly string[];
	readonly query: string;
	readonly isRegex: boolean;
	readonly caseSensitive: boolean;
	/** Only files whose folder-relative path matches this glob. */
	readonly include: string | undefined;
	/** The settings' exclusion patterns; the built-in secret patterns are always added. */
	readonly exclude: readonly string[];
	/** Honour `.gitignore` files, as ripgrep does without `--no-ignore`. */
	readonly useIgnoreFiles: boolean;
	readonly maxFileBytes: number;
	/** Stop after one hit more than this, so the caller knows there were more. */
	readonly maxHits: number;
}

/** One matching line; `folder` indexes `SearchRequest.folders`. */
export interface WorkerHit {
	readonly folder: number;
	/** `/`-separated, relative to the folder. */
	readonly relative: string;
	readonly line: number;
	readonly text: string;
}

/** Compiles the query for the JS engine; a regex JS cannot parse is the model's to fix. */
export function compileQuery(request: Pick<SearchRequest, 'query' | 'isRegex' | 'caseSensitive'>): RegExp {
	const flags = request.caseSensitive ? 'u' : 'iu';
	if (!request.isRegex) return new RegExp(request.query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), flags);
	try {
		return new RegExp(request.query, flags);
	} catch {
		// Unicode mode rejects some escapes that ripgrep accepts (`\-` outside a class, say).
		try {
			return new RegExp(request.query, flags.replace('u', ''));
		} catch (error) {
			throw invalidRegex((error as Error).message);
		}
	}
}

/** The error for a query neither engine can parse. */
export function invalidRegex(detail: string): ToolError {
	return new ToolError(`query is not a valid regular expression: ${detail.trim()}. Fix it, or set is_regex to false to search for the text as it is.`, 'invalid regex');
}

/**
 * The JS engine: walks each folder as ripgrep would (same exclusions, same `.gitignore` rules,
 * same order) and tests every line of every text file. `emit` receives each file's hits; run it
 * off the extension host (`searchWorker.ts`), since `RegExp.test` cannot be interrupted.
 */
export async function searchFiles(request: SearchRequest, emit: (hits: WorkerHit[]) => void, signal: AbortSignal): Promise<void> {
	const regExp = compileQuery(request);
	const exclusions = new Exclusions(request.exclude);
	const include = request.include ? compileGlob(request.include) : undefined;
	let count = 0;
	for (let folder = 0; folder < request.folders.length; folder++) {
		const root = request.folders[folder];
		for await (const entry of walkFiles(root, '', exclusions, signal, request.useIgnoreFiles ? IgnoreRules.none : undefined)) {
			// Symlinks are not followed, as ripgrep does not follow them without --follow.
			if (entry.kind !== 'file' || hasBinaryExtension(entry.relative)) continue;
			if (include && !include(entry.relative)) continue;
			let bytes: Buffer;
			try {
				if ((await stat(entry.absolute)).size > request.maxFileBytes) continue;
				bytes = await readFile(entry.absolute, { signal });
			} catch (error) {
				if (signal.aborted) throw error;
				// Unreadable files are skipped, as ripgrep skips them.
				continue;
			}
			if (isBinaryContent(bytes) || holdsSecretContent(bytes)) continue;
			const lines = splitLines(bytes);
			const hits: WorkerHit[] = [];
			for (let i = 0; i < lines.length && count < request.maxHits + 1; i++) {
				if (!regExp.test(lines[i])) continue;
				hits.push({ folder, relative: entry.relative, line: i + 1, text: lines[i] });
				count++;
			}
			if (hits.length > 0) emit(hits);
			if (count > request.maxHits) return;
		}
	}
}
