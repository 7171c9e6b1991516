import type * as vscode from 'vscode';
import type { ConversationStore, StoredChat } from '../chat/conversationStore';

const storageKey = 'flux.conversation';

/** Keeps the conversation in this workspace's storage, so reloads and restarts lose nothing. */
export class WorkspaceConversationStore implements ConversationStore {
	constructor(private readonly memento: vscode.Memento) {}

	load(): StoredChat | undefined {
		return this.memento.get<StoredChat>(storageKey);
	}

	async save(chat: StoredChat): Promise<void> {
		await this.memento.update(storageKey, chat);
	}
}
