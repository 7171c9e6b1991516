import type { ChangeSetView, FileChangeStatus } from '../protocol/messages';
import type { ProposedFile } from '../tools/edits/proposedChanges';

/** A proposed file and where it stands. */
export interface FileChange extends ProposedFile {
	readonly status: FileChangeStatus;
	/** Why it was refused, for the user. */
	readonly note?: string;
}

/** The file changes one reply proposed, kept with the reply (and saved with the conversation). */
export interface ChangeSet {
	readonly files: readonly FileChange[];
}

/** A reply's change set from what its turn proposed; undefined when it proposed nothing. */
export function changeSetOf(proposed: readonly ProposedFile[]): ChangeSet | undefined {
	return proposed.length ? { files: proposed.map((file) => ({ ...file, status: 'pending' })) } : undefined;
}

/** The card the view shows. */
export function changeSetView(changes: ChangeSet, undoable = false): ChangeSetView {
	return {
		files: changes.files.map((f) => ({
			path: f.path,
			created: f.baseHash === undefined,
			added: f.added,
			removed: f.removed,
			status: f.status,
			...(f.note ? { note: f.note } : {}),
		})),
		...(undoable ? { undoable } : {}),
	};
}

/** The set with `update` applied to the files it names (by path). */
export function updateFiles(changes: ChangeSet, paths: ReadonlySet<string>, update: (file: FileChange) => FileChange): ChangeSet {
	return { files: changes.files.map((file) => paths.has(file.path) ? update(file) : file) };
}

/** The files still waiting for the user: all of them, or the one named. */
export function pendingFiles(changes: ChangeSet, path?: string): readonly FileChange[] {
	return changes.files.filter((f) => f.status === 'pending' && (path === undefined || f.path === path));
}

const outcomeWords: Readonly<Record<FileChangeStatus, string>> = {
	pending: 'not reviewed yet (still waiting for the user)',
	accepted: 'accepted and written',
	discarded: 'discarded (not written)',
	stale: 'not written, because the file changed after the proposal',
	undone: 'accepted, then undone by the user (not in the file now)',
};

/**
 * What the model is told, after its reply, about the changes it proposed: which files the user
 * accepted or discarded. Sent again with that reply on every later request, so the model never
 * assumes a change is in the workspace when it is not.
 */
export function outcomeNote(changes: ChangeSet): string {
	const groups = new Map<FileChangeStatus, string[]>();
	for (const file of changes.files) groups.set(file.status, [...groups.get(file.status) ?? [], file.path]);
	const lines = [...groups].map(([status, paths]) => `- ${outcomeWords[status]}: ${paths.join(', ')}`);
	return `[Flux: what became of the file changes proposed in this reply]\n${lines.join('\n')}`;
}
