import type { SearchHit, SearchPlan, SearchTextArgs } from './searchPlan';
import type { ToolEnvironment, ToolResult } from '../toolResult';
import { clipLine, LineBudget, plural } from '../toolResult';

/**
 * The tool's result: `path:line: text` for each hit in the order found, each line clipped, cut
 * at the match cap or before the result grows too long (saying so and how to narrow the
 * search), and a note when the deadline stopped the search after `timedOutMs`.
 */
export function formatSearchHits(args: SearchTextArgs, plan: SearchPlan, hits: readonly SearchHit[], timedOutMs: number | undefined, env: ToolEnvironment): ToolResult {
	const { guard, limits } = env;
	const what = `${plan.isRegex ? 'regex ' : ''}"${plan.query}"`;
	const where = plan.include ? ` in files matching "${args.include}"` : '';
	const stopped = timedOutMs === undefined ? [] : [`[stopped after ${(timedOutMs / 1000).toFixed(timedOutMs < 10_000 ? 1 : 0)} s: the search took too long, so these results may be incomplete; pass include to search fewer files]`];
	if (hits.length === 0) {
		return { ok: true, content: [`No matches for ${what}${where}.`, ...stopped].join('\n'), summary: `no matches for ${plan.query}` };
	}
	const budget = new LineBudget(limits.maxResultChars - 300);
	const files = new Set<string>();
	let truncated = hits.length > plan.maxHits;
	for (const hit of hits.slice(0, plan.maxHits)) {
		const path = guard.display(hit.folder, hit.relative);
		if (!budget.add(`${path}:${hit.line}: ${clipLine(hit.text.trim(), limits.maxMatchLineChars)}`)) {
			truncated = true;
			break;
		}
		files.add(path);
	}
	const { lines } = budget;
	const shown = lines.length;
	if (truncated) {
		lines.push(`[truncated: only the first ${shown} matches are shown; narrow the query, or pass include (e.g. "src/**/*.ts") to search fewer files]`);
	}
	lines.push(...stopped);
	const count = truncated ? `${shown}+ matches` : plural(shown, 'match', 'matches');
	return { ok: true, content: lines.join('\n'), summary: `${count} in ${plural(files.size, 'file', 'files')}` };
}
