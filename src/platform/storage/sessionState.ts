import type * as vscode from 'vscode';
import type { SessionState } from '../../chat/turns/types';
import type { HistoryStore } from '../../chat/history/historyStore';
import { turnFromLegacy, type LegacyTurn } from '../../chat/history/historyFormat';

const currentKey = 'flux.currentConversation';
const draftKey = 'flux.draft';
const pinKey = 'flux.currentPin';
/** Where 0.1 kept the workspace's one conversation. */
const legacyKey = 'flux.conversation';

/** The open conversation's id, pin and the unsent draft, in this workspace's storage. */
export class WorkspaceSessionState implements SessionState {
	constructor(private readonly memento: vscode.Memento) {}

	get currentId(): string | undefined {
		return this.memento.get<string>(currentKey);
	}

	get draft(): string {
		return this.memento.get<string>(draftKey, '');
	}

	get pin(): string | undefined {
		return this.memento.get<string>(pinKey);
	}

	async save(state: { readonly currentId: string; readonly draft: string; readonly pin: string | undefined }): Promise<void> {
		await this.memento.update(currentKey, state.currentId);
		await this.memento.update(draftKey, state.draft);
		await this.memento.update(pinKey, state.pin);
	}

	/** Moves a conversation saved by 0.1 into the history, once, and opens it. */
	async importLegacy(history: HistoryStore): Promise<void> {
		const legacy = this.memento.get<{ turns?: LegacyTurn[]; draft?: string }>(legacyKey);
		if (!legacy) return;
		if (Array.isArray(legacy.turns) && legacy.turns.length) {
			const conversation = history.create();
			await history.append(conversation, ...legacy.turns.map((turn) => ({ type: 'turn', at: conversation.createdAt, turn: turnFromLegacy(turn) }) as const));
			await this.save({ currentId: conversation.id, draft: legacy.draft ?? '', pin: undefined });
		}
		await this.memento.update(legacyKey, undefined);
	}
}
