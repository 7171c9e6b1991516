import * as vscode from 'vscode';

/** "Explain with Flux" and "Fix with Flux" on every diagnostic, opening the same flows as the commands. */
export class FluxCodeActions implements vscode.CodeActionProvider {
	static readonly kinds = [vscode.CodeActionKind.QuickFix];

	provideCodeActions(_document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
		return context.diagnostics.flatMap((diagnostic) => {
			const problem = diagnostic.message.split('\n')[0];
			const explain = new vscode.CodeAction(vscode.l10n.t('Explain with Flux'), vscode.CodeActionKind.QuickFix);
			explain.diagnostics = [diagnostic];
			explain.command = {
				command: 'flux.explainSelection',
				title: vscode.l10n.t('Explain with Flux'),
				arguments: [{ range: diagnostic.range, question: `Explain this problem and how to fix it: "${problem}"` }],
			};
			const fix = new vscode.CodeAction(vscode.l10n.t('Fix with Flux'), vscode.CodeActionKind.QuickFix);
			fix.diagnostics = [diagnostic];
			fix.command = {
				command: 'flux.rewriteSelection',
				title: vscode.l10n.t('Fix with Flux'),
				arguments: [{ range: diagnostic.range, instruction: `Fix this problem: ${problem}` }],
			};
			return [explain, fix];
		});
	}
}
