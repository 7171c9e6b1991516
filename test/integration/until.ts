/** Polls `probe` every 50 ms until it gives a value, or fails naming `what` after `ms`. */
export async function until<T>(what: string, probe: () => T | undefined, ms = 20_000): Promise<T> {
	const deadline = Date.now() + ms;
	for (;;) {
		const value = probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 50));
	}
}
