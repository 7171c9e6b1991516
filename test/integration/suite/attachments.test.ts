import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FluxTestApi } from '../../../src/extension';
import { startFluxSimulator, type FluxSimulator } from '../../sim/fluxSimulator';

type Body = { messages: { role: string; content: string }[] };

/** Attachments in a real VS Code: Add File to Chat, the active editor, secrets refused, what goes in the request. */
describe('Flux attachments in a real VS Code', () => {
	let sim: FluxSimulator;
	let api: FluxTestApi;
	const folder = () => vscode.workspace.workspaceFolders![0].uri;
	const file = (...path: string[]) => vscode.Uri.joinPath(folder(), ...path);
	const lastQuestion = () => (sim.requests.filter((r) => r.path === '/v1/chat/completions').at(-1)!.body as Body).messages.at(-1)!.content;
	/** Waits for the active editor's chip to follow the editor (it settles 150 ms after a change, later on a busy machine). */
	const settle = async (done: () => boolean = () => true) => {
		for (let waited = 0; waited < 5000; waited += 100) {
			await new Promise((resolve) => setTimeout(resolve, 100));
			if (waited >= 300 && done()) return;
		}
	};

	before(async () => {
		sim = await startFluxSimulator();
		api = (await vscode.extensions.getExtension<FluxTestApi>('fluxchat.flux-chat')!.activate())!;
		await vscode.workspace.getConfiguration('flux').update('baseUrl', sim.baseUrl, vscode.ConfigurationTarget.Global);
		await api.apiKeys.set('sk-attach-tests');
	});

	after(async () => {
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		await vscode.workspace.getConfiguration('flux').update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
		await vscode.workspace.getConfiguration('flux').update('context.attachActiveEditor', undefined, vscode.ConfigurationTarget.Global);
		await api.apiKeys.clear();
		await sim.close();
	});

	beforeEach(async () => {
		sim.reset();
		api.runner.newChat();
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		await settle();
	});

	it('Add File to Chat from the explorer with two files: both become chips and go in the request with their lines, saved on the turn', async () => {
		const greet = file('src', 'greet.ts');
		const math = file('src', 'math.ts');
		// The explorer passes the clicked file and every selected one.
		await vscode.commands.executeCommand('flux.addFileToChat', greet, [greet, math]);
		const chips = api.chips();
		sim.script.push({ content: 'They greet and add.' });
		await api.send('What do these do?');
		await api.runner.idle();
		const sent = lastQuestion();
		const greetText = new TextDecoder().decode(await vscode.workspace.fs.readFile(greet)).replace(/\r\n/g, '\n').trimEnd();
		const turn = api.runner.snapshot().turns.at(-1)!;
		assert.deepEqual({
			chips: chips.added.map((c) => c.label),
			paths: [sent.includes('`src/greet.ts` (typescript), lines 1-'), sent.includes('`src/math.ts` (typescript), lines 1-')],
			text: sent.includes(greetText),
			startsWithQuestion: sent.startsWith('What do these do?\n\n'),
			saved: turn.attachments?.map((a) => a.path),
			after: api.chips().added,
		}, {
			chips: [`src/greet.ts:1-${greetText.split('\n').length}`, chips.added[1]?.label],
			paths: [true, true],
			text: true,
			startsWithQuestion: true,
			saved: ['src/greet.ts', 'src/math.ts'],
			after: [],
		});
	});

	it('refuses a secret file: no chip, and nothing of it in the request', async () => {
		await vscode.commands.executeCommand('flux.addFileToChat', file('.env'), [file('.env')]);
		const chips = api.chips();
		sim.script.push({ content: 'No.' });
		await api.send('Anything attached?');
		await api.runner.idle();
		assert.deepEqual({ chips: chips.added, sent: lastQuestion() }, { chips: [], sent: 'Anything attached?' });
	});

	it('sends the active editor by default (its selection), and not when flux.context.attachActiveEditor is off', async function () {
		this.timeout(60_000);
		let step = 'start';
		const at = <T>(name: string, work: Promise<T>) => {
			step = name;
			return Promise.race([work, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`stuck at ${step}`)), 15_000))]);
		};
		const editor = await at('show', Promise.resolve(vscode.window.showTextDocument(file('src', 'math.ts'))));
		editor.selection = new vscode.Selection(1, 0, 3, 0);
		await settle(() => api.chips().active?.label === 'src/math.ts:2-3');
		const chip = api.chips().active;
		sim.script.push({ content: 'It adds.' }, { content: 'Plain.' });
		await at('send 1', api.send('What is this?'));
		await at('idle 1', api.runner.idle());
		const withEditor = lastQuestion();
		await at('setting', Promise.resolve(vscode.workspace.getConfiguration('flux').update('context.attachActiveEditor', false, vscode.ConfigurationTarget.Global)));
		await settle(() => api.chips().active === undefined);
		const chipOff = api.chips().active;
		await at('send 2', api.send('And now?'));
		await at('idle 2', api.runner.idle());
		await at('reset', Promise.resolve(vscode.workspace.getConfiguration('flux').update('context.attachActiveEditor', undefined, vscode.ConfigurationTarget.Global)));
		assert.deepEqual({ chip: chip && [chip.kind, chip.label], attached: withEditor.includes('`src/math.ts` (typescript), lines 2-3:'), chipOff, plain: lastQuestion() }, {
			chip: ['selection', 'src/math.ts:2-3'],
			attached: true,
			chipOff: undefined,
			plain: 'And now?',
		});
	});

	it('attaches nothing of a large file once a private key is below the visible lines, nor an untitled buffer until the user adds it', async function () {
		this.timeout(60_000);
		const big = file('src', 'big.ts');
		const code = Array.from({ length: 600 }, (_, i) => `export const value${i} = ${i}; // a line of ordinary code`);
		await vscode.workspace.fs.writeFile(big, new TextEncoder().encode(code.join('\n') + '\n'));
		try {
			const editor = await vscode.window.showTextDocument(big);
			editor.selection = new vscode.Selection(0, 0, 0, 0);
			await settle(() => api.chips().active?.label.startsWith('src/big.ts:1-') === true);
			const plain = api.chips().active?.label;
			// Pasted far below the screen and not saved: the editor's text is what counts.
			const edit = new vscode.WorkspaceEdit();
			edit.insert(big, new vscode.Position(500, 0), '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\n');
			await vscode.workspace.applyEdit(edit);
			await settle(() => api.chips().active === undefined);
			const withKey = api.chips().active;
			sim.script.push({ content: 'Nothing attached.' });
			await api.send('What is this?');
			await api.runner.idle();
			const sent = lastQuestion();
			await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');

			// From a file's chip to none: the chip followed the untitled buffer and left it out.
			await vscode.window.showTextDocument(file('src', 'math.ts'));
			await settle(() => api.chips().active?.label.startsWith('src/math.ts:') === true);
			const scratch = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: 'TOKEN=scratch-value\n', language: 'plaintext' }));
			await settle(() => api.chips().active === undefined);
			const untitled = api.chips().active;
			scratch.selection = new vscode.Selection(0, 0, 0, 5);
			await vscode.commands.executeCommand('flux.addSelectionToChat');
			const added = api.chips().added.map((c) => [c.kind, c.label.replace(/^Untitled-\d+/, 'Untitled')]);
			// Sending empties the tray, so the next test starts without this chip.
			sim.script.push({ content: 'A token.' });
			await api.send('And this?');
			await api.runner.idle();
			const sentAdded = lastQuestion().includes('TOKEN=scratch-value');
			await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
			assert.deepEqual({ plain: plain?.startsWith('src/big.ts:1-'), withKey, sent, untitled, added, sentAdded }, {
				plain: true,
				withKey: undefined,
				sent: 'What is this?',
				untitled: undefined,
				added: [['selection', 'Untitled:1-1']],
				sentAdded: true,
			});
		} finally {
			await vscode.workspace.fs.delete(big);
		}
	});
});
