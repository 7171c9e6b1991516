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

	it('keeps vscode out of flux, chat, tools and protocol, and allows it in views', async () => {
		const code = `import * as vscode from 'vscode';\nexport const x = vscode;\n`;
		const found: Record<string, string[]> = {};
		for (const folder of ['src/flux', 'src/chat', 'src/tools', 'src/protocol', 'src/views']) {
			found[folder] = await violations(`${folder}/probe.ts`, code);
		}
		assert.deepEqual(found, {
			'src/flux': ['no-restricted-imports'],
			'src/chat': ['no-restricted-imports'],
			'src/tools': ['no-restricted-imports'],
			'src/protocol': ['no-restricted-imports'],
			'src/views': [],
		});
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
