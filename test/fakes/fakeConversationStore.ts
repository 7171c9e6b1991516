import type { ConversationStore, StoredChat } from '../../src/chat/conversationStore';

/** Keeps the saved chat in memory, as a deep copy, like workspace storage would. */
export class FakeConversationStore implements ConversationStore {
	saved: StoredChat | undefined;
	saves = 0;

	constructor(initial?: StoredChat) {
		this.saved = initial && structuredClone(initial);
	}

	load(): StoredChat | undefined {
		return this.saved && structuredClone(this.saved);
	}

	async save(chat: StoredChat): Promise<void> {
		this.saves++;
		this.saved = structuredClone(chat);
	}
}
