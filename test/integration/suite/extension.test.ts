import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const extensionId = 'fluxchat.flux-chat';

function extension(): vscode.Extension<unknown> {
	const ext = vscode.extensions.getExtension(extensionId);
	assert.ok(ext, `${extensionId} is not loaded`);
	return ext;
}

describe('Flux Chat in a real VS Code', () => {
	before(async () => {
		await extension().activate();
	});

	it('activates', () => {
		assert.equal(extension().isActive, true);
	});

	it('contributes the Flux container with the Chat webview view', () => {
		const contributes = extension().packageJSON.contributes;
		assert.deepEqual(
			{ containers: contributes.viewsContainers.activitybar, views: contributes.views },
			{
				containers: [{ id: 'flux', title: 'Flux', icon: 'media/flux.svg' }],
				views: { flux: [{ type: 'webview', id: 'flux.chatView', name: 'Chat' }] },
			},
		);
	});

	it('registers every command it contributes, and only those', async () => {
		const contributed = (extension().packageJSON.contributes.commands as { command: string }[]).map((c) => c.command).sort();
		const registered = (await vscode.commands.getCommands(true)).filter((c) => c.startsWith('flux.') && !c.startsWith('flux.chatView')).sort();
		assert.deepEqual(registered, contributed);
	});

	it('opens the Chat view from its container', async () => {
		await vscode.commands.executeCommand('workbench.view.extension.flux');
		// Focusing the view resolves its webview provider; it throws if nothing is registered.
		await vscode.commands.executeCommand('flux.chatView.focus');
	});

	it('runs "Flux: Show Log"', async () => {
		await vscode.commands.executeCommand('flux.showLog');
	});

	it(`runs on VS Code ${vscode.version}, within the supported engine range`, () => {
		const [major, minor] = vscode.version.split('.').map(Number);
		assert.ok(major > 1 || (major === 1 && minor >= 100), vscode.version);
		assert.equal(extension().packageJSON.engines.vscode, '^1.100.0');
	});
});
