import { compareNames } from './fileWalker';
import type { LocatedPath, ResolvedPath } from '../guard/pathGuard';
import { ToolError } from '../toolError';
import type { ToolEnvironment, ToolResult } from '../toolResult';
import { clipLine, LineBudget, plural } from '../toolResult';
import type { DiagnosticEntry, DiagnosticSeverity, DocumentRef } from '../workspace';

/**
 * The active editor's selection as numbered lines, with path, language and line range. A
 * file outside the workspace or excluded is refused like any other path; an untitled buffer
 * is shown, since it exists only in the editor the user is looking at.
 */
export async function getSelection(env: ToolEnvironment): Promise<ToolResult> {
	const selection = env.workspace.activeSelection();
	if (!selection) return { ok: true, content: 'No text editor is active, so there is no selection.', summary: 'no active editor' };
	const { document } = selection;
	const name = await documentName(document, env, 'The active editor');
	const where = document.languageId ? `${name} (${document.languageId})` : name;
	if (selection.text === '') {
		return { ok: true, content: `Nothing is selected. The cursor is in ${where} at line ${selection.startLine}.`, summary: `no selection in ${name}` };
	}

	const { limits } = env;
	// A selection that ends at the start of a line does not include that line.
	const lines = selection.text.replace(/\r?\n$/, '').split(/\r?\n/);
	const budget = new LineBudget(limits.maxResultChars - 300, true);
	for (const text of lines) {
		if (budget.lines.length >= limits.maxReadLines || !budget.add(`${selection.startLine + budget.lines.length}: ${clipLine(text, limits.maxLineChars)}`)) break;
	}
	const body = budget.lines;
	const lastShown = selection.startLine + body.length - 1;
	const parts = [`Selection in ${where}, lines ${selection.startLine}-${selection.endLine}:`, ...body];
	if (lastShown < selection.endLine) {
		const next = lastShown + 1;
		parts.push(`[truncated: lines ${next}-${selection.endLine} of the selection not shown${document.fsPath ? `; call read_file with path "${name}" and start_line ${next}` : ''}]`);
	}
	return { ok: true, content: parts.join('\n'), summary: `selection in ${name} lines ${selection.startLine}-${selection.endLine}` };
}

/** The documents open in editor tabs; those outside the workspace or excluded are only counted. */
export async function getOpenEditors(env: ToolEnvironment): Promise<ToolResult> {
	const lines: string[] = [];
	const seen = new Set<string>();
	let hidden = 0;
	for (const editor of env.workspace.openEditors()) {
		const { document } = editor;
		const key = document.fsPath ?? `untitled:${document.name}`;
		// The same file open in two groups is one file to the model.
		if (seen.has(key)) continue;
		seen.add(key);
		const name = document.fsPath === undefined ? document.name : shownPath(await env.guard.locate(document.fsPath));
		if (name === undefined) {
			hidden++;
			continue;
		}
		const notes = [...(document.languageId ? [document.languageId] : []), ...(document.fsPath === undefined ? ['untitled'] : []), ...(editor.isActive ? ['active'] : []), ...(editor.isDirty ? ['unsaved changes'] : [])];
		lines.push(notes.length ? `${name} (${notes.join(', ')})` : name);
	}
	const hiddenNote = hidden > 0 ? [`(${plural(hidden, 'more editor shows a file', 'more editors show files')} outside the workspace or excluded from the tools.)`] : [];
	if (lines.length === 0) {
		return { ok: true, content: ['No editors are open.', ...hiddenNote].join('\n'), summary: 'no open editors' };
	}
	return { ok: true, content: [`Open editors (${lines.length}):`, ...lines, ...hiddenNote].join('\n'), summary: plural(lines.length, 'open editor', 'open editors') };
}

/** Arguments of `get_diagnostics`. */
export interface GetDiagnosticsArgs {
	/** A file or folder; the whole workspace when absent. */
	readonly path?: string;
}

const severityOrder: readonly DiagnosticSeverity[] = ['error', 'warning', 'information', 'hint'];

/**
 * The problems VS Code knows for the workspace (or one file or folder of it), most severe
 * first, then by path and position. Problems of files outside the workspace or excluded are
 * left out.
 */
