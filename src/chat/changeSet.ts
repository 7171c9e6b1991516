import { randomUUID } from 'node:crypto';
import type { ChangeSetView, FileChangeStatus } from '../protocol/messages';
import type { ProposedFile } from '../tools/edits/proposedChanges';

/** A proposed file and where it stands. */
export interface FileChange extends ProposedFile {
	readonly status: FileChangeStatus;
	/** Why it was refused, for the user. */
	readonly note?: string;
}

/**
 * The file changes one reply proposed, kept with the reply (and saved with the conversation).
 * `id` names this reply version's set: a retried turn has one set per version, and every card,
 * diff, Accept, Undo and outcome is bound to one of them, never to the turn alone.
 */
export interface ChangeSet {
	readonly id: string;
	readonly files: readonly FileChange[];
}

/** A reply's change set from what its turn proposed; undefined when it proposed nothing. */
export function changeSetOf(proposed: readonly ProposedFile[], id: string = randomUUID()): ChangeSet | undefined {
	return proposed.length ? { id, files: proposed.map((file) => ({ ...file, status: 'pending' })) } : undefined;
}

/** How a card is shown: Undo offered (this session only), or read-only (another window holds the conversation). */
export interface CardState {
	readonly undoable?: boolean;
	readonly readOnly?: boolean;
}

/** The card the view shows. */
export function changeSetView(changes: ChangeSet, state: CardState = {}): ChangeSetView {
	return {
		id: changes.id,
		files: changes.files.map((f) => ({
			path: f.path,
			...(f.target ? { target: f.target } : {}),
			created: f.baseHash === undefined,
			...(f.baseHash !== undefined && f.steps.some((s) => s.kind === 'create') ? { overwrite: true } : {}),
			...(f.runsCode ? { runsCode: f.runsCode } : {}),
			added: f.added,
			removed: f.removed,
			status: f.status,
			...(f.note ? { note: f.note } : {}),
		})),
		...(state.undoable && !state.readOnly ? { undoable: true } : {}),
		...(state.readOnly ? { readOnly: true } : {}),
	};
}

/** The set with `update` applied to the files it names (by path). */
export function updateFiles(changes: ChangeSet, paths: ReadonlySet<string>, update: (file: FileChange) => FileChange): ChangeSet {
	return { ...changes, files: changes.files.map((file) => paths.has(file.path) ? update(file) : file) };
}

/** The files still waiting for the user: all of them, or the one named. */
export function pendingFiles(changes: ChangeSet, path?: string): readonly FileChange[] {
	return changes.files.filter((f) => f.status === 'pending' && (path === undefined || f.path === path));
}

/**
 * What an Accept writes: the file named, or, for Accept All, every pending file except those
 * that run code, which need their own Accept (the user confirms each one on its row).
 */
export function filesToAccept(changes: ChangeSet, path?: string): readonly FileChange[] {
	const pending = pendingFiles(changes, path);
	return path === undefined ? pending.filter((f) => !f.runsCode) : pending;
}

const outcomeWords: Readonly<Record<FileChangeStatus, string>> = {
	pending: 'not reviewed yet (still waiting for the user)',
	accepted: 'accepted and written',
	discarded: 'discarded (not written)',
	stale: 'not written, because the file changed after the proposal',
	undone: 'accepted, then undone by the user (not in the file now)',
	present: 'already in the file when the user made it again (nothing written)',
};

/**
 * What the model is told, after its reply, about the changes it proposed: which files the user
 * accepted or discarded. Sent again with that reply on every later request, so the model never
 * assumes a change is in the workspace when it is not.
 */
export function outcomeNote(changes: ChangeSet | undefined, otherVersions: readonly (ChangeSet | undefined)[] = []): string {
	const groups = new Map<FileChangeStatus, string[]>();
	for (const file of changes?.files ?? []) groups.set(file.status, [...groups.get(file.status) ?? [], file.path]);
	const lines = [...groups].map(([status, paths]) => `- ${outcomeWords[status]}: ${paths.join(', ')}`);
	// A version the user accepted and then retried away from still wrote its files: the model
	// must not take the shown version's outcome for the whole truth about them.
	const elsewhere = otherVersions.flatMap((set) => set?.files.filter((f) => f.status === 'accepted').map((f) => f.path) ?? []);
	if (elsewhere.length) lines.push(`- accepted and written from another version of this reply (not the one shown): ${[...new Set(elsewhere)].join(', ')}`);
	return `[Flux: what became of the file changes proposed in this reply]\n${lines.join('\n')}`;
}

/** The outcome note of a turn's shown reply, with what its other versions wrote; undefined when none proposed a change. */
export function turnOutcomeNote(shown: ChangeSet | undefined, versions: readonly { readonly changes?: ChangeSet }[]): string | undefined {
	const others = versions.map((r) => r.changes).filter((set) => set !== undefined && set.id !== shown?.id);
	const wroteElsewhere = others.some((set) => set?.files.some((f) => f.status === 'accepted'));
	return shown || wroteElsewhere ? outcomeNote(shown, others) : undefined;
}
