/**
 * A document symbol as far as choosing what to rewrite needs it: its lines (0-based, inclusive),
 * whether it is a unit of code worth rewriting whole (a function, method, class and the like,
 * not a variable or a property), and its children.
 */
export interface SymbolLines {
	readonly startLine: number;
	readonly endLine: number;
	readonly unit: boolean;
	readonly children?: readonly SymbolLines[];
}

/**
 * The lines to rewrite when nothing is selected: the innermost unit (function, method, class...)
 * around `line`, else `line` itself. A unit longer than `maxLines` is passed over for the next
 * one in: rewriting a whole thousand-line class because the cursor sat in it is not what anyone
 * asked for.
 */
export function rewriteLines(symbols: readonly SymbolLines[], line: number, maxLines = 400): { startLine: number; endLine: number } {
	let best: SymbolLines | undefined;
	const visit = (list: readonly SymbolLines[]) => {
		for (const symbol of list) {
			if (line < symbol.startLine || line > symbol.endLine) continue;
			if (symbol.unit && symbol.endLine - symbol.startLine < maxLines) best = symbol;
			visit(symbol.children ?? []);
		}
	};
	visit(symbols);
	return best ? { startLine: best.startLine, endLine: best.endLine } : { startLine: line, endLine: line };
}
