import * as vscode from 'vscode';
import type { CodeContextView } from '../protocol/messages';
import type { AttachTarget } from './attachCommands';

const unitKinds = new Set([
	vscode.SymbolKind.Function, vscode.SymbolKind.Method, vscode.SymbolKind.Constructor,
	vscode.SymbolKind.Class, vscode.SymbolKind.Interface, vscode.SymbolKind.Enum, vscode.SymbolKind.Struct,
]);

/**
 * What to explain when nothing is selected: the innermost function, method or class around the
 * cursor (from the language's symbols), else the paragraph of non-blank lines around it.
 */
async function unitAroundCursor(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Range> {
	const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', document.uri)
		.then((s) => s, () => undefined);
	let best: vscode.Range | undefined;
	const visit = (list: readonly vscode.DocumentSymbol[]) => {
		for (const symbol of list) {
			if (!symbol.range?.contains(position)) continue;
			if (unitKinds.has(symbol.kind)) best = symbol.range;
			visit(symbol.children ?? []);
		}
	};
	visit(Array.isArray(symbols) ? symbols.filter((s): s is vscode.DocumentSymbol => 'children' in s) : []);
	if (best) return best;
	let start = position.line;
	let end = position.line;
	while (start > 0 && !document.lineAt(start - 1).isEmptyOrWhitespace) start--;
	while (end < document.lineCount - 1 && !document.lineAt(end + 1).isEmptyOrWhitespace) end++;
	return new vscode.Range(start, 0, end, document.lineAt(end).text.length);
}

/**
 * The code of `range` in whole lines, with its path, language and 1-based line numbers. A range
 * ending at column 0 (a selection of whole lines) ends on the line before.
 */
export function codeContext(document: vscode.TextDocument, range: vscode.Range): CodeContextView {
	const endLine = range.end.character === 0 && range.end.line > range.start.line ? range.end.line - 1 : range.end.line;
	const lines = document.validateRange(new vscode.Range(range.start.line, 0, endLine, Number.MAX_SAFE_INTEGER));
	return {
		path: vscode.workspace.asRelativePath(document.uri),
		language: document.languageId,
		startLine: lines.start.line + 1,
		endLine: lines.end.line + 1,
		text: document.getText(lines),
	};
}

/** The question Explain asks. */
export const explainQuestion = 'Explain this code.';

/**
 * "Flux: Explain Selection": the selection (or the unit around the cursor) becomes the chip of
 * the question "Explain this code." (or a quick fix's question), sent at once: explaining is one
 * action. "Add Selection to Chat" is the way to ask one's own question about the code.
 */
export async function explainSelection(target: AttachTarget, args?: { range?: vscode.Range; question?: string }): Promise<void> {
	const editor = vscode.window.activeTextEditor;
	if (!editor) {
		void vscode.window.showInformationMessage(vscode.l10n.t('Flux: open a file and select the code to explain.'));
		return;
	}
	const range = args?.range ?? (editor.selection.isEmpty ? await unitAroundCursor(editor.document, editor.selection.active) : editor.selection);
	const refusal = await target.attachments.addRange(editor.document, range);
	if (refusal) {
		void vscode.window.showWarningMessage(vscode.l10n.t('Flux: {0}', refusal));
		return;
	}
	await target.reveal();
	await target.send(args?.question ?? explainQuestion);
}
