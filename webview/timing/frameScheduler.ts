/** One frame at 60 Hz. */
const frameMs = 1000 / 60;

/** Work that is coalesced to at most once per animation frame. */
export interface FrameTask {
	flush(): void;
}

/**
 * Runs scheduled tasks once on the next animation frame, however many times they were scheduled
 * in between: deltas arrive faster than the screen refreshes, and rendering each would be wasted.
 */
export class FrameScheduler {
	private readonly tasks = new Set<FrameTask>();
	private requested = false;
	private lastRun = -Infinity;

	constructor(private readonly requestFrame: (callback: () => void) => unknown, private readonly now: () => number) {}

	schedule(task: FrameTask): void {
		this.tasks.add(task);
		if (this.requested) return;
		this.requested = true;
		this.requestFrame(() => this.run());
	}

	/**
	 * Runs the task at once when nothing ran in the last frame, else as `schedule`: a delta after a
	 * pause (a model's tokens mostly come slower than frames) is drawn in the task that brought it,
	 * leaving the frame only its painting, while a burst is still drawn once per frame. The host
	 * posts deltas the same way.
	 */
	runSoon(task: FrameTask): void {
		if (this.requested || this.now() - this.lastRun < frameMs) return this.schedule(task);
		this.lastRun = this.now();
		task.flush();
	}

	/** Drops a task that no longer has anything to show (its view was removed). */
	cancel(task: FrameTask): void {
		this.tasks.delete(task);
	}

	private run(): void {
		this.requested = false;
		this.lastRun = this.now();
		const tasks = [...this.tasks];
		this.tasks.clear();
		for (const task of tasks) task.flush();
	}
}
