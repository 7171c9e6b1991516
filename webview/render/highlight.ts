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
 * Prepares every grammar ahead of time, one per `schedule`d task (pass an idle callback).
 * highlight.js compiles a grammar on first use, which takes up to ~30 ms: left to the moment a
 * fence closes in a streaming reply, that would be a visible stall.
 */
export function prepareHighlighting(schedule: (task: () => void) => void): void {
	for (const name of Object.keys(languages)) schedule(() => highlightCode('', name));
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
