import * as assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { ESLint } from 'eslint';

const root = resolve(__dirname, '..', '..', '..');

/** The rule ids ESLint reports for `code` as if it lived at `path`. */
async function violations(path: string, code: string): Promise<string[]> {
	const eslint = new ESLint({ cwd: root });
	const [result] = await eslint.lintText(code, { filePath: resolve(root, path) });
	return result.messages.map((m) => m.ruleId ?? m.message);
}

describe('folder boundaries (eslint)', function () {
	this.timeout(30_000);

	it('keeps vscode out of flux, chat, tools and protocol (nested folders too), and allows it in the vscode-facing folders', async () => {
		const code = `import * as vscode from 'vscode';\nexport const x = vscode;\n`;
		const found: Record<string, string[]> = {};
		for (const folder of ['src/flux', 'src/chat', 'src/chat/context', 'src/tools', 'src/protocol', 'src/platform', 'src/dialogs', 'src/commands', 'src/views', 'src/lm']) {
			found[folder] = await violations(`${folder}/probe.ts`, code);
		}
		assert.deepEqual(found, {
			'src/flux': ['no-restricted-imports'],
			'src/chat': ['no-restricted-imports'],
			'src/chat/context': ['no-restricted-imports'],
			'src/tools': ['no-restricted-imports'],
			'src/protocol': ['no-restricted-imports'],
			'src/platform': [],
			'src/dialogs': [],
			'src/commands': [],
			'src/views': [],
			'src/lm': [],
		});
	});

	it('lets each folder of src/ import only the folders below it', async () => {
		const folders = ['protocol', 'flux', 'tools', 'chat', 'platform', 'dialogs', 'commands', 'views', 'lm'];
		const allowed: Record<string, string[]> = {};
		for (const from of folders) {
			allowed[from] = [];
			for (const to of folders.filter((f) => f !== from)) {
				const code = `import type { X } from '../${to}/probe';\nexport type Y = X;\n`;
				if ((await violations(`src/${from}/probe.ts`, code)).length === 0) allowed[from].push(to);
			}
		}
		assert.deepEqual(allowed, {
			protocol: [],
			flux: [],
			tools: ['flux'],
			chat: ['protocol', 'flux', 'tools'],
			platform: ['protocol', 'flux', 'tools', 'chat'],
			dialogs: ['protocol', 'flux', 'tools', 'chat', 'platform'],
			commands: ['protocol', 'flux', 'tools', 'chat', 'platform', 'dialogs'],
			views: ['protocol', 'flux', 'tools', 'chat', 'platform', 'dialogs'],
			lm: ['protocol', 'flux', 'tools', 'chat', 'platform', 'dialogs'],
		});
	});

	it('applies the same rule one folder deeper (src/chat/context), and lets a folder import its own files', async () => {
		const imports = (from: string) => `import type { X } from '${from}';\nexport type Y = X;\n`;
		assert.deepEqual({
			flux: await violations('src/chat/context/probe.ts', imports('../../flux/errors')),
			views: await violations('src/chat/context/probe.ts', imports('../../views/chatHtml')),
			sibling: await violations('src/chat/context/probe.ts', imports('../model')),
			own: await violations('src/views/probe.ts', imports('./chatHtml')),
		}, { flux: [], views: ['no-restricted-imports'], sibling: [], own: [] });
	});

	it('lets the webview import src/protocol and nothing else from src', async () => {
		const imports = (from: string) => `import type { X } from '${from}';\nexport type Y = X;\n`;
		assert.deepEqual({
			protocol: await violations('webview/probe.ts', imports('../src/protocol/messages')),
			views: await violations('webview/probe.ts', imports('../src/views/chatHtml')),
			flux: await violations('webview/probe.ts', imports('../src/flux/anything')),
		}, { protocol: [], views: ['no-restricted-imports'], flux: ['no-restricted-imports'] });
	});
});
