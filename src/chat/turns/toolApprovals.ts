import type { ToolApprovalView } from '../../protocol/messages';

/**
 * Asks the user about one tool call through its card and waits for a click: resolves with the id
 * of the choice clicked, or undefined when the turn was stopped (or nobody can answer) first.
 * Nothing the call would do may happen before it resolves with a choice that `allows`.
 */
export type AskApproval = (approval: Omit<ToolApprovalView, 'chosen'>) => Promise<string | undefined>;

/**
 * The approval cards waiting for a click, across the turns in flight. The card asks; the view's
 * `tool/decide` answers here. A click on a card nothing waits for any more (the turn was stopped,
 * the window reloaded into an old reply, another window shows it) changes nothing.
 */
export class ToolApprovals {
	private readonly waiting = new Map<string, { readonly choices: readonly string[]; readonly resolve: (choice: string | undefined) => void }>();

	/** Waits for the user's choice on call `callId` of turn `turnId`; undefined once `signal` fires. */
	wait(turnId: string, callId: string, choices: readonly string[], signal: AbortSignal): Promise<string | undefined> {
		if (signal.aborted) return Promise.resolve(undefined);
		const key = keyOf(turnId, callId);
		return new Promise((resolve) => {
			const settle = (choice: string | undefined) => {
				signal.removeEventListener('abort', onAbort);
				this.waiting.delete(key);
				resolve(choice);
			};
			const onAbort = () => settle(undefined);
			signal.addEventListener('abort', onAbort, { once: true });
			// Model call ids are not unique across turns everywhere; a turn's own ids are, so a
			// second wait on the same card ends the first as unanswered.
			this.waiting.get(key)?.resolve(undefined);
			this.waiting.set(key, { choices, resolve: settle });
		});
	}

	/** The user clicked `choice` on a card; false when nothing waits for it or the choice is not one it offered. */
	decide(turnId: string, callId: string, choice: string): boolean {
		const pending = this.waiting.get(keyOf(turnId, callId));
		if (!pending || !pending.choices.includes(choice)) return false;
		pending.resolve(choice);
		return true;
	}
}

function keyOf(turnId: string, callId: string): string {
	return `${turnId}\n${callId}`;
}
