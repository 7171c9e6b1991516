import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, with the flags that stop it reaching for the (closed) network. */
export async function launchChromium(): Promise<Browser> {
	return chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		headless: true,
		args: [
			'--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
			'--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
		],
	});
}
