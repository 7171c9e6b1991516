import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, resolve } from 'node:path';
import { ESLint } from 'eslint';
import * as ts from 'typescript';

const root = resolve(__dirname, '..', '..', '..');

/** The rule ids ESLint reports for `code` as if it lived at `path`. */
async function violations(path: string, code: string): Promise<string[]> {
	const eslint = new ESLint({ cwd: root });
	const [result] = await eslint.lintText(code, { filePath: resolve(root, path) });
	return result.messages.map((m) => m.ruleId ?? m.message);
}

/** The rooms (feature sub-folders) of each folder that orders its rooms (eslint.config.mjs, `rooms`). */
const rooms: Record<string, string[]> = {
	'src/chat': ['usage', 'attachments', 'context', 'history', 'rewrite', 'turns'],
	'src/tools': ['guard', 'read', 'search', 'edits', 'terminal', 'belt'],
	'src/flux': ['http', 'openai', 'anthropic', 'pricing', 'retry'],
	'src/platform': ['storage', 'tools'],
	webview: ['timing', 'render', 'composer', 'header', 'history', 'reply'],
};

/** The rooms of the folders that stay free of vscode. */
const roomFolders = ['src/chat', 'src/tools', 'src/flux'].flatMap((folder) => rooms[folder].map((r) => `${folder}/${r}`));
const platformRooms = rooms['src/platform'].map((r) => `src/platform/${r}`);

