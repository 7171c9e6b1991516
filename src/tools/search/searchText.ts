import { formatSearchHits } from './formatSearchHits';
import type { SearchEngine, SearchHit, SearchTextArgs } from './searchPlan';
import { planSearch } from './searchPlan';
import { searchOnWorker } from './searchOnWorker';
import { ToolCancelledError } from '../toolError';
import type { ToolEnvironment, ToolResult } from '../toolResult';

/**
 * Searches the text files of the workspace folders line by line, on a worker thread: with
 * ripgrep when the host found one and a JS walk otherwise. Both honour the exclusions (secrets
 * always, `search.exclude` too) and `.gitignore` files as VS Code's search does, skip binary
 * files and symlinks, and report hits in the same order (folder by folder, path order as
 * `rg --sort path`), so the cap cuts them at the same place.
 *
 * The parts: searchPlan.ts checks the arguments and makes the plan, searchOnWorker.ts runs it on
 * the thread, ripgrepSearch.ts and jsSearch.ts are the engines, formatSearchHits.ts caps the result.
 */
export async function searchText(args: SearchTextArgs, env: ToolEnvironment): Promise<ToolResult> {
	const { limits, logger } = env;
	const plan = await planSearch(args, env);

	// A search that runs too long returns what it found so far; only the caller's signal cancels.
	const timeout = new AbortController();
	const timer = setTimeout(() => timeout.abort(), limits.searchTimeoutMs);
	const signal = AbortSignal.any([env.signal, timeout.signal]);
	const hits: SearchHit[] = [];
	let engine: SearchEngine = env.workspace.ripgrepPath ? 'ripgrep' : 'js';
	const started = Date.now();
	try {
		engine = await searchOnWorker(env.workspace.ripgrepPath, plan, hits, signal, logger);
	} catch (error) {
		if (env.signal.aborted) throw new ToolCancelledError();
		if (!timeout.signal.aborted) throw error;
	} finally {
		clearTimeout(timer);
	}
	logger.debug(`search_text: ${engine} found ${hits.length} hits in ${Date.now() - started} ms`);
	return formatSearchHits(args, plan, hits, timeout.signal.aborted ? limits.searchTimeoutMs : undefined, env);
}
