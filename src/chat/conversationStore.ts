import type { TurnView } from '../protocol/messages';

/** What is saved per workspace: the conversation and the unsent draft. */
export interface StoredChat {
	readonly version: 1;
	readonly turns: readonly TurnView[];
	readonly draft: string;
}

/** Where a conversation is kept; the host backs it with workspace storage. */
export interface ConversationStore {
	load(): StoredChat | undefined;
	save(chat: StoredChat): Promise<void>;
}

/**
 * Turns that were still running when the host stopped come back marked as interrupted, with
 * whatever text had been saved, and a Retry.
 */
export function restoreTurns(stored: StoredChat | undefined): TurnView[] {
	if (!stored || stored.version !== 1 || !Array.isArray(stored.turns)) return [];
	return stored.turns.map((turn) => turn.reply.status === 'waiting' || turn.reply.status === 'streaming'
		? {
			...turn,
			reply: {
				...turn.reply,
				status: 'incomplete',
				error: { message: 'Interrupted: VS Code closed while this reply was being written.', actions: ['retry'] },
			},
		}
		: turn);
}
