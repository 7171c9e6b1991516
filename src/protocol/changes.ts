/** File changes the model proposed in a reply (the change card), and what the user does with them. Types only. */

/** What the view sends to the host about this area. */
export type ChangesWebviewMessage =
	| ChangesReview
	| ChangesAccept
	| ChangesDiscard
	| ChangesUndo
	| ChangesRetry;

/** Open the diff of the turn's proposed changes (all of them, or one file). */
export interface ChangesReview {
	readonly type: 'changes/review';
	readonly turnId: string;
	readonly path?: string;
}

/** Write the pending changes (all of them, or one file) as one edit, and save. */
export interface ChangesAccept {
	readonly type: 'changes/accept';
	readonly turnId: string;
	readonly path?: string;
}

/** Drop the pending changes (all of them, or one file); nothing is written. */
export interface ChangesDiscard {
	readonly type: 'changes/discard';
	readonly turnId: string;
	readonly path?: string;
}

/** Put back what the last Accept of this card wrote. */
export interface ChangesUndo {
	readonly type: 'changes/undo';
	readonly turnId: string;
}

/** Make a refused (stale) change again on the file as it is now. */
export interface ChangesRetry {
	readonly type: 'changes/retry';
	readonly turnId: string;
	readonly path: string;
}

/**
 * Where a proposed file stands: waiting for the user, written, dropped, refused at Accept because
 * the file changed after the proposal (`stale`), or written and then undone.
 */
export type FileChangeStatus = 'pending' | 'accepted' | 'discarded' | 'stale' | 'undone';

/** One file of a change card. */
export interface FileChangeView {
	/** Workspace-relative, as the model named it. */
	readonly path: string;
	/** The file did not exist when it was proposed. */
	readonly created: boolean;
	readonly added: number;
	readonly removed: number;
	readonly status: FileChangeStatus;
	/** Why a change was refused, in words for the user. */
	readonly note?: string;
}

/** The changes one reply proposed. */
export interface ChangeSetView {
	readonly files: readonly FileChangeView[];
	/** The last Accept can still be undone from the card (this session only). */
	readonly undoable?: boolean;
}
