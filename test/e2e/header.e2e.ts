import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openChat, openWorkbench, screenshotDir, sendMessage, type E2eSession } from '../harness/e2eSession';
import { resizeSidebar, setApiKey } from '../harness/workbench';
import { startFluxSimulator, type FluxSimulator } from '../sim/fluxSimulator';

const sidebarWidth = 300;

describe('The chat header in a narrow side bar', function () {
	this.timeout(120_000);
	let sim: FluxSimulator;
	let session: E2eSession;

	before(async () => {
		sim = await startFluxSimulator();
		// A long model id is the worst case for the chip: it must give way, not wrap.
		session = await openWorkbench({ settings: { 'flux.baseUrl': sim.baseUrl, 'flux.model': 'flux-pinned-claude-sonnet' } });
		await setApiKey(session.page, 'sk-header-e2e');
		mkdirSync(screenshotDir, { recursive: true });
	});

	after(async () => {
		await session?.close();
		await sim?.close();
	});

	it('fits the model, the context meter and the spend on one line at 300 px; the details show today\'s total', async () => {
		const { page } = session;
		const chat = await openChat(page);
		await sendMessage(chat, 'What does the router do?');
		await chat.locator('.context-meter:not([hidden])').waitFor({ timeout: 30_000 });
		await chat.waitForFunction(() => /\$0\.0*[1-9]/.test(document.querySelector('.spend')?.textContent ?? ''), undefined, { timeout: 30_000 });
		const width = await resizeSidebar(page, sidebarWidth);
		const layout = await chat.locator('header.chat-header').evaluate((header) => {
			const row = header.querySelector('.chat-header-row')!;
			// The spacer has no height; everything else a user sees counts.
			const visible = Array.from(row.children).filter((el) => !(el as HTMLElement).hidden && el.getBoundingClientRect().height > 0);
			const heights = visible.map((el) => el.getBoundingClientRect().height);
			const headerBox = header.getBoundingClientRect();
			const outside = visible.filter((el) => {
				const box = el.getBoundingClientRect();
				return box.right > headerBox.right + 0.5 || box.left < headerBox.left - 0.5 || box.top < headerBox.top - 0.5 || box.bottom > headerBox.bottom + 0.5;
			}).map((el) => el.className);
			const spend = header.querySelector('.spend') as HTMLElement;
			// One line of the header's text: a line box of its font, measured where it is.
			const line = document.createElement('span');
			line.textContent = 'Xg';
			line.style.display = 'inline-block';
			header.append(line);
			const lineHeight = line.getBoundingClientRect().height;
			line.remove();
			const tallest = Math.max(...heights);
			return {
				headerWidth: Math.round(headerBox.width),
				contentHeight: Math.round(headerBox.height - parseFloat(getComputedStyle(header).paddingTop) - parseFloat(getComputedStyle(header).paddingBottom) - 1),
				tallest: Math.round(tallest),
				lineHeight: Math.round(lineHeight),
				outside,
				spend: spend.textContent,
				spendTitle: spend.title,
				// Children on one line share a vertical band: none starts below another's bottom.
				oneBand: visible.every((a) => visible.every((b) => a.getBoundingClientRect().top < b.getBoundingClientRect().bottom)),
			};
		});
		await page.screenshot({ path: join(screenshotDir, 'header-300px.png') });
		assert.ok(Math.abs(width - sidebarWidth) <= 2, `side bar is ${width} px wide`);
		assert.ok(layout.headerWidth <= sidebarWidth, `header is ${layout.headerWidth} px wide`);
		assert.deepEqual({ outside: layout.outside, oneBand: layout.oneBand }, { outside: [], oneBand: true });
		// One line: the header's content is one row of controls, as tall as its tallest (the 22 px icon
		// button; the text line is shorter); a second row would make it twice that.
		assert.ok(layout.contentHeight <= Math.max(layout.tallest, layout.lineHeight) + 1 && layout.contentHeight < 1.6 * layout.tallest, JSON.stringify(layout));
		assert.match(layout.spendTitle, /^This chat \$\d.*\nToday \$\d/);

		await chat.locator('.spend').click();
		const details = chat.getByRole('dialog', { name: 'Spend details' });
		await details.waitFor();
		const text = await details.innerText();
		await page.screenshot({ path: join(screenshotDir, 'header-300px-details.png') });
		await page.keyboard.press('Escape');
		await details.waitFor({ state: 'hidden' });
		assert.match(text, /Today: \$\d[\d.]* \(every conversation since midnight\)/);
		assert.match(text, new RegExp(`This chat: ${layout.spend!.replace('$', '\\$')}`));
	});
});
