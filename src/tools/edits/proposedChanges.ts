import { createHash } from 'node:crypto';
import { diffLines } from 'diff';
import { runsCode, type RunsCodeKind } from './runsCode';

/** One call that shaped a proposal, kept so the change can be made again on a file that moved on. */
export type ProposalStep =
	| { readonly kind: 'edit'; readonly old_text: string; readonly new_text: string; readonly replace_all?: boolean }
	| { readonly kind: 'create'; readonly content: string };

/** A file as the model proposes it, after every edit of the turn so far. Nothing is on disk yet. */
export interface ProposedFile {
	/** The path as the model and the user see it (see `PathGuard.display`). */
	readonly path: string;
	/** The absolute path with symlinks resolved: the file Accept would write. */
	readonly fsPath: string;
	/**
	 * `fsPath` as the user reads paths (folder name first in a multi-root workspace), when it is
	 * not `path`: a symlink leads the change to another file, and the card must name that one.
	 */
	readonly target?: string;
	/** Why writing this file can run code (see runsCode.ts); absent for an ordinary file. */
	readonly runsCode?: RunsCodeKind;
	/** Hash of the text the proposal was made from (`hashText`); absent when the file did not exist. */
	readonly baseHash?: string;
	/** The whole file as proposed. */
	readonly text: string;
	readonly added: number;
	readonly removed: number;
	readonly steps: readonly ProposalStep[];
}

/**
 * The in-turn overlay: the files the model proposed to change during one turn. Edits build on
 * each other (a second edit of a file, and read_file, see the proposed text), and what is left at
 * the end of the turn becomes the reply's change card. Plain data; writing is the platform's job.
 */
export class ProposedChanges {
	private readonly files = new Map<string, { readonly original: string | undefined; file: ProposedFile }>();
	private queue: Promise<unknown> = Promise.resolve();

	/**
	 * Runs one edit after the ones before it. The calls of a round run in parallel, and two edits
	 * of one file must not both start from the same text: each reads what the previous proposed.
	 * Called synchronously as a call starts, so edits apply in the order the model made them.
	 */
	serialize<T>(edit: () => Promise<T>): Promise<T> {
		const run = this.queue.then(edit, edit);
		this.queue = run.catch(() => undefined);
		return run;
	}

	/** The proposed text of a file, or undefined when the turn has not proposed one. */
	text(fsPath: string): string | undefined {
		return this.files.get(fsPath)?.file.text;
	}

	has(fsPath: string): boolean {
		return this.files.has(fsPath);
	}

	/**
	 * Records a new text for a file. `original` is the file as it was on disk when the turn first
	 * touched it (undefined when it did not exist); later calls keep that first original.
	 * `target.real` is where the real path lies (see `ResolvedPath.real`), when the caller knows it.
	 */
	propose(target: ProposalTarget, original: string | undefined, text: string, step: ProposalStep): ProposedFile {
		const known = this.files.get(target.realPath);
		const base = known ? known.original : original;
		const real = target.real;
		const kind = runsCode(real?.relative ?? target.display, base, text);
		const file: ProposedFile = {
			path: target.display,
			fsPath: target.realPath,
			...(real && real.display !== target.display ? { target: real.display } : {}),
			...(kind ? { runsCode: kind } : {}),
			...(base !== undefined ? { baseHash: hashText(base) } : {}),
			text,
			...lineCounts(base ?? '', text),
			steps: [...known?.file.steps ?? [], step],
		};
		this.files.set(target.realPath, { original: base, file });
		return file;
	}

	/** Every proposed file, in the order first touched. */
	list(): readonly ProposedFile[] {
		return [...this.files.values()].map((f) => f.file);
	}
}

/** The file a proposal is for: as the model named it, its real path, and where that lies. */
export interface ProposalTarget {
	readonly display: string;
	readonly realPath: string;
	/** The real path as the user reads it (`display`) and relative to its folder. */
	readonly real?: { readonly display: string; readonly relative: string };
}

/**
 * How a proposal is recognised at Accept: the file must still hash the same. Compares like with
 * like: the text as read from disk keeps a byte-order mark and CRLF line ends, an editor's
 * document has no mark and may have normalised the line ends, and both are the same file.
 */
export function hashText(text: string): string {
	return createHash('sha256').update(comparable(text)).digest('hex');
}

/** True when two texts are the same file apart from a byte-order mark and line-end style. */
export function sameText(a: string, b: string): boolean {
	return comparable(a) === comparable(b);
}

/** The file text without a UTF-8 byte-order mark (an editor shows and writes it as the encoding, not as text). */
export function withoutBom(text: string): string {
	return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function comparable(text: string): string {
	return withoutBom(text).replace(/\r\n?/g, '\n');
}

/** Lines added and removed from `before` to `after`, as a diff would count them. */
export function lineCounts(before: string, after: string): { added: number; removed: number } {
	let added = 0;
	let removed = 0;
	for (const part of diffLines(before, after)) {
		if (part.added) added += part.count ?? 0;
		else if (part.removed) removed += part.count ?? 0;
	}
	return { added, removed };
}