describe('folder boundaries (eslint)', function () {
	this.timeout(30_000);

	it('keeps vscode out of flux, chat, tools and protocol (nested folders too), and allows it in the vscode-facing folders', async () => {
		const code = `import * as vscode from 'vscode';\nexport const x = vscode;\n`;
		const found: Record<string, string[]> = {};
		for (const folder of ['src/flux', 'src/chat', 'src/tools', 'src/protocol', 'src/platform', 'src/dialogs', 'src/commands', 'src/views', 'src/lm', ...roomFolders, ...platformRooms]) {
			found[folder] = await violations(`${folder}/probe.ts`, code);
		}
		assert.deepEqual(found, {
			'src/flux': ['no-restricted-imports'],
			'src/chat': ['no-restricted-imports'],
			'src/tools': ['no-restricted-imports'],
			'src/protocol': ['no-restricted-imports'],
			'src/platform': [],
			'src/dialogs': [],
			'src/commands': [],
			'src/views': [],
			'src/lm': [],
			...Object.fromEntries(roomFolders.map((folder) => [folder, ['no-restricted-imports']])),
			...Object.fromEntries(platformRooms.map((folder) => [folder, []])),
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

	it('lets each room (a feature folder) of chat, tools, flux and the webview import only the rooms below it', async () => {
		const allowed: Record<string, string[]> = {};
		for (const [folder, names] of Object.entries(rooms)) {
			for (const from of ['.', ...names]) {
				const key = from === '.' ? folder : `${folder}/${from}`;
				allowed[key] = [];
				for (const to of names.filter((r) => r !== from)) {
					const code = `import type { X } from '${from === '.' ? '.' : '..'}/${to}/probe';\nexport type Y = X;\n`;
					if ((await violations(`${key}/probe.ts`, code)).length === 0) allowed[key].push(to);
				}
			}
		}
		assert.deepEqual(allowed, {
			// The chat model (model.ts, changeSet.ts, toView.ts, errorMessages.ts) is below every room.
			'src/chat': [],
			'src/chat/usage': [],
			'src/chat/attachments': [],
			'src/chat/context': ['attachments'],
			'src/chat/history': ['usage'],
			'src/chat/rewrite': ['usage', 'attachments'],
			'src/chat/turns': ['usage', 'context', 'history'],
			// The tool table (toolExecutor.ts) runs every tool.
			'src/tools': ['guard', 'read', 'search', 'edits', 'terminal'],
			'src/tools/guard': [],
			'src/tools/read': ['guard'],
			'src/tools/search': ['guard', 'read'],
			'src/tools/edits': ['guard'],
			'src/tools/terminal': ['guard'],
			// The tools of VS Code and MCP servers ask the user as run_command does.
			'src/tools/belt': [],
			// The neutral client loads either transport, and gives both SDKs the one fetch.
			'src/flux': ['http', 'openai', 'anthropic'],
			'src/flux/http': [],
			'src/flux/openai': ['http'],
			'src/flux/anthropic': ['http'],
			'src/flux/pricing': [],
			'src/flux/retry': [],
			// The services and the chat's pieces use both; the key's storage and the tools' workspace never meet.
			'src/platform': ['storage', 'tools'],
			'src/platform/storage': [],
			'src/platform/tools': [],
			// The app (chatApp.ts) puts the parts together.
			'webview': ['timing', 'render', 'composer', 'header', 'history', 'reply'],
			'webview/timing': [],
			'webview/render': [],
			'webview/composer': ['timing'],
			'webview/header': [],
			'webview/history': ['timing'],
			'webview/reply': ['timing', 'render', 'composer'],
		});
	});

	it('lets a room import its folder\'s own files and its own, and keeps the layer rule in rooms', async () => {
		const imports = (from: string) => `import type { X } from '${from}';\nexport type Y = X;\n`;
		assert.deepEqual({
			model: await violations('src/chat/history/probe.ts', imports('../model')),
			own: await violations('src/chat/history/probe.ts', imports('./historyStore')),
			flux: await violations('src/chat/history/probe.ts', imports('../../flux/errors')),
			views: await violations('src/chat/history/probe.ts', imports('../../views/chatHtml')),
			toolsRoom: await violations('src/chat/turns/probe.ts', imports('../../tools/edits/proposedChanges')),
			webviewElement: await violations('webview/reply/probe.ts', imports('../element')),
			webviewHost: await violations('webview/reply/probe.ts', imports('../../src/views/chatHtml')),
			webviewProtocol: await violations('webview/reply/probe.ts', imports('../../src/protocol/messages')),
		}, { model: [], own: [], flux: [], views: ['no-restricted-imports'], toolsRoom: [], webviewElement: [], webviewHost: ['no-restricted-imports'], webviewProtocol: [] });
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

/** Every .ts file below `folder`, as a `/`-separated path from the repository root. */
function sourcesIn(folder: string): string[] {
	return readdirSync(join(root, folder), { withFileTypes: true, recursive: true })
		.filter((e) => e.isFile() && e.name.endsWith('.ts'))
		.map((e) => relative(root, join(e.parentPath, e.name)).split('\\').join('/'));
}

/** The files among `known` that `file` imports: type-only imports and lazy `require`s count too. */
function importsOf(file: string, known: ReadonlySet<string>): string[] {
	const { importedFiles } = ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true);
	return importedFiles
		.filter(({ fileName }) => fileName.startsWith('.'))
		.map(({ fileName }) => posix.join(posix.dirname(file), fileName))
		.map((path) => [`${path}.ts`, `${path}/index.ts`].find((candidate) => known.has(candidate)))
		.filter((path): path is string => path !== undefined);
}

/** The import circles of `graph`: each a sorted list of files that import each other in a loop (Tarjan's strongly connected components). */
function circlesOf(graph: ReadonlyMap<string, readonly string[]>): string[][] {
	const index = new Map<string, number>();
	const low = new Map<string, number>();
	const stack: string[] = [];
	const onStack = new Set<string>();
	const circles: string[][] = [];
	const visit = (file: string): void => {
		index.set(file, index.size);
		low.set(file, index.get(file)!);
		stack.push(file);
		onStack.add(file);
		for (const next of graph.get(file) ?? []) {
			if (!index.has(next)) {
				visit(next);
				low.set(file, Math.min(low.get(file)!, low.get(next)!));
			} else if (onStack.has(next)) {
				low.set(file, Math.min(low.get(file)!, index.get(next)!));
			}
		}
		if (low.get(file) !== index.get(file)) return;
		const component: string[] = [];
		let member: string;
		do {
			member = stack.pop()!;
			onStack.delete(member);
			component.push(member);
		} while (member !== file);
		if (component.length > 1 || graph.get(file)?.includes(file)) circles.push(component.sort());
	};
	for (const file of graph.keys()) if (!index.has(file)) visit(file);
	return circles;
}

describe('import graph', () => {
	it('has no circle in src/ or webview/: a shared type lives with the concept that owns it', () => {
		const files = [...sourcesIn('src'), ...sourcesIn('webview')];
		const known = new Set(files);
		const graph = new Map(files.map((file) => [file, importsOf(file, known)]));
		assert.deepEqual(circlesOf(graph), []);
	});
});
