import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { FluxTestApi } from '../../../src/extension';
import { defaultSystemPrompt } from '../../../src/platform/settingsReader';
import { startFluxSimulator, type FluxSimulator } from '../../sim/fluxSimulator';

type Body = { messages: { role: string; content: string }[] };

/**
 * The same repository as suite/instructions.test.ts, opened in Restricted Mode (workspace trust
 * on, the folder not trusted): none of its instruction or prompt files is read into a request.
 */
describe('Repository instructions in Restricted Mode', () => {
	let sim: FluxSimulator;
	let api: FluxTestApi;
	const root = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
	const lastBody = () => sim.requests.filter((r) => r.path === '/v1/chat/completions').at(-1)!.body as Body;

	before(async () => {
		sim = await startFluxSimulator();
		api = (await vscode.extensions.getExtension<FluxTestApi>('fluxchat.flux-chat')!.activate())!;
		await vscode.workspace.getConfiguration('flux').update('baseUrl', sim.baseUrl, vscode.ConfigurationTarget.Global);
		await api.apiKeys.set('sk-restricted-tests');
		writeFileSync(join(root(), 'AGENTS.md'), 'ROOT-MARKER: run npm test before you answer.\n');
		mkdirSync(join(root(), 'packages', 'web', 'src'), { recursive: true });
		writeFileSync(join(root(), 'packages', 'web', 'AGENTS.md'), 'WEB-MARKER: this package uses Preact.\n');
		writeFileSync(join(root(), 'packages', 'web', 'src', 'a.ts'), 'export const a = 1;\n');
		mkdirSync(join(root(), '.github', 'prompts'), { recursive: true });
		writeFileSync(join(root(), '.github', 'prompts', 'review.prompt.md'), '---\ndescription: Review\n---\nREVIEW-BODY\n');
	});

	after(async () => {
		for (const path of ['AGENTS.md', 'packages', '.github']) rmSync(join(root(), path), { recursive: true, force: true });
		await vscode.workspace.getConfiguration('flux').update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
		await api.apiKeys.clear();
		await sim.close();
	});

	it('runs untrusted', () => {
		assert.equal(vscode.workspace.isTrusted, false);
	});

	it('sends neither AGENTS.md, with a file under packages/web in the question, and a prompt file\'s command as typed', async () => {
		sim.script.push({ content: 'One.' }, { content: 'Two.' });
		api.runner.send('What does a.ts export?', undefined, [{ id: 'a', kind: 'file', label: 'packages/web/src/a.ts', path: 'packages/web/src/a.ts', text: 'export const a = 1;' }]);
		await api.runner.idle();
		const first = lastBody().messages[0];
		await api.send('/review please');
		await api.runner.idle();
		assert.deepEqual({ first, question: lastBody().messages.at(-1)!.content, kept: api.runner.conversation.turns.map((t) => t.reply.instructions) }, {
			first: { role: 'system', content: defaultSystemPrompt },
			question: '/review please',
			kept: [undefined, undefined],
		});
	});
});
