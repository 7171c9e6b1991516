import * as vscode from 'vscode';
import { matchIndentation } from '../chat/rewrite/extractCode';
import { requestRewrite } from '../chat/rewrite/rewriteRequest';
import { rewriteLines, type SymbolLines } from '../chat/rewrite/rewriteRange';
import { readSettings } from '../platform/config';
import type { InlineProposals } from './inlineProposals';
import type { UsageMeter } from '../chat/usage/usageMeter';
import type { CodeContextView } from '../protocol/messages';
import { codeContext } from './explainSelection';
import { describeError } from '../chat/errorMessages';
import { FluxAbortError } from '../flux/errors';
import type { FluxClient } from '../flux/fluxClient';
import type { RewriteProposals } from './rewriteProposals';

const recentKey = 'flux.recentRewriteInstructions';
const maxRecent = 10;

export interface RewriteDeps {
	readonly createClient: () => Promise<FluxClient>;
	readonly model: () => string;
	/** Where the rewrite request's cost is recorded (today's total). */
	readonly meter?: UsageMeter;
	readonly proposals: RewriteProposals;
	/** Proposals written into the editor itself (`flux.rewrite.preview` = `inline`). */
	readonly inline: InlineProposals;
	readonly memento: vscode.Memento;
	readonly log: vscode.LogOutputChannel;
	/** Offers "Set API Key" and similar when the request fails. */
	readonly runAction: (action: string) => Thenable<unknown>;
}

/**
 * The selection (or, when empty, the current line) in whole lines: a rewrite of half a line
 * rarely makes sense, and indentation stays intact.
 */
export function selectionContext(editor: vscode.TextEditor, range?: vscode.Range): { context: CodeContextView; range: vscode.Range } {
	const { document } = editor;
	const context = codeContext(document, range ?? editor.selection);
	return { context, range: document.validateRange(new vscode.Range(context.startLine - 1, 0, context.endLine - 1, Number.MAX_SAFE_INTEGER)) };
}

const unitKinds = new Set([
	vscode.SymbolKind.Function, vscode.SymbolKind.Method, vscode.SymbolKind.Constructor, vscode.SymbolKind.Class,
	vscode.SymbolKind.Interface, vscode.SymbolKind.Enum, vscode.SymbolKind.Struct, vscode.SymbolKind.Namespace, vscode.SymbolKind.Module,
]);

/**
 * What to rewrite when nothing is selected: the innermost function or block around the cursor,
 * from the language's document symbols, else the cursor's line.
 */
async function rangeAroundCursor(document: vscode.TextDocument, line: number): Promise<vscode.Range> {
	const symbols = await vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined>('vscode.executeDocumentSymbolProvider', document.uri)
		.then((s) => s, () => undefined);
	const toLines = (symbol: vscode.DocumentSymbol): SymbolLines => ({
		startLine: symbol.range.start.line, endLine: symbol.range.end.line, unit: unitKinds.has(symbol.kind), children: (symbol.children ?? []).map(toLines),
	});
	const tree = (Array.isArray(symbols) ? symbols : []).filter((s): s is vscode.DocumentSymbol => 'children' in s).map(toLines);
	const { startLine, endLine } = rewriteLines(tree, line);
	return new vscode.Range(startLine, 0, endLine, Number.MAX_SAFE_INTEGER);
}

/**
 * Whether VS Code saves the file by itself (`files.autoSave`, on by default in VS Code for the
 * Web): an inline proposal lives in the document, so a save would end it at once (a rewrite never
 * reaches the disk); such files get the diff editor, whose proposal is not in the document.
 */
function autoSaves(document: vscode.TextDocument, log: vscode.LogOutputChannel): boolean {
	const mode = vscode.workspace.getConfiguration('files', document).get<string>('autoSave', 'off');
	if (mode === 'off') return false;
	log.info(`rewrite: files.autoSave is "${mode}", so the proposal is shown in the diff editor`);
	return true;
}

