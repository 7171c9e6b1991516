/**
 * The checks behind test/unit/l10n.test.ts: plain text scans of the sources for user-facing strings
 * that bypass localisation. Simple on purpose (regexes and a bracket matcher, no type checker):
 * they catch the usual slip, a literal where a `t(...)` belongs.
 */

/** One finding: where, and what was found. */
export interface Finding {
	readonly file: string;
	readonly line: number;
	readonly text: string;
}

const stringLiteral = String.raw`'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|\`(?:[^\`\\]|\\.)*\``;

/**
 * Whether a string or template literal carries words: letters outside `${...}` substitutions and
 * `$(icon)` codicon references. `'$(pinned) '` or `` `${percent}%` `` carry none.
 */
export function hasWords(literal: string): boolean {
	const body = literal.slice(1, -1).replace(/\\./g, '').replace(/\$\{[^}]*\}/g, '').replace(/\$\([\w-]+\)/g, '');
	return /[A-Za-z]/.test(body);
}

function lineOf(source: string, index: number): number {
	return source.slice(0, index).split('\n').length;
}

/** Source without comments (kept line for line, so line numbers stay right). */
export function stripComments(source: string): string {
	return source.replace(new RegExp(`(${stringLiteral})|/\\*[\\s\\S]*?\\*/|//[^\\n]*`, 'g'), (match, literal: string | undefined) =>
		literal ?? match.replace(/[^\n]/g, ' '));
}

/** The text between `(` at `open` and its matching `)`, skipping strings. */
function argumentsAt(source: string, open: number): string {
	let depth = 0;
	const literal = new RegExp(stringLiteral, 'y');
	for (let i = open; i < source.length; i++) {
		const c = source[i];
		if (c === '\'' || c === '"' || c === '`') {
			literal.lastIndex = i;
			const m = literal.exec(source);
			if (m) { i += m[0].length - 1; continue; }
		}
		if (c === '(' || c === '[' || c === '{') depth++;
		else if (c === ')' || c === ']' || c === '}') {
			depth--;
			if (depth === 0) return source.slice(open + 1, i);
		}
	}
	return source.slice(open + 1);
}

/** The top-level, comma-separated arguments of a call's argument text. */
function topLevelArguments(args: string): string[] {
	const parts: string[] = [];
	let depth = 0;
	let start = 0;
	const literal = new RegExp(stringLiteral, 'y');
	for (let i = 0; i < args.length; i++) {
		const c = args[i];
		if (c === '\'' || c === '"' || c === '`') {
			literal.lastIndex = i;
			const m = literal.exec(args);
			if (m) { i += m[0].length - 1; continue; }
		}
		if (c === '(' || c === '[' || c === '{') depth++;
		else if (c === ')' || c === ']' || c === '}') depth--;
		else if (c === ',' && depth === 0) {
			parts.push(args.slice(start, i).trim());
			start = i + 1;
		}
	}
	parts.push(args.slice(start).trim());
	return parts.filter(Boolean);
}

const isWordyLiteral = (text: string): boolean => new RegExp(`^(${stringLiteral})$`).test(text) && hasWords(text);

/**
 * Host code (src/): a notification's message or button (`show...Message(` arguments), and the
 * user-facing properties of pickers, input boxes, progress, status bar items and notices
 * (`title`, `placeHolder`, `placeholder`, `prompt`, `detail`, `tooltip`, `text`, `name`,
 * `label`, `description`, as `key: '...'` or `.key = '...'`), given as a literal with words.
 * Callers pass only the vscode-facing files for the property rule: strings for the model (tool
 * descriptions, prompts) live in chat/ and tools/ and are English on purpose.
 */
export function hostFindings(file: string, source: string, { properties }: { properties: boolean }): Finding[] {
	return waived(source, hostFindingsIn(file, stripComments(source), properties));
}

/**
 * Findings minus those on a line that says why its text is the same in every language with a
 * `// not localised: <why>` comment (a format name, a key's prefix).
 */
function waived(source: string, findings: Finding[]): Finding[] {
	const lines = source.split('\n');
	return findings.filter((f) => !/\/\/ not localised: \S/.test(lines[f.line - 1] ?? ''));
}

function hostFindingsIn(file: string, code: string, properties: boolean): Finding[] {
	const findings: Finding[] = [];
	for (const m of code.matchAll(/\bshow(?:Information|Warning|Error)Message\s*\(/g)) {
		const open = m.index + m[0].length - 1;
		for (const arg of topLevelArguments(argumentsAt(code, open))) {
			if (isWordyLiteral(arg)) findings.push({ file, line: lineOf(code, open), text: `${m[0]}${arg}` });
		}
	}
	for (const m of code.matchAll(/\b(?:setStatusBarMessage|CodeAction)\s*\(\s*((?:'|"|`)[^\n]*)/g)) {
		const literal = new RegExp(`^(${stringLiteral})`).exec(m[1])?.[0];
		if (literal && hasWords(literal)) findings.push({ file, line: lineOf(code, m.index), text: m[0] });
	}
	if (properties) findings.push(...propertyFindings(file, code, /(?:\b(title|placeHolder|placeholder|prompt|detail|tooltip|text|name|label|description)\s*:|\.(title|placeholder|tooltip|text|name)\s*=)\s*/g));
	return findings;
}

/**
 * Webview code (webview/): `text`, `label`, `title`, `placeholder`, `name`, `'aria-label'` as
 * properties, `.textContent`/`.title` assignments, and `setAttribute('aria-label' | 'title' |
 * 'placeholder', ...)`, given as a literal with words.
 */
export function webviewFindings(file: string, source: string): Finding[] {
	const code = stripComments(source);
	return waived(source, propertyFindings(file, code, /(?:\b(text|label|title|placeholder|name)\s*:|'(aria-label|title|placeholder)'\s*:|\.(textContent|title|placeholder)\s*=|setAttribute\(\s*'(aria-label|title|placeholder)'\s*,)\s*/g));
}

function propertyFindings(file: string, code: string, pattern: RegExp): Finding[] {
	const findings: Finding[] = [];
	const literal = new RegExp(`^(${stringLiteral})`);
	for (const m of code.matchAll(pattern)) {
		const rest = code.slice(m.index + m[0].length);
		const value = literal.exec(rest)?.[0];
		// A literal that is the whole value (not `'a' + t(...)` or a ternary's condition).
		if (value && hasWords(value) && /^\s*[,;)}\]\n]/.test(rest.slice(value.length))) {
			findings.push({ file, line: lineOf(code, m.index), text: `${m[0]}${value}` });
		}
	}
	return findings;
}

/** The English templates of `t('...')` and `l10n.t('...')` calls, and calls whose first argument is not a plain literal. */
export function templatesIn(file: string, source: string): { templates: string[]; dynamic: Finding[] } {
	const code = stripComments(source);
	const templates: string[] = [];
	const dynamic: Finding[] = [];
	for (const m of code.matchAll(/(?<![\w.])(?<!function )(?:(?:vscode\.)?l10n\.)?t\(\s*/g)) {
		const rest = code.slice(m.index + m[0].length);
		const literal = /^('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")/.exec(rest)?.[0];
		if (literal) templates.push(JSON.parse(literal.startsWith('"') ? literal : `"${literal.slice(1, -1).replace(/\\'/g, '\'').replace(/"/g, '\\"')}"`));
		else dynamic.push({ file, line: lineOf(code, m.index), text: `${m[0]}${rest.slice(0, 40)}` });
	}
	return { templates, dynamic };
}
