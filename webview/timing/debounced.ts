import type { Clock } from './clock';

/** A call made once input pauses: each `schedule` restarts the wait, `cancel` drops the call. */
export class Debounced {
	private timer: unknown;

	constructor(private readonly clock: Clock, private readonly ms: number, private readonly run: () => void) {}

	schedule(): void {
		this.cancel();
		this.timer = this.clock.setTimeout(() => {
			this.timer = undefined;
			this.run();
		}, this.ms);
	}

	cancel(): void {
		if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
		this.timer = undefined;
	}
}
