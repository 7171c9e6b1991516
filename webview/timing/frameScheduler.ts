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

	constructor(private readonly requestFrame: (callback: () => void) => unknown) {}

	schedule(task: FrameTask): void {
		this.tasks.add(task);
		if (this.requested) return;
		this.requested = true;
		this.requestFrame(() => this.run());
	}

	/** Drops a task that no longer has anything to show (its view was removed). */
	cancel(task: FrameTask): void {
		this.tasks.delete(task);
	}

	private run(): void {
		this.requested = false;
		const tasks = [...this.tasks];
		this.tasks.clear();
		for (const task of tasks) task.flush();
	}
}
