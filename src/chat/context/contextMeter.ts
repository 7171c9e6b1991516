import type { ContextView, HostMessage } from '../../protocol/messages';
import type { Conversation } from '../model';

/**
 * The header's context meter: how full the open conversation's latest request was. Requests of
 * a conversation the view has moved away from (a reply left ending there) do not move it.
 */
export class ContextMeter {
	private last: ContextView | undefined;

	constructor(private readonly isOpen: (conversation: Conversation) => boolean, private readonly emit: (message: HostMessage) => void) {}

	/** What the meter shows now; undefined before the open conversation's first request. */
	get current(): ContextView | undefined {
		return this.last;
	}

	show(conversation: Conversation, context: ContextView): void {
		if (!this.isOpen(conversation)) return;
		this.last = context;
		this.emit({ type: 'chat/context', context });
	}

	/** Another conversation was opened: nothing is known about its next request yet. */
	reset(): void {
		this.last = undefined;
	}
}
