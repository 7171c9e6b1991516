import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import markdown from 'highlight.js/lib/languages/markdown';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

// The core plus the languages replies use most: the full highlight.js bundle is ten times larger.
const languages = { bash, c, cpp, csharp, css, diff, go, java, javascript, json, markdown, python, rust, shell, sql, typescript, xml, yaml };
for (const [name, language] of Object.entries(languages)) hljs.registerLanguage(name, language);

/**
 * A little of the syntax code blocks hold (comments, strings, numbers, declarations, tags, keys):
 * each grammar's rules run once on it while the view is idle (see prepareHighlighting).
 */
export const warmUpSample = [
	'// line comment', '/* block comment */', '# hash comment', '-- dash comment',
	'import { a } from "b"; export const c: number = 1.5e3;',
	'function name(a, b) { return a + b * 2 > 0 ? \'yes\' : `no ${a}`; }',
	'class Name extends Base { constructor() { super(); } }',
	'def run(x):\n    return str(x) + "text"',
	'#include <vector>\nint main() { std::vector<int> v; return 0; }',
	'fn main() { let x: i32 = 5; println!("{}", x); }',
	'SELECT id FROM items WHERE name = \'a\';',
	'<div class="a">text &amp; more</div>',
	'key: value', '{"key": [1, true, null]}', '$ echo "$HOME" | grep -v x',
	'## Heading', '- **bold** and `code`, [link](https://example.com)',
	'diff --git a/f b/f', '--- a/f', '+++ b/f', '@@ -1 +1 @@', '+ added', '- removed',
].join('\n');

/**
 * Prepares every grammar ahead of time, one per `schedule`d task (pass an idle callback).
 * highlight.js compiles a grammar on first use, and the engine each of its rules the first time
 * it runs: left to the moment a fence closes in a streaming reply, that was a stall of up to
 * ~30 ms, and still ~5 ms for a grammar compiled on an empty text, whose rules had not run.
 */
export function prepareHighlighting(schedule: (task: () => void) => void): void {
	for (const name of Object.keys(languages)) schedule(() => highlightCode(warmUpSample, name));
}

/** Past this size a code block is shown plain: highlighting it would stall the view. */
const maxHighlightedChars = 100_000;

/** Whether `highlightCode` would colour `code`: a language it knows, and not too large. */
export function canHighlight(code: string, language: string): boolean {
	const name = language.trim().toLowerCase();
	return name !== '' && code.length <= maxHighlightedChars && hljs.getLanguage(name) !== undefined;
}

/**
 * highlight.js HTML for `code` in `language`, or undefined when the language is unknown (no
 * guessing: auto-detection runs every grammar and is slow) or the block is too large.
 */
export function highlightCode(code: string, language: string): string | undefined {
	if (!canHighlight(code, language)) return undefined;
	try {
		return hljs.highlight(code, { language: language.trim().toLowerCase(), ignoreIllegals: true }).value;
	} catch {
		return undefined;
	}
}
