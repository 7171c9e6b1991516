// Builds the bundles: dist/extension.js (Node, CommonJS, `vscode` external), dist/tokenizer.js
// (the BPE tokenizer, loaded by the extension on first use), dist/anthropicSdk.js (the Anthropic
// SDK, loaded when the `anthropic` format is first used), dist/searchWorker.js (the JS text
// search's worker thread, started by src/tools/search/searchOnWorker.ts from the file beside it) and
// dist/webview.js (browser), plus the codicon font and its stylesheet in dist/codicons/ (the
// webview's media/chat.css imports them). `--production` minifies; `--watch` rebuilds on change.
import { copyFileSync, mkdirSync } from 'node:fs';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints build errors in the `file:line:col: error` form that VS Code's problem matchers read. */
const reportProblems = {
	name: 'report-problems',
	setup(build) {
		build.onEnd((result) => {
			for (const { text, location } of result.errors) {
				console.error(`✘ [ERROR] ${text}`);
				if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
			}
		});
	},
};

/** The webview's icons: copied as they are, since the stylesheet finds the font next to itself. */
const copyCodicons = {
	name: 'copy-codicons',
	setup(build) {
		build.onEnd(() => {
			mkdirSync('dist/codicons', { recursive: true });
			for (const file of ['codicon.css', 'codicon.ttf']) copyFileSync(`node_modules/@vscode/codicons/dist/${file}`, `dist/codicons/${file}`);
		});
	},
};

/**
 * The tokenizer's ranks are about 1 MB: src/chat/context/tokenCounter.ts requires `./bpeTokenizer` only
 * when it first counts, and here that require becomes `./tokenizer.js`, the separate bundle next
 * to dist/extension.js, so activation neither parses nor loads it.
 */
const lazyTokenizer = {
	name: 'lazy-tokenizer',
	setup(build) {
		build.onResolve({ filter: /^\.\/bpeTokenizer$/ }, (args) => args.importer.endsWith('tokenCounter.ts') ? { path: './tokenizer.js', external: true } : undefined);
	},
};

/**
 * The Anthropic SDK is about half of the extension's bundle, and only the `anthropic` format uses
 * it: src/flux/fluxClient.ts requires that transport on first use, and here the transport's SDK
 * import becomes `./anthropicSdk.js`, a bundle of its own, so activation does not even parse it.
 * The SDK lives in that one bundle only, so its classes stay one copy.
 */
const lazyAnthropicSdk = {
	name: 'lazy-anthropic-sdk',
	setup(build) {
		build.onResolve({ filter: /^@anthropic-ai\/sdk$/ }, (args) => args.importer.endsWith('anthropicTransport.ts') ? { path: './anthropicSdk.js', external: true } : undefined);
	},
};

const common = {
	bundle: true,
	minify: production,
	sourcemap: !production,
	sourcesContent: false,
	logLevel: 'warning',
	plugins: [reportProblems],
};

const contexts = await Promise.all([
	esbuild.context({
		...common,
		entryPoints: ['src/extension.ts'],
		outfile: 'dist/extension.js',
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		external: ['vscode'],
		// jsonc-parser's `main` is a UMD build whose requires esbuild cannot follow; its ES module build bundles.
		mainFields: ['module', 'main'],
		plugins: [reportProblems, lazyTokenizer, lazyAnthropicSdk],
	}),
	esbuild.context({
		...common,
		stdin: { contents: "export { default } from '@anthropic-ai/sdk';", resolveDir: '.', sourcefile: 'anthropicSdk.ts', loader: 'ts' },
		outfile: 'dist/anthropicSdk.js',
		platform: 'node',
		format: 'cjs',
		target: 'node20',
	}),
	esbuild.context({
		...common,
		entryPoints: ['src/chat/context/bpeTokenizer.ts'],
		outfile: 'dist/tokenizer.js',
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		// Mostly rank data: a source map would double it for nothing.
		sourcemap: false,
	}),
	esbuild.context({
		...common,
		entryPoints: ['src/tools/search/searchWorker.ts'],
		outfile: 'dist/searchWorker.js',
		platform: 'node',
		format: 'cjs',
		target: 'node20',
	}),
	esbuild.context({
		...common,
		entryPoints: ['webview/main.ts'],
		outfile: 'dist/webview.js',
		platform: 'browser',
		format: 'iife',
		target: 'es2022',
		plugins: [reportProblems, copyCodicons],
	}),
]);

if (watch) {
	await Promise.all(contexts.map((ctx) => ctx.watch()));
	console.log('esbuild: watching for changes');
} else {
	await Promise.all(contexts.map((ctx) => ctx.rebuild()));
	await Promise.all(contexts.map((ctx) => ctx.dispose()));
}