export async function getDiagnostics(args: GetDiagnosticsArgs, env: ToolEnvironment): Promise<ToolResult> {
	const { guard, limits } = env;
	guard.requireFolders();
	const path = args.path?.trim() ?? '';
	const scope: ResolvedPath | undefined = path === '' || path === '.' ? undefined : await guard.resolve(path);
	const where = scope ? `"${scope.display}"` : 'the workspace';

	const found: { readonly entry: DiagnosticEntry; readonly display: string }[] = [];
	const located = new Map<string, LocatedPath>();
	for (const entry of env.workspace.diagnostics()) {
		let place = located.get(entry.fsPath);
		if (!place) {
			place = await guard.locate(entry.fsPath);
			located.set(entry.fsPath, place);
		}
		if (place.status !== 'inside') continue;
		if (scope && !(place.folder === scope.folder && isWithin(place.relative, scope.relative))) continue;
		found.push({ entry, display: place.display });
	}
	if (found.length === 0) {
		return {
			ok: true,
			content: `No problems reported for ${where}. VS Code only knows the problems of files its language tools have checked, usually the open ones; open a file or run a build to check more.`,
			summary: 'no problems',
		};
	}
	found.sort((a, b) => severityOrder.indexOf(a.entry.severity) - severityOrder.indexOf(b.entry.severity)
		|| compareNames(a.display, b.display)
		|| a.entry.startLine - b.entry.startLine
		|| a.entry.startColumn - b.entry.startColumn);

	const budget = new LineBudget(limits.maxResultChars - 300);
	for (const { entry, display } of found.slice(0, limits.maxDiagnostics)) {
		const origin = [entry.source, entry.code].filter(Boolean).join(' ');
		const message = entry.message.trim().replace(/\r?\n/g, '\n    ');
		if (!budget.add(`${display}:${entry.startLine}:${entry.startColumn}-${entry.endLine}:${entry.endColumn}: ${entry.severity}: ${message}${origin ? ` (${origin})` : ''}`)) break;
	}
	const { lines } = budget;
	const shown = lines.length;
	if (shown < found.length) lines.push(`[truncated: ${shown} of ${found.length} problems shown, most severe first; pass path to see those of one file or folder]`);
	const counts = severityOrder.map((s) => [s, found.filter((f) => f.entry.severity === s).length] as const).filter(([, n]) => n > 0);
	const header = `Problems in ${where}: ${counts.map(([s, n]) => `${n} ${s}${n === 1 || s === 'information' ? '' : 's'}`).join(', ')}`;
	return { ok: true, content: [header, ...lines].join('\n'), summary: `${plural(found.length, 'problem', 'problems')} in ${plural(new Set(found.map((f) => f.display)).size, 'file', 'files')}` };
}

/** The name to show for a document, or a ToolError when the guard would not let the tools near it. */
async function documentName(document: DocumentRef, env: ToolEnvironment, what: string): Promise<string> {
	if (document.fsPath === undefined) return document.name;
	const place = await env.guard.locate(document.fsPath);
	if (place.status === 'inside') return place.display;
	if (place.status === 'excluded' && place.secret) {
		throw new ToolError(`${what} shows "${place.display}", which is a secret file (pattern "${place.pattern}"); the workspace tools cannot read it, whatever the settings say. Do not try to read it another way; if you need something from it, ask the user for that part without its secret values.`, `refused ${place.display}: secret`);
	}
	if (place.status === 'excluded') {
		throw new ToolError(`${what} shows "${place.display}", which is excluded from the workspace tools by the user's settings (pattern "${place.pattern}"). Do not try to read it another way; ask the user to paste what you need.`, `refused ${place.display}: excluded`);
	}
	throw new ToolError(`${what} shows a file outside the workspace folders, which the tools cannot read. Ask the user to paste the code, or to open the folder that contains it.`, 'refused: file outside the workspace');
}

function shownPath(place: LocatedPath): string | undefined {
	return place.status === 'inside' ? place.display : undefined;
}

function isWithin(relative: string, folder: string): boolean {
	return folder === '' || relative === folder || relative.startsWith(`${folder}/`);
}
