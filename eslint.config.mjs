// Lint rules, including the boundaries from CONTRIBUTING.md ("Layout"):
// - src/flux, src/chat, src/tools and src/protocol never import `vscode` (they stay unit-testable);
// - each folder of src/ imports only the folders below it (`layers`): views/ and commands/ never
//   import each other, and what both need lives in dialogs/ or platform/;
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
 * The import rule for files `depth` folders below src/ in `folder`: a relative import that climbs
 * back to src/ may only go into an allowed folder. (ESLint keeps one setting per rule and file,
 * so each block carries the whole rule.)
 */
function layerRule(folder, depth) {
	const { imports, vscode } = layers[folder];
	const up = String.raw`(\.\./)`.repeat(depth);
	const allowed = [folder, ...imports].join('|');
	return {
		files: [depth === 1 ? `src/${folder}/*.ts` : `src/${folder}/*/**/*.ts`],
		rules: {
			'no-restricted-imports': ['error', {
				paths: vscode ? [] : [noVscode],
				patterns: [{
					regex: String.raw`^${up}(?!(${allowed})(/|$))[\w-]+`,
					message: `src/${folder} may import only ${imports.length ? imports.map((f) => `src/${f}`).join(', ') : 'its own files'} (see CONTRIBUTING.md, Layout).`,
				}],
			}],
		},
	};
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
	...Object.keys(layers).flatMap((folder) => [layerRule(folder, 1), layerRule(folder, 2)]),
	{
		files: ['webview/**'],
		rules: {
			'no-restricted-imports': ['error', {
				paths: [noVscode],
				patterns: [{
					regex: String.raw`^(\.\./)+src/(?!protocol(/|$))`,
					message: 'The webview may import only src/protocol from the host side.',
				}],
			}],
		},
	},
	{
		// Scripts, the simulator and tests talk to the terminal on purpose.
		files: ['scripts/**', 'test/**', '*.mjs'],
		rules: { 'no-console': 'off' },
	},
	{
		// The test extensions (Flux's models through vscode.lm; the activation bench's empty one): plain CommonJS, loaded as they are.
		files: ['test/integration/lmClient/**/*.js', 'test/bench/activation/emptyExtension/*.js'],
		languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable' } },
		rules: { '@typescript-eslint/no-require-imports': 'off' },
	},
	{
		files: ['**/*.mjs', 'scripts/**/*.js'],
		languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly' } },
	},
);
