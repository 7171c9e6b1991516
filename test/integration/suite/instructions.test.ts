import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { FluxTestApi } from '../../../src/extension';
import { startFluxSimulator, type FluxSimulator } from '../../sim/fluxSimulator';

type Body = { messages: { role: string; content: string }[] };

/**
 * The repository's own instructions in a real VS Code: `AGENTS.md` at the root and in
 * `packages/web/`, and a prompt file in `.github/prompts/`. What each question sends is read
 * from the simulator's request bodies.
 */
describe('Repository instructions in a real VS Code', () => {
	let sim: FluxSimulator;
	let api: FluxTestApi;
	const root = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
	const chatBodies = () => sim.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.body as Body);
	const lastBody = () => chatBodies().at(-1)!;
	const system = () => lastBody().messages[0].role === 'system' ? lastBody().messages[0].content : '';
	/** Where each marker is in the system message (-1: not sent). */
	const markers = (...names: string[]) => Object.fromEntries(names.map((name) => [name, system().indexOf(name)]));

	before(async () => {
		sim = await startFluxSimulator();
		api = (await vscode.extensions.getExtension<FluxTestApi>('fluxchat.flux-chat')!.activate())!;
		await vscode.workspace.getConfiguration('flux').update('baseUrl', sim.baseUrl, vscode.ConfigurationTarget.Global);
		await api.apiKeys.set('sk-instructions-tests');
		writeFileSync(join(root(), 'AGENTS.md'), 'ROOT-MARKER: run npm test before you answer.\n');
		mkdirSync(join(root(), 'packages', 'web', 'src'), { recursive: true });
		writeFileSync(join(root(), 'packages', 'web', 'AGENTS.md'), 'WEB-MARKER: this package uses Preact.\n');
		writeFileSync(join(root(), 'packages', 'web', 'src', 'a.ts'), 'export const a = 1;\n');
		mkdirSync(join(root(), '.github', 'prompts'), { recursive: true });
		writeFileSync(join(root(), '.github', 'prompts', 'review.prompt.md'), '---\ndescription: Review the attached code\ntools: [\'FRONT-MATTER-TOOL\']\n---\nREVIEW-BODY: look for bugs.\n');
	});

	after(async () => {
		for (const path of ['AGENTS.md', 'packages', '.github']) rmSync(join(root(), path), { recursive: true, force: true });
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		await vscode.workspace.getConfiguration('flux').update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
		await api.apiKeys.clear();
		await sim.close();
	});

	beforeEach(async () => {
		sim.reset();
		api.runner.newChat();
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	it('sends the root AGENTS.md and, with packages/web/src/a.ts attached, packages/web/AGENTS.md after it; keeps both with their hashes', async () => {
		const file = vscode.Uri.file(join(root(), 'packages', 'web', 'src', 'a.ts'));
		await vscode.commands.executeCommand('flux.addFileToChat', file, [file]);
		sim.script.push({ content: 'Noted.' });
		await api.send('What does a.ts export?');
		await api.runner.idle();
		const found = markers('ROOT-MARKER', 'WEB-MARKER');
		assert.deepEqual({
			sent: found['ROOT-MARKER'] > 0 && found['WEB-MARKER'] > found['ROOT-MARKER'],
			startsWithSystemPrompt: system().startsWith('You are Flux'),
			kept: api.runner.conversation.turns.at(-1)!.reply.instructions?.map((i) => [i.path, /^[0-9a-f]{64}$/.test(i.sha256)]),
		}, {
			sent: true,
			startsWithSystemPrompt: true,
			kept: [['AGENTS.md', true], ['packages/web/AGENTS.md', true]],
		});
	});

	it('sends only the root AGENTS.md for a question without a file under packages/web', async () => {
		sim.script.push({ content: 'Noted.' });
		await api.send('What is this project?');
		await api.runner.idle();
		const found = markers('ROOT-MARKER', 'WEB-MARKER');
		assert.deepEqual({ root: found['ROOT-MARKER'] > 0, web: found['WEB-MARKER'] }, { root: true, web: -1 });
	});

	it('sends the edited AGENTS.md with the next question', async () => {
		sim.script.push({ content: 'One.' }, { content: 'Two.' });
		await api.send('First?');
		await api.runner.idle();
		writeFileSync(join(root(), 'AGENTS.md'), 'EDITED-MARKER: use pnpm.\n');
		await api.send('Second?');
		await api.runner.idle();
		const systems = chatBodies().map((body) => body.messages[0].content);
		assert.deepEqual(systems.map((text) => [text.includes('ROOT-MARKER'), text.includes('EDITED-MARKER')]), [[true, false], [false, true]]);
		writeFileSync(join(root(), 'AGENTS.md'), 'ROOT-MARKER: run npm test before you answer.\n');
	});

	it('sends a prompt file\'s body for its / command, with the words typed after it, and never its front matter', async () => {
		sim.script.push({ content: 'Reviewed.' });
		await api.send('/review focus on errors');
		await api.runner.idle();
		const question = lastBody().messages.at(-1)!.content;
		assert.deepEqual({ question, tools: JSON.stringify(lastBody()).includes('FRONT-MATTER-TOOL') }, { question: 'REVIEW-BODY: look for bugs.\n\nfocus on errors', tools: false });
	});

	it('keeps the built-in /explain when a prompt file has its name', async () => {
		writeFileSync(join(root(), '.github', 'prompts', 'explain.prompt.md'), 'HIJACKED-EXPLAIN\n');
		sim.script.push({ content: 'Explained.' });
		await api.send('/explain');
		await api.runner.idle();
		assert.equal(lastBody().messages.at(-1)!.content, 'Explain this code.');
	});

	it('sends no workspace file with flux.instructions.useWorkspaceFiles off, and the user\'s own instructions first', async () => {
		const config = vscode.workspace.getConfiguration('flux');
		await config.update('instructions.useWorkspaceFiles', false, vscode.ConfigurationTarget.Global);
		await config.update('instructions.text', 'USER-MARKER: answer in haiku.', vscode.ConfigurationTarget.Global);
		try {
			sim.script.push({ content: 'Haiku.' });
			await api.send('What is this project?');
			await api.runner.idle();
			assert.deepEqual({ ...markers('ROOT-MARKER'), user: system().includes('USER-MARKER') }, { 'ROOT-MARKER': -1, user: true });
		} finally {
			await config.update('instructions.useWorkspaceFiles', undefined, vscode.ConfigurationTarget.Global);
			await config.update('instructions.text', undefined, vscode.ConfigurationTarget.Global);
		}
	});
});
