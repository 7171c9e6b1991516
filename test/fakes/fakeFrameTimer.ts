import type { FrameTimer } from '../../src/chat/turns/replyInProgress';

/** A clock that moves only when told to, with the timers it fires as it moves. */
export class FakeFrameTimer implements FrameTimer {
	private time = 0;
	private timers: { readonly at: number; readonly callback: () => void }[] = [];

	now(): number {
		return this.time;
	}

	schedule(callback: () => void, ms: number): () => void {
		const timer = { at: this.time + ms, callback };
		this.timers.push(timer);
		return () => { this.timers = this.timers.filter((t) => t !== timer); };
	}

	/** Timers waiting to fire. */
	get pending(): number {
		return this.timers.length;
	}

	/** Moves the clock on by `ms` without firing anything, as a busy event loop starves timers. */
	starve(ms: number): void {
		this.time += ms;
	}

	/** Moves the clock on by `ms`, firing every timer due on the way, earliest first. */
	advance(ms: number): void {
		const end = this.time + ms;
		for (;;) {
			const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
			if (!due) break;
			this.timers = this.timers.filter((t) => t !== due);
			this.time = due.at;
			due.callback();
		}
		this.time = end;
	}
}
