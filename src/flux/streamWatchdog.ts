/**
 * Why a stream was given up: nothing at all arrived for the idle time (`idle`), or bytes kept
 * coming (keep-alives) with no answer text, reasoning or tool call for the no-progress time
 * (`noProgress`).
 */
export type StreamGiveUp = 'idle' | 'noProgress';

/** The two limits, in milliseconds. */
export interface StreamLimits {
	readonly idleMs: number;
	readonly noProgressMs: number;
}

/**
 * Watches one stream with a single interval timer that compares two counters once a tick: pieces
 * of the body (keep-alives too, see http/bodyActivity.ts) and pieces of the model's output
 * (StreamCollector.progress). Re-arming a timer per piece cost a Timeout object and a timer-list
 * insert for every token, and even a clock read per piece shows, so the hot path only bumps
 * counters. A tick is half the shorter limit; a counter unchanged for ceil(limit / tick) ticks in
 * a row has been still for at least that limit and less than two ticks more (1 to 1.5 idle times
 * with the defaults). Calls `giveUp` once; returns the function that stops watching.
 */
export function watchStream(limits: StreamLimits, bytes: () => number, progress: () => number, giveUp: (why: StreamGiveUp) => void): () => void {
	const tickMs = Math.min(limits.idleMs, limits.noProgressMs) / 2;
	const idleTicks = Math.ceil(limits.idleMs / tickMs);
	const noProgressTicks = Math.ceil(limits.noProgressMs / tickMs);
	let seenBytes = bytes();
	let seenProgress = progress();
	let silentTicks = 0;
	let stillTicks = 0;
	const timer = setInterval(() => {
		const nowBytes = bytes();
		const nowProgress = progress();
		silentTicks = nowBytes === seenBytes ? silentTicks + 1 : 0;
		stillTicks = nowProgress === seenProgress ? stillTicks + 1 : 0;
		seenBytes = nowBytes;
		seenProgress = nowProgress;
		const why = silentTicks >= idleTicks ? 'idle' : stillTicks >= noProgressTicks ? 'noProgress' : undefined;
		if (!why) return;
		clearInterval(timer);
		giveUp(why);
	}, tickMs);
	return () => clearInterval(timer);
}
