import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { copySampleWorkspace, installVsix, startVsCodeServer, type VsCodeServer, type VsCodeVersion } from './vscodeServer';
import { findWebviewFrame, openContainer, waitForWorkbench } from './workbench';

export const repoRoot = resolve(__dirname, '..', '..', '..');
export const screenshotDir = join(repoRoot, 'test-results');

/** A workbench in Chromium with the packaged .vsix installed, as a user would have it. */
export interface E2eSession {
	readonly server: VsCodeServer;
	readonly browser: Browser;
	readonly page: Page;
	/** The temporary copy of the sample workspace the workbench has open. */
	readonly workspace: string;
	close(): Promise<void>;
}

export interface WorkbenchOptions {
	readonly version?: VsCodeVersion;
	readonly settings?: Record<string, unknown>;
	/** A language-pack extension folder: VS Code and the browser then use its language. */
	readonly languagePack?: string;
	/** Configure the test MCP server in the workspace's .vscode/mcp.json; it records its calls in this file. */
	readonly mcpCalls?: string;
}

export async function openWorkbench(options: WorkbenchOptions = {}): Promise<E2eSession> {
	const version = options.version ?? '1.139.1';
	const extensionsDir = mkdtempSync(join(tmpdir(), 'flux-e2e-ext-'));
	await installVsix(version, process.env.FLUX_VSIX ?? join(repoRoot, 'flux-chat.vsix'), extensionsDir);
	// No key from the environment: the tests set it the way a user does.
	const server = await startVsCodeServer({ version, extensionsDir, settings: options.settings, languagePack: options.languagePack, env: { FLUX_API_KEY: '' } });
	const browser = await launchChromium();
	// A user with a translated VS Code usually has a browser in the same language.
	const locale = options.languagePack ? server.language : undefined;
	const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale });
	const workspace = copySampleWorkspace(repoRoot, { mcpCalls: options.mcpCalls });
	await page.goto(server.url(workspace));
	await waitForWorkbench(page);
	return {
		server, browser, page, workspace,
		async close() {
			await browser.close();
			await server.stop();
			rmSync(extensionsDir, { recursive: true, force: true });
			rmSync(dirname(workspace), { recursive: true, force: true });
		},
	};
}

/** Opens the Flux container and returns the chat webview's frame once its UI is there. */
export async function openChat(page: Page, selector = 'main#app'): Promise<Frame> {
	await openContainer(page, 'Flux');
	return findWebviewFrame(page, selector);
}

/** Types `text` into the chat's message box and sends it with Enter, as a user does. */
export async function sendMessage(chat: Frame, text: string): Promise<void> {
	const composer = chat.getByRole('textbox', { name: 'Message Flux' });
	// Enter is ignored while the previous reply is still finishing (Send is disabled then), as a
	// user would see; wait for Send, and for the box to empty, which is when the host has the text.
	await chat.locator('vscode-button[data-action="send"]:not([disabled])').waitFor();
	await composer.fill(text);
	await composer.press('Enter');
	const deadline = Date.now() + 10_000;
	while (await composer.inputValue() !== '') {
		if (Date.now() > deadline) throw new Error(`the message box kept "${text}": it was not sent`);
		await chat.waitForTimeout(50);
	}
}

/** Resolves once `pattern` shows anywhere in the chat view. */
export async function waitForChatText(chat: Frame, pattern: RegExp | string, timeout = 30_000): Promise<void> {
	await chat.getByText(pattern).first().waitFor({ timeout });
}

/**
 * Opens a workspace file (`src/greet.ts`) with quick open, typing its absolute path: VS Code
 * resolves a path with one stat, while a bare name waits for the file search index, which under
 * load took longer than a test's timeout.
 */
export async function openFile(session: E2eSession, path: string): Promise<void> {
	const { page } = session;
	const name = basename(path);
	const input = page.locator('.quick-input-widget input');
	await page.keyboard.press('Control+P');
	await input.waitFor();
	await input.fill(join(session.workspace, path));
	await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
	await input.press('Enter');
	await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
}
