import type { Frame, Page } from 'playwright-core';

/** Waits until the workbench has painted. */
export async function waitForWorkbench(page: Page): Promise<void> {
	await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
}

/**
 * Opens the activity-bar container whose label starts with `title` (entries carry it in
 * aria-label). A container that is already open (restored after a reload) is left open: a click
 * would close it.
 */
export async function openContainer(page: Page, title: string): Promise<void> {
	const item = page.locator('.activitybar .action-item').filter({ has: page.locator(`[aria-label^="${title}"]`) }).first();
	await item.waitFor({ timeout: 30_000 });
	const isOpen = async () => /\bchecked\b/.test(await item.getAttribute('class') ?? '');
	for (let attempt = 0; attempt < 4; attempt++) {
		if (await isOpen()) return;
		await item.click();
		// After a reload the workbench may still be restoring this container, and the click then
		// closes what it opened a moment later: look again once it has settled.
		await page.waitForTimeout(500);
	}
	if (!await isOpen()) throw new Error(`the ${title} container did not stay open`);
}

/** Runs a command from the command palette by its full title, as a user would. */
export async function runCommand(page: Page, title: string): Promise<void> {
	const input = page.locator('.quick-input-widget input');
	const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
	for (let attempt = 0; ; attempt++) {
		await page.keyboard.press('Control+Shift+P');
		try {
			await input.waitFor({ timeout: 5000 });
			await input.fill(`>${title}`);
			await row.waitFor({ timeout: 10_000 });
			break;
		} catch (error) {
			// The palette can miss keys while the workbench is still starting: try again.
			if (attempt === 2) throw error;
			await page.keyboard.press('Escape');
		}
	}
	await input.press('Enter');
}

/**
 * Finds the webview frame (webviews live in nested iframes) that contains `selector`, polling
 * because the frame appears a few seconds after its container opens.
 */
export async function findWebviewFrame(page: Page, selector: string, timeoutMs = 30_000): Promise<Frame> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		for (const frame of page.frames()) {
			if (frame === page.mainFrame()) continue;
			try {
				if (await frame.$(selector)) return frame;
			} catch {
				// the frame navigated or went away while we looked
			}
		}
		await page.waitForTimeout(200);
	}
	throw new Error(`no webview frame with ${selector} within ${timeoutMs} ms`);
}

/**
 * Runs "Flux: Set API Key" and types the key into its password box. Waits for the box to close:
 * the box accepts only after the extension has validated the value, and anything opened before
 * that (quick open, say) would cancel it.
 */
export async function setApiKey(page: Page, key: string): Promise<void> {
	await runCommand(page, 'Flux: Set API Key');
	await enterApiKey(page, key);
}

/** Types a key into the open "Set API Key" password box and waits until it has been accepted. */
export async function enterApiKey(page: Page, key: string): Promise<void> {
	const input = page.locator('.quick-input-widget input[type="password"]');
	await input.fill(key);
	await input.press('Enter');
	await input.waitFor({ state: 'hidden' });
}

/** Drags the sash at the side bar's right edge until the side bar is `width` px wide, as a user would. */
export async function resizeSidebar(page: Page, width: number): Promise<number> {
	const sidebar = page.locator('.part.sidebar');
	for (let attempt = 0; attempt < 3; attempt++) {
		const box = (await sidebar.boundingBox())!;
		if (Math.abs(box.width - width) <= 1) break;
		const y = box.y + box.height / 2;
		await page.mouse.move(box.x + box.width, y);
		await page.mouse.down();
		await page.mouse.move(box.x + width, y, { steps: 8 });
		await page.mouse.up();
	}
	return (await sidebar.boundingBox())!.width;
}
