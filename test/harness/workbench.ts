import type { Frame, Page } from 'playwright-core';

/** Waits until the workbench has painted. */
export async function waitForWorkbench(page: Page): Promise<void> {
	await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
}

/** Clicks the activity-bar entry whose label starts with `title` (entries carry it in aria-label). */
export async function openContainer(page: Page, title: string): Promise<void> {
	const entry = page.locator(`.activitybar .action-item a[aria-label^="${title}"], .activitybar .action-item[aria-label^="${title}"]`).first();
	await entry.waitFor({ timeout: 30_000 });
	await entry.click();
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
