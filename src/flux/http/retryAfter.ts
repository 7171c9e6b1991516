/**
 * How long the server asks us to wait, in milliseconds, or undefined when it did not say or said
 * something we cannot read. `retry-after-ms` (sent by OpenAI-style upstreams) wins, being more
 * precise; then `Retry-After` as seconds or as an HTTP-date (RFC 9110 allows both); then the
 * body's `retry_after` in seconds (FluxRouter's 402 hourly limit). A date in the past means now.
 */
export function retryAfterMs(headers: { get(name: string): string | null } | undefined, body: unknown, now: number = Date.now()): number | undefined {
	const ms = seconds(headers?.get('retry-after-ms'));
	if (ms !== undefined) return Math.round(ms);
	const header = headers?.get('retry-after')?.trim();
	if (header) {
		const delay = seconds(header);
		if (delay !== undefined) return Math.round(delay * 1000);
		// Only a real HTTP-date: Date.parse alone would take "3" or "soon 2026" for dates.
		if (/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(header)) {
			const at = Date.parse(header);
			if (Number.isFinite(at)) return Math.max(0, at - now);
		}
	}
	const fromBody = (body as { retry_after?: unknown } | undefined)?.retry_after;
	const bodySeconds = typeof fromBody === 'number' ? fromBody : typeof fromBody === 'string' ? seconds(fromBody) : undefined;
	return bodySeconds !== undefined && Number.isFinite(bodySeconds) && bodySeconds > 0 ? Math.round(bodySeconds * 1000) : undefined;
}

/** A non-negative decimal number, or undefined (empty, negative, `NaN`, `1e3`, `5s`...). */
function seconds(text: string | null | undefined): number | undefined {
	const trimmed = text?.trim();
	return trimmed && /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : undefined;
}
