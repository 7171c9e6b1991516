import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DiagnosticEntry, EditorSelection, OpenEditor, Workspace, WorkspaceFolder } from '../../src/tools/workspace';

/** VS Code's default `files.exclude`. */
export const defaultFilesExclude: readonly string[] = ['**/.git', '**/.svn', '**/.hg', '**/CVS', '**/.DS_Store', '**/Thumbs.db'];

/** VS Code's default `search.exclude` (the patterns switched on). */
export const defaultSearchExclude: readonly string[] = ['**/node_modules', '**/bower_components', '**/*.code-search'];

/** The `flux.tools.exclude` default as package.json declares it, so tests see what users get. */
export function defaultToolsExclude(): string[] {
	const manifest = JSON.parse(readFileSync(resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
	return manifest.contributes.configuration.properties['flux.tools.exclude'].default;
}

/** A workspace over real folders on disk, with editor state the test sets directly. */
export class FakeWorkspace implements Workspace {
	readonly folders: readonly WorkspaceFolder[];
	readonly exclude: readonly string[];
	readonly searchExclude: readonly string[];
	readonly useIgnoreFiles: boolean;
	readonly ripgrepPath: string | undefined;
	readonly isTrusted: boolean;
	selection: EditorSelection | undefined;
	editors: OpenEditor[];
	problems: DiagnosticEntry[];

	constructor(init: Partial<Pick<Workspace, 'folders' | 'exclude' | 'ripgrepPath' | 'isTrusted'>> & {
		readonly searchExclude?: readonly string[];
		readonly useIgnoreFiles?: boolean;
		readonly selection?: EditorSelection;
		readonly editors?: OpenEditor[];
		readonly problems?: DiagnosticEntry[];
	} = {}) {
		this.folders = init.folders ?? [];
		this.exclude = init.exclude ?? [...defaultFilesExclude, ...defaultToolsExclude()];
		this.searchExclude = init.searchExclude ?? defaultSearchExclude;
		this.useIgnoreFiles = init.useIgnoreFiles ?? true;
		this.ripgrepPath = init.ripgrepPath;
		this.isTrusted = init.isTrusted ?? true;
		this.selection = init.selection;
		this.editors = init.editors ?? [];
		this.problems = init.problems ?? [];
	}

	activeSelection(): EditorSelection | undefined {
		return this.selection;
	}

	openEditors(): readonly OpenEditor[] {
		return this.editors;
	}

	diagnostics(): readonly DiagnosticEntry[] {
		return this.problems;
	}
}