/** Asks for an instruction, remembering recent ones; undefined when cancelled. */
async function askInstruction(memento: vscode.Memento): Promise<string | undefined> {
	const recent = memento.get<string[]>(recentKey, []);
	const pick = vscode.window.createQuickPick();
	pick.title = vscode.l10n.t('Flux: Rewrite Selection');
	pick.placeholder = vscode.l10n.t('How should the code change? (e.g. "add error handling")');
	const recentLabel = vscode.l10n.t('recent');
	pick.items = recent.map((label) => ({ label, description: recentLabel }));
	pick.onDidChangeValue((value) => {
		const typed = value.trim() ? [{ label: value }] : [];
		pick.items = [...typed, ...recent.filter((r) => r !== value).map((label) => ({ label, description: recentLabel }))];
	});
	const chosen = await new Promise<string | undefined>((resolve) => {
		pick.onDidAccept(() => resolve(pick.selectedItems[0]?.label ?? pick.value));
		pick.onDidHide(() => resolve(undefined));
		pick.show();
	});
	pick.dispose();
	const instruction = chosen?.trim();
	if (instruction) await memento.update(recentKey, [instruction, ...recent.filter((r) => r !== instruction)].slice(0, maxRecent));
	return instruction || undefined;
}

/**
 * "Flux: Rewrite Selection...": asks for an instruction (or takes one as an argument), asks Flux
 * for the replacement with progress and Cancel, then shows the proposal in a diff with Accept and
 * Discard. Also used by "Apply" from chat and "Fix with Flux".
 */
export async function rewriteSelection(deps: RewriteDeps, args?: { instruction?: string; range?: vscode.Range; replacement?: string }): Promise<void> {
	const editor = vscode.window.activeTextEditor;
	if (!editor) {
		void vscode.window.showInformationMessage(vscode.l10n.t('Flux: open a file and select the code to rewrite.'));
		return;
	}
	const document = editor.document;
	const inline = readSettings().rewritePreview === 'inline' && !autoSaves(document, deps.log);
	if (inline && deps.inline.forDocument(document)) {
		// One proposal per file: a second would write into the lines of the first.
		void vscode.window.showWarningMessage(vscode.l10n.t('Flux is already proposing a rewrite in this file: Accept or Discard it first.'));
		return;
	}
	const asked = args?.range ?? (editor.selection.isEmpty ? await rangeAroundCursor(document, editor.selection.active.line) : undefined);
	const { context, range } = selectionContext(editor, asked);
	const version = document.version;
	const instruction = args?.replacement === undefined ? args?.instruction ?? await askInstruction(deps.memento) : 'apply';
	if (!instruction) return;
	if (inline) {
		await rewriteInline(deps, editor, context, instruction, args?.replacement);
		return;
	}

	let code = args?.replacement;
	if (code === undefined) {
		code = await vscode.window.withProgress({
			location: vscode.ProgressLocation.Notification,
			title: vscode.l10n.t('Flux: rewriting {0} lines {1}-{2}', context.path, context.startLine, context.endLine),
			cancellable: true,
		}, async (_progress, token) => {
			const controller = new AbortController();
			const subscription = token.onCancellationRequested(() => controller.abort());
			try {
				return await requestRewrite(await deps.createClient(), deps.model(), instruction, context, controller.signal, deps.meter);
			} catch (error) {
				if (error instanceof FluxAbortError) return undefined;
				await reportFailure(deps, error, () => rewriteSelection(deps, { instruction, range }));
				return undefined;
			} finally {
				subscription.dispose();
			}
		});
		if (code === undefined) return;
	}

	const replacement = matchIndentation(code, context.text);
	const name = context.path.split('/').pop();
	const proposal = await deps.proposals.show({
		document, version, range, replacement,
		rerun: () => rewriteSelection(deps, { instruction, range }),
	}, vscode.l10n.t('{0} (lines {1}-{2}) ↔ Flux proposal', name ?? '', context.startLine, context.endLine));
	const accept = vscode.l10n.t('Accept');
	const discard = vscode.l10n.t('Discard');
	void vscode.window.showInformationMessage(vscode.l10n.t('Flux proposes a rewrite of {0} lines {1}-{2}.', context.path, context.startLine, context.endLine), accept, discard)
		.then(async (choice) => {
			if (!deps.proposals.current(vscode.Uri.from({ scheme: 'flux-proposal', path: document.uri.path, query: proposal.id }))) return;
			if (choice === accept) await deps.proposals.accept(proposal);
			else if (choice === discard) await deps.proposals.discard(proposal);
		});
}

