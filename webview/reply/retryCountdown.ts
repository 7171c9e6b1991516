import type { TurnRetrying } from '../../src/protocol/messages';
import type { Clock } from '../timing/clock';
import { element, icon } from '../element';
import { retryLabel } from './replyFacts';

/** While the host waits to retry a request: when the next attempt starts, counted down each second. */
export class RetryCountdown {
	readonly element: HTMLElement;
	private retry: TurnRetrying | undefined;
	private timer: unknown;

	constructor(private readonly doc: Document, private readonly clock: Clock) {
		this.element = element(doc, 'div', { className: 'reply-retrying', hidden: true });
	}

	get active(): boolean {
		return this.retry !== undefined;
	}

	start(retry: TurnRetrying): void {
		this.stop();
		this.retry = retry;
		this.element.hidden = false;
		this.tick();
	}

	stop(): void {
		if (this.retry === undefined) return;
		if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
		this.timer = undefined;
		this.retry = undefined;
		this.element.hidden = true;
	}

	/** Redraws the countdown, then again on the next whole second until the retry starts. */
	private tick(): void {
		const retry = this.retry;
		if (!retry) return;
		const now = this.clock.now();
		this.element.replaceChildren(icon(this.doc, 'sync'), ` ${retryLabel(retry, now)}`);
		const left = retry.retryAt - now;
		if (left <= 0) return;
		this.timer = this.clock.setTimeout(() => this.tick(), left % 1000 || 1000);
	}
}
