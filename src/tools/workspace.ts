/**
 * What the workspace tools need from the editor, and nothing more. The VS Code implementation
 * lives in `src/platform/tools/vscodeWorkspace.ts`; unit tests use `test/fakes/fakeWorkspace.ts`.
 *
 * Files themselves are read with node:fs on absolute paths rather than through this interface:
 * ripgrep reads the real disk anyway, and both search paths must see the same files.
 */
export interface Workspace {
	/** The open folders on disk, in the order VS Code shows them; empty when no folder is open. */
	readonly folders: readonly WorkspaceFolder[];
	/**
	 * Glob patterns (`files.exclude` plus `flux.tools.exclude`) whose files the tools never read,
	 * list or search. Matched against folder-relative paths; see `Exclusions`, which always adds
	 * the built-in secret patterns (`secretPatterns`), whatever this holds, `[]` included.
	 */
	readonly exclude: readonly string[];
	/**
	 * The enabled `search.exclude` patterns of every folder: hidden from `search_text` and from
	 * `list_files` with a glob, as from VS Code's search and Go to File, but still readable by name.
	 */
	readonly searchExclude: readonly string[];
	/**
	 * `search.useIgnoreFiles`: `search_text` and `list_files` with a glob leave out what the
	 * folders' `.gitignore` files ignore. False only when every folder turns it off.
	 */
	readonly useIgnoreFiles: boolean;
	/** VS Code's bundled ripgrep, when it was found; the tools fall back to a JS search without it. */
	readonly ripgrepPath: string | undefined;
	/** Tools refuse to run in an untrusted workspace. */
	readonly isTrusted: boolean;
	/** The active text editor's primary selection, or undefined when no text editor is active. */
	activeSelection(): EditorSelection | undefined;
	/** The text documents open in editor tabs, across all tab groups. */
	openEditors(): readonly OpenEditor[];
	/** Every diagnostic VS Code currently knows, for all documents. */
	diagnostics(): readonly DiagnosticEntry[];
}

/** One workspace folder. */
export interface WorkspaceFolder {
	/** The folder's name as VS Code shows it; the first path segment in a multi-root workspace. */
	readonly name: string;
	/** Absolute file-system path. */
	readonly fsPath: string;
}

/** A document shown in an editor. */
export interface DocumentRef {
	/**
	 * Absolute file-system path; undefined only for untitled buffers, which exist nowhere but in
	 * the editor. Other documents that are not plain files (a `git:` revision, settings) give
	 * their URI's fsPath, so the path guard judges them like the file they stand for.
	 */
	readonly fsPath: string | undefined;
	/** The name of an untitled buffer, e.g. `Untitled-1`. */
	readonly name: string;
	/** Unknown for a tab whose document VS Code has not loaded yet. */
	readonly languageId?: string;
}

/** The primary selection of the active editor. Lines are 1-based and inclusive. */
export interface EditorSelection {
	readonly document: DocumentRef;
	readonly startLine: number;
	/** The last line with selected text: a selection ending at column 0 stops on the line before. */
	readonly endLine: number;
	/** The selected text; empty when the selection is only a cursor. */
	readonly text: string;
}

/** One editor tab showing a document. */
export interface OpenEditor {
	readonly document: DocumentRef;
	/** The active editor of the active tab group. */
	readonly isActive: boolean;
	/** Has unsaved changes. */
	readonly isDirty: boolean;
}

/** VS Code's four severities, by name. */
export type DiagnosticSeverity = 'error' | 'warning' | 'information' | 'hint';

/** One diagnostic. Lines and columns are 1-based; the end is exclusive as in VS Code. */
export interface DiagnosticEntry {
	/** Absolute file-system path of the document it belongs to. */
	readonly fsPath: string;
	readonly severity: DiagnosticSeverity;
	readonly startLine: number;
	readonly startColumn: number;
	readonly endLine: number;
	readonly endColumn: number;
	readonly message: string;
	/** Who reported it, e.g. `ts` or `eslint`. */
	readonly source?: string;
	readonly code?: string;
}
