import * as vscode from 'vscode';

/** "Explain with Flux" and "Fix with Flux" on every diagnostic, opening the same flows as the commands. */
export class FluxCodeActions implements vscode.CodeActionProvider {
	static readonly kinds = [vscode.CodeActionKind.QuickFix];

	provideCodeActions(_document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
		return context.diagnostics.flatMap((diagnostic) => {
			const problem = diagnostic.message.split('\n')[0];
			const explain = new vscode.CodeAction('Explain with Flux', vscode.CodeActionKind.QuickFix);
			explain.diagnostics = [diagnostic];
			explain.command = {
				command: 'flux.explainSelection',
				title: 'Explain with Flux',
				arguments: [{ range: diagnostic.range, question: `Explain this problem and how to fix it: "${problem}"` }],
			};
			const fix = new vscode.CodeAction('Fix with Flux', vscode.CodeActionKind.QuickFix);
			fix.diagnostics = [diagnostic];
			fix.command = {
				command: 'flux.rewriteSelection',
				title: 'Fix with Flux',
				arguments: [{ range: diagnostic.range, instruction: `Fix this problem: ${problem}` }],
			};
			return [explain, fix];
		});
	}
}
