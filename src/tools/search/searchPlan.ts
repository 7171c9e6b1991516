import { refuseInvisible } from '../guard/checkPathSyntax';
import { Exclusions } from '../guard/exclusions';
import type { GlobMatcher } from '../guard/glob';
import { compileGlob } from '../guard/glob';
import type { SearchRequest } from './jsSearch';
import { ToolError } from '../toolError';
import type { ToolEnvironment } from '../toolResult';
import type { WorkspaceFolder } from '../workspace';

/** Arguments of `search_text`. */
export interface SearchTextArgs {
	readonly query: string;
	/** The query is a regular expression rather than plain text. */
	readonly isRegex?: boolean;
	/** Only files whose folder-relative path matches this glob. */
	readonly include?: string;
	readonly caseSensitive?: boolean;
}

/** One matching line. */
export interface SearchHit {
	readonly folder: WorkspaceFolder;
	/** `/`-separated, relative to `folder`. */
	readonly relative: string;
	readonly line: number;
	readonly text: string;
}

/** What both search engines need, worked out once. */
export interface SearchPlan {
	readonly folders: readonly { readonly folder: WorkspaceFolder; readonly realPath: string }[];
	readonly query: string;
	readonly isRegex: boolean;
	readonly caseSensitive: boolean;
	/** The include glob without a leading folder name, and its compiled form. */
	readonly include: { readonly glob: string; readonly matches: GlobMatcher } | undefined;
	/** The tools' exclusions plus `search.exclude`. */
	readonly exclusions: Exclusions;
	/** Honour `.gitignore` files (`search.useIgnoreFiles`). */
	readonly useIgnoreFiles: boolean;
	readonly maxFileBytes: number;
	/** Engines stop after one hit more than this, so the caller knows there were more. */
	readonly maxHits: number;
}

/** Which engine ran; both must give the same hits in the same order. */
export type SearchEngine = 'ripgrep' | 'js';

/**
 * Checks the model's arguments and works out the plan: the folders to search (only the one an
 * include glob names, in a multi-root workspace), each by its real path, and the exclusions
 * with `search.exclude` added. Throws a `ToolError` for a window without folders or an empty query.
 */
export async function planSearch(args: SearchTextArgs, env: ToolEnvironment): Promise<SearchPlan> {
	const { guard, limits } = env;
	guard.requireFolders();
	if (args.query === '') throw new ToolError('query is empty; pass the text (or regular expression) to search for.', 'empty query');
	if (args.include) refuseInvisible(args.include, 'glob');
	const scoped = args.include?.trim() ? guard.scopeGlob(args.include) : undefined;
	const reals = await guard.realFolderPaths();
	return {
		folders: (scoped?.folders ?? guard.folders).flatMap((folder) => {
			const realPath = reals[guard.folders.indexOf(folder)];
			return realPath === undefined ? [] : [{ folder, realPath }];
		}),
		query: args.query,
		isRegex: args.isRegex ?? false,
		caseSensitive: args.caseSensitive ?? false,
		include: includeOf(scoped?.glob),
		exclusions: env.exclusions.with(env.workspace.searchExclude),
		useIgnoreFiles: env.workspace.useIgnoreFiles,
		maxFileBytes: limits.maxFileBytes,
		maxHits: limits.maxSearchMatches,
	};
}

/**
 * The plan as plain data, to cross to the search worker; `planOfRequest` turns it back into a
 * plan there, and the two are kept side by side so that nothing is lost on the way.
 */
export function requestOfPlan(plan: SearchPlan, ripgrepPath: string | undefined): SearchRequest {
	return {
		ripgrepPath,
		folders: plan.folders.map((f) => f.realPath),
		query: plan.query,
		isRegex: plan.isRegex,
		caseSensitive: plan.caseSensitive,
		include: plan.include?.glob,
		exclude: plan.exclusions.patterns,
		useIgnoreFiles: plan.useIgnoreFiles,
		maxFileBytes: plan.maxFileBytes,
		maxHits: plan.maxHits,
	};
}

/** The worker's plan for the ripgrep engine; folders are named by their index, which the hits carry back. */
export function planOfRequest(request: SearchRequest): SearchPlan {
	return {
		folders: request.folders.map((realPath, i) => ({ folder: { name: String(i), fsPath: realPath }, realPath })),
		query: request.query,
		isRegex: request.isRegex,
		caseSensitive: request.caseSensitive,
		include: includeOf(request.include),
		exclusions: new Exclusions(request.exclude),
		useIgnoreFiles: request.useIgnoreFiles,
		maxFileBytes: request.maxFileBytes,
		maxHits: request.maxHits,
	};
}

function includeOf(glob: string | undefined): SearchPlan['include'] {
	return glob ? { glob, matches: compileGlob(glob) } : undefined;
}
