/** File changes the model proposed in a reply (the change card), and what the user does with them. Types only. */

/** What the view sends to the host about this area. */
export type ChangesWebviewMessage =
	| ChangesReview
	| ChangesAccept
	| ChangesDiscard
	| ChangesUndo
	| ChangesRetry;

/**
 * Every action names the exact reply version whose card was clicked (`setId`, the change set's
 * id): the host refuses it when that version is no longer the one shown, so a click never acts on
 * a proposal the user is not looking at.
 */
interface ChangeAction {
	readonly turnId: string;
	readonly setId: string;
}

/** Open the diff of the turn's proposed changes (all of them, or one file). */
export interface ChangesReview extends ChangeAction {
	readonly type: 'changes/review';
	readonly path?: string;
}

/** Write the pending changes (one file, or all of them except the files that run code) as one edit, and save. */
export interface ChangesAccept extends ChangeAction {
	readonly type: 'changes/accept';
	readonly path?: string;
}

/** Drop the pending changes (all of them, or one file); nothing is written. */
export interface ChangesDiscard extends ChangeAction {
	readonly type: 'changes/discard';
	readonly path?: string;
}

/** Put back what the last Accept of this card wrote. */
export interface ChangesUndo extends ChangeAction {
	readonly type: 'changes/undo';
}

/** Make a refused (stale) change again on the file as it is now. */
export interface ChangesRetry extends ChangeAction {
	readonly type: 'changes/retry';
	readonly path: string;
}

/**
 * Where a proposed file stands: waiting for the user, written, dropped, refused at Accept because
 * the file changed after the proposal (`stale`), written and then undone, or found already in the
 * file when a refused change was made again (`present`: nothing was written).
 */
export type FileChangeStatus = 'pending' | 'accepted' | 'discarded' | 'stale' | 'undone' | 'present';

/** One file of a change card. */
export interface FileChangeView {
	/** Workspace-relative, as the model named it: the key of the row's actions. */
	readonly path: string;
	/**
	 * The file Accept writes, when it is not `path` (a symlink leads elsewhere); starts with the
	 * folder's name in a multi-root workspace, like every path.
	 */
	readonly target?: string;
	/** The file did not exist when it was proposed. */
	readonly created: boolean;
	/** An existing file is replaced whole (create_file with overwrite), not edited in places. */
	readonly overwrite?: boolean;
	/** Why the file can run code (a task, a script, a hook): the row warns and needs its own Accept. */
	readonly runsCode?: string;
	readonly added: number;
	readonly removed: number;
	readonly status: FileChangeStatus;
	/** Why a change was refused, in words for the user. */
	readonly note?: string;
}

/** The changes one reply proposed. */
export interface ChangeSetView {
	/** The reply version this card belongs to: every action on the card names it. */
	readonly id: string;
	readonly files: readonly FileChangeView[];
	/** The conversation is held by another window: this card only shows, it accepts nothing. */
	readonly readOnly?: boolean;
	/** The last Accept can still be undone from the card (this session only). */
	readonly undoable?: boolean;
}
