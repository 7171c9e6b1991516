import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { HostMessage, WebviewMessage } from '../../../src/protocol/messages';
import { chatHtml } from '../../../src/views/chatHtml';
import { darkThemeCss } from './darkTheme';

/**
 * Serves the real webview (dist/webview.js, media/chat.css, the codicons) in the HTML and CSP the
 * extension uses, from 127.0.0.1, with a dark theme's --vscode-* variables standing in for VS Code.
 * Cross-origin isolated, so performance.now() has fine resolution for the benchmark.
 */
export interface WebviewServer {
	readonly origin: string;
	/** Adds a page or script at `path` (e.g. the naive baseline). */
	serve(path: string, type: string, body: string): void;
	close(): Promise<void>;
}

const types: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.map': 'application/json' };

export async function startWebviewServer(root: string): Promise<WebviewServer> {
	const extra = new Map<string, { type: string; body: string }>();
	let origin = '';
	const server: Server = createServer((request, response) => {
		void (async () => {
			const path = new URL(request.url ?? '/', origin).pathname;
			const headers = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cache-Control': 'no-store' };
			const page = extra.get(path);
			if (page) {
				response.writeHead(200, { ...headers, 'Content-Type': page.type }).end(page.body);
				return;
			}
			if (path === '/' || path === '/index.html') {
				response.writeHead(200, { ...headers, 'Content-Type': 'text/html' }).end(webviewHtml(origin));
				return;
			}
			if (path === '/theme.css') {
				response.writeHead(200, { ...headers, 'Content-Type': 'text/css' }).end(darkThemeCss);
				return;
			}
			const file = normalize(join(root, path));
			if (!/^\/(dist|media)\//.test(path) || !file.startsWith(root)) {
				response.writeHead(404, headers).end();
				return;
			}
			try {
				response.writeHead(200, { ...headers, 'Content-Type': types[extname(file)] ?? 'application/octet-stream' }).end(await readFile(file));
			} catch {
				response.writeHead(404, headers).end();
			}
		})();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		origin,
		serve: (path, type, body) => extra.set(path, { type, body }),
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}

/** The extension's own HTML and CSP, plus the theme (VS Code injects its variables itself). */
function webviewHtml(origin: string): string {
	return chatHtml({
		cspSource: origin,
		nonce: 'bench-nonce',
		scriptUri: `${origin}/dist/webview.js`,
		styleUri: `${origin}/media/chat.css`,
	})
		.replace('</head>', `\t<link href="${origin}/theme.css" rel="stylesheet">\n</head>`)
		.replace('<body>', '<body class="vscode-dark" data-vscode-theme-kind="vscode-dark">');
}

export interface WebviewPageOptions {
	/**
	 * Replace requestAnimationFrame with a queue that `runFrames` empties, so a benchmark can make
	 * the view render after every message instead of waiting ~16 ms for each real frame.
	 */
	readonly manualFrames?: boolean;
}

/** A page with the webview loaded and a fake `acquireVsCodeApi` that records what the view posts. */
export async function openWebview(browser: Browser, server: WebviewServer, options: WebviewPageOptions = {}, path = '/'): Promise<Page> {
	const page = await browser.newPage({ viewport: { width: 420, height: 900 } });
	await page.addInitScript((manualFrames: boolean) => {
		const w = window as unknown as Record<string, unknown>;
		const posted: unknown[] = [];
		w.__posted = posted;
		w.acquireVsCodeApi = () => ({ postMessage: (message: unknown) => posted.push(message), getState: () => undefined, setState: () => undefined });
		if (manualFrames) {
			const frames: FrameRequestCallback[] = [];
			w.requestAnimationFrame = (callback: FrameRequestCallback) => frames.push(callback);
			w.__runFrames = () => {
				while (frames.length) for (const callback of frames.splice(0)) callback(performance.now());
			};
		}
	}, options.manualFrames ?? false);
	await page.goto(`${server.origin}${path}`);
	return page;
}

/** Delivers a host message the way VS Code does: a `message` event on the webview's window. */
export async function postToView(page: Page, message: HostMessage): Promise<void> {
	await page.evaluate((data) => window.dispatchEvent(new MessageEvent('message', { data })), message as unknown as Record<string, unknown>);
}

/** What the view has posted to the host so far. */
export async function postedByView(page: Page): Promise<WebviewMessage[]> {
	return page.evaluate(() => (window as unknown as { __posted: WebviewMessage[] }).__posted.slice());
}
