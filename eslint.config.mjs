// Lint rules, including the boundaries from CONTRIBUTING.md:
// - src/flux, src/chat, src/tools and src/protocol never import `vscode` (they stay unit-testable);
// - webview/ imports nothing from src/ except src/protocol (it only renders what the host sends).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noVscode = {
	name: 'vscode',
	message: 'This folder stays free of the VS Code API: take what you need as an argument.',
};

export default tseslint.config(
	{ ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test/fixtures/**', '*.vsix'] },
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		files: ['**/*.ts'],
		rules: {
			'@typescript-eslint/consistent-type-imports': 'error',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
			'no-console': 'error',
		},
	},
	{
		files: ['src/flux/**', 'src/chat/**', 'src/tools/**', 'src/protocol/**'],
		rules: { 'no-restricted-imports': ['error', { paths: [noVscode] }] },
	},
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
		files: ['**/*.mjs', 'scripts/**/*.js'],
		languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly' } },
	},
);
