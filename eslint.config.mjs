// Lint rules, including the boundaries from CONTRIBUTING.md ("Layout"):
// - src/flux, src/chat, src/tools and src/protocol never import `vscode` (they stay unit-testable);
// - each folder of src/ imports only the folders below it (`layers`): views/ and commands/ never
//   import each other, and what both need lives in dialogs/ or platform/;
// - inside src/chat, src/tools, src/flux and webview/, each room (a feature's sub-folder) imports
//   only the rooms listed for it (`rooms`): chat/history never imports chat/turns, say;
// - webview/ imports nothing from src/ except src/protocol (it only renders what the host sends).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noVscode = {
	name: 'vscode',
	message: 'This folder stays free of the VS Code API: take what you need as an argument.',
};

/** Each folder of src/, the folders it may import, and whether it may use the VS Code API. */
const layers = {
	protocol: { imports: [], vscode: false },
	flux: { imports: [], vscode: false },
	tools: { imports: ['flux'], vscode: false },
	chat: { imports: ['flux', 'protocol', 'tools'], vscode: false },
	platform: { imports: ['flux', 'protocol', 'tools', 'chat'], vscode: true },
	dialogs: { imports: ['flux', 'protocol', 'tools', 'chat', 'platform'], vscode: true },
	commands: { imports: ['flux', 'protocol', 'tools', 'chat', 'platform', 'dialogs'], vscode: true },
	views: { imports: ['flux', 'protocol', 'tools', 'chat', 'platform', 'dialogs'], vscode: true },
	lm: { imports: ['flux', 'protocol', 'tools', 'chat', 'platform', 'dialogs'], vscode: true },
};

/**
 * The rooms of a folder: its sub-folders, one feature each, and the rooms each may import (`.` is
 * the folder's own files). A room may always import its folder's own files (the shared types and
 * pieces); importing a room not listed for it is an error. A sub-folder not listed here follows
 * only its folder's layer; one that the folder's own files import must be listed.
 */
const rooms = {
	'src/chat': {
		'.': [],
		usage: [],
		attachments: [],
		context: ['attachments'],
		history: ['usage'],
		rewrite: ['attachments', 'usage'],
		turns: ['context', 'history', 'usage'],
	},
	'src/tools': {
		'.': ['guard', 'read', 'search', 'edits', 'terminal'],
		belt: [],
		guard: [],
		read: ['guard'],
		search: ['guard', 'read'],
		edits: ['guard'],
		terminal: ['guard'],
	},
	'src/flux': {
		'.': ['http', 'openai', 'anthropic'],
		http: [],
		openai: ['http'],
		anthropic: ['http'],
		pricing: [],
		retry: [],
	},
	'src/platform': {
		'.': ['storage', 'tools'],
		storage: [],
		tools: [],
	},
	webview: {
		'.': ['timing', 'render', 'composer', 'header', 'history', 'reply'],
		timing: [],
		render: [],
		composer: ['timing'],
		header: [],
		history: ['timing'],
		reply: ['timing', 'render', 'composer'],
	},
};

/**
 * What a file `depth` folders below src/`folder` may import: a relative import that climbs back
 * to src/ may only go into an allowed folder.
 */
function layerPattern(folder, depth) {
	const { imports } = layers[folder];
	const up = String.raw`(\.\./)`.repeat(depth);
	return {
		regex: String.raw`^${up}(?!(${[folder, ...imports].join('|')})(/|$))[\w-]+`,
		message: `src/${folder} may import only ${imports.length ? imports.map((f) => `src/${f}`).join(', ') : 'its own files'} (see CONTRIBUTING.md, Layout).`,
	};
}

/** What a room of `folder` (or, as `.`, the folder's own files) may import of its sibling rooms. */
function roomPattern(folder, room) {
	const allowed = rooms[folder][room];
	const others = allowed.length ? `(?!(${allowed.join('|')})/)` : '';
	return {
		regex: String.raw`^${room === '.' ? String.raw`\./` : String.raw`\.\./`}${others}[\w-]+/`,
		message: `${room === '.' ? `${folder}'s own files` : `${folder}/${room}`} may import ${allowed.length ? `only ${allowed.map((r) => `${folder}/${r}`).join(', ')}` : 'none'} of its rooms (see CONTRIBUTING.md, Layout).`,
	};
}

/** The webview renders what the host sends: of src/ it may import only src/protocol. */
const webviewPattern = {
	regex: String.raw`^(\.\./)+src/(?!protocol(/|$))`,
	message: 'The webview may import only src/protocol from the host side.',
};

/** One block of the import rule. (ESLint keeps one setting per rule and file, so each block carries the whole rule.) */
function importRule(files, patterns, vscode) {
	return { files, rules: { 'no-restricted-imports': ['error', { paths: vscode ? [] : [noVscode], patterns }] } };
}

/** The import rule for src/`folder`: its own files, its rooms, and any other sub-folder. */
function layerRules(folder) {
	const { vscode } = layers[folder];
	const path = `src/${folder}`;
	const ownRooms = Object.keys(rooms[path] ?? {}).filter((room) => room !== '.');
	return [
		importRule([`${path}/*.ts`], [layerPattern(folder, 1), ...(rooms[path] ? [roomPattern(path, '.')] : [])], vscode),
		importRule([`${path}/*/**/*.ts`], [layerPattern(folder, 2)], vscode),
		...ownRooms.map((room) => importRule([`${path}/${room}/**/*.ts`], [layerPattern(folder, 2), roomPattern(path, room)], vscode)),
	];
}

export default tseslint.config(
	{ ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test/fixtures/**', '*.vsix'] },
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		files: ['**/*.ts'],
		rules: {
			'@typescript-eslint/consistent-type-imports': 'error',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
			'no-console': 'error',
		},
	},
	...Object.keys(layers).flatMap(layerRules),
	importRule(['webview/**'], [webviewPattern], false),
	importRule(['webview/*.ts'], [webviewPattern, roomPattern('webview', '.')], false),
	...Object.keys(rooms.webview).filter((room) => room !== '.').map((room) =>
		importRule([`webview/${room}/**/*.ts`], [webviewPattern, roomPattern('webview', room)], false)),
	{
		// Scripts, the simulator and tests talk to the terminal on purpose.
		files: ['scripts/**', 'test/**', '*.mjs'],
		rules: { 'no-console': 'off' },
	},
	{
		// The test extensions (Flux's models through vscode.lm; the activation bench's empty one, chatLatency's bare one): plain CommonJS, loaded as they are.
		files: ['test/integration/lmClient/**/*.js', 'test/integration/lmTool/**/*.js', 'test/bench/activation/emptyExtension/*.js', 'test/bench/chatLatency/bareExtension/*.js'],
		languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable' } },
		rules: { '@typescript-eslint/no-require-imports': 'off' },
	},
	{
		files: ['**/*.mjs', 'scripts/**/*.js'],
		languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly' } },
	},
);
