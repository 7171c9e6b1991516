import * as vscode from 'vscode';

/** The status-bar entry that shows the model of the next turn and opens the model picker. */
export class ModelStatusItem implements vscode.Disposable {
	private readonly item = vscode.window.createStatusBarItem('flux.model', vscode.StatusBarAlignment.Right, 100);

	constructor(model: string) {
		this.item.name = 'Flux Model';
		this.item.command = 'flux.selectModel';
		this.update(model);
		this.item.show();
	}

	update(model: string): void {
		this.item.text = `$(sparkle) ${model}`;
		this.item.tooltip = `Flux: the next turn asks for ${model}. Click to change.`;
		this.item.accessibilityInformation = { label: `Flux model: ${model}. Select Model` };
	}

	dispose(): void {
		this.item.dispose();
	}
}
