import type { CodeContextView } from '../../protocol/messages';

/** The code as the model sees it: path, language, lines, then a fenced block long enough to hold it. */
export function describeCode(code: CodeContextView): string {
	const longestRun = Math.max(2, ...[...code.text.matchAll(/`+/g)].map((m) => m[0].length));
	const fence = '`'.repeat(longestRun + 1);
	return `\`${code.path}\` (${code.language}), lines ${code.startLine}-${code.endLine}:\n${fence}${code.language}\n${code.text}\n${fence}`;
}