/** Says why a rewrite request failed, with the actions that can help (Set API Key, Retry…). */
async function reportFailure(deps: RewriteDeps, error: unknown, retry: () => Thenable<unknown>): Promise<void> {
	const described = describeError(error, deps.model());
	const { message } = described;
	deps.log.warn(`rewrite failed: ${message}`);
	const labels: Record<string, string> = { setApiKey: vscode.l10n.t('Set API Key'), openSettings: vscode.l10n.t('Open Settings'), retry: vscode.l10n.t('Retry'), useFluxAuto: vscode.l10n.t('Use flux-auto') };
	// The chat's own actions (New Chat, Pin a Model…) mean nothing for a rewrite.
	const actions = described.actions.filter((a) => a in labels);
	const choice = await vscode.window.showErrorMessage(vscode.l10n.t('Flux: {0}', message), ...actions.map((a) => labels[a]));
	const action = actions.find((a) => labels[a] === choice);
	if (action === 'retry') void retry();
	else if (action) void deps.runAction(action);
}

/**
 * The proposal written into the editor as it streams (see InlineSession): the original lines
 * marked removed, the new ones added below them, Accept and Discard in the CodeLens. A failed,
 * cut-off or refused answer puts the original back and says why.
 */
async function rewriteInline(deps: RewriteDeps, editor: vscode.TextEditor, context: CodeContextView, instruction: string, replacement?: string): Promise<void> {
	const session = deps.inline.start(editor, context.startLine - 1, context.endLine - 1);
	if (replacement !== undefined) {
		await session.finish(matchIndentation(replacement, context.text));
		return;
	}
	const range = new vscode.Range(context.startLine - 1, 0, context.endLine - 1, Number.MAX_SAFE_INTEGER);
	await vscode.window.withProgress({
		location: vscode.ProgressLocation.Window,
		title: vscode.l10n.t('Flux: rewriting {0} lines {1}-{2}', context.path, context.startLine, context.endLine),
	}, async () => {
		let code: string;
		try {
			code = await requestRewrite(await deps.createClient(), deps.model(), instruction, context, session.abort.signal, deps.meter,
				(partial) => session.update(matchIndentation(partial, context.text)));
		} catch (error) {
			// Stopped by Discard or by an edit elsewhere: the session already said why.
			if (error instanceof FluxAbortError || session.state === 'stopped' || session.state === 'ended') return;
			await session.discard();
			await reportFailure(deps, error, () => rewriteSelection(deps, { instruction, range }));
			return;
		}
		await session.finish(matchIndentation(code, context.text));
	});
}

/**
 * "Apply" on a chat code block: proposes it for the active editor's selection, or for the whole
 * file when nothing is selected and the block looks like the whole file (at least half as long).
 */
export async function applyCode(deps: RewriteDeps, code: string): Promise<void> {
	const editor = vscode.window.activeTextEditor;
	if (!editor) {
		void vscode.window.showInformationMessage(vscode.l10n.t('Flux: open the file the code is for, select what it replaces, then Apply again.'));
		return;
	}
	const { document, selection } = editor;
	const wholeFile = selection.isEmpty && code.split('\n').length >= document.lineCount / 2;
	const range = wholeFile ? new vscode.Range(0, 0, document.lineCount - 1, Number.MAX_SAFE_INTEGER) : selection;
	await rewriteSelection(deps, { range, replacement: code });
}
