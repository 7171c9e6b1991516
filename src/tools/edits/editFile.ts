import { readFile as readBytes, stat } from 'node:fs/promises';
import { hasBinaryExtension, isBinaryContent } from '../guard/binaryFiles';
import { applyEdit } from './editMatcher';
import { withoutBom, type ProposalTarget, type ProposedChanges, type ProposedFile } from './proposedChanges';
import { holdsSecretContent } from '../guard/secretPatterns';
import { ToolError } from '../toolError';
import type { ToolEnvironment, ToolResult } from '../toolResult';
import { plural } from '../toolResult';

/** Arguments of `edit_file`, as the model names them. */
export interface EditFileArgs {
	readonly path: string;
	readonly old_text: string;
	readonly new_text: string;
	readonly replace_all?: boolean;
}

/** Arguments of `create_file`. */
export interface CreateFileArgs {
	readonly path: string;
	readonly content: string;
	readonly overwrite?: boolean;
}

const waiting = 'Nothing is written yet: the user reviews the proposed changes after your reply and accepts or discards them. Later read_file and edit_file calls in this reply see the file as proposed.';

/** `edit_file`: proposes replacing old_text with new_text in a file (see `applyEdit`). */
export function editFile(args: EditFileArgs, env: ToolEnvironment): Promise<ToolResult> {
	const changes = proposals(env);
	return changes.serialize(() => proposeEdit(args, changes, env));
}

async function proposeEdit(args: EditFileArgs, changes: ProposedChanges, env: ToolEnvironment): Promise<ToolResult> {
	const { target, current } = await editTarget(args.path, changes, env);
	if (current === undefined) {
		throw new ToolError(`"${target.display}" does not exist. To make a new file, call create_file; to find the file you mean, use list_files or search_text.`, `${target.display}: not found`);
	}
	const outcome = applyEdit(current, { old_text: args.old_text, new_text: args.new_text, ...(args.replace_all ? { replace_all: true } : {}) });
	if (!outcome.ok) throw new ToolError(`${outcome.message}`, `${target.display}: edit did not apply`);
	checkSize(outcome.text, target.display, env);
	const file = changes.propose(target, current, outcome.text, { kind: 'edit', old_text: args.old_text, new_text: args.new_text, ...(args.replace_all ? { replace_all: true } : {}) });
	const how = outcome.strategy === 'whitespace' ? ' (matched with indentation and trailing spaces ignored; new_text was re-indented to fit)' : '';
	return {
		ok: true,
		content: `Proposed: ${plural(outcome.replacements, 'replacement', 'replacements')} in ${target.display} from line ${outcome.firstLine}${how}.${leadsTo(file)} ${totals(file)} ${waiting}`,
		summary: `proposed ${target.display} ${counts(file)}`,
	};
}

/** `create_file`: proposes a new file, or a whole new text for an existing one with `overwrite`. */
export function createFile(args: CreateFileArgs, env: ToolEnvironment): Promise<ToolResult> {
	const changes = proposals(env);
	return changes.serialize(() => proposeFile(args, changes, env));
}

async function proposeFile(args: CreateFileArgs, changes: ProposedChanges, env: ToolEnvironment): Promise<ToolResult> {
	const { target, current } = await editTarget(args.path, changes, env);
	if (current !== undefined && !args.overwrite) {
		throw new ToolError(`"${target.display}" already exists. To change part of it, call edit_file; to replace all of it, call create_file again with overwrite: true.`, `${target.display}: exists`);
	}
	if (current === args.content) throw new ToolError(`"${target.display}" already has exactly this content, so there is nothing to change.`, `${target.display}: unchanged`);
	checkSize(args.content, target.display, env);
	const file = changes.propose(target, current, args.content, { kind: 'create', content: args.content });
	const what = current === undefined ? `a new file ${target.display}` : `a new text for all of ${target.display}`;
	return {
		ok: true,
		content: `Proposed ${what}.${leadsTo(file)} ${totals(file)} ${waiting}`,
		summary: `proposed ${target.display} ${counts(file)}`,
	};
}

/**
 * Reads what a tool sees of a file: the turn's proposed text when there is one, else the file on
 * disk (undefined when it does not exist). Used by read_file too, so reads follow the edits.
 */
export async function proposedOrDisk(realPath: string, display: string, env: ToolEnvironment, maxBytes: number): Promise<string | undefined> {
	const proposed = env.changes?.text(realPath);
	if (proposed !== undefined) return proposed;
	let size: number;
	try {
		const info = await stat(realPath);
		if (!info.isFile()) throw new ToolError(`"${display}" is not a regular file.`, `${display}: not a regular file`);
		size = info.size;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw error;
	}
	if (size > maxBytes) throw tooLarge(display, size, maxBytes);
	const bytes = await readBytes(realPath, { signal: env.signal });
	if (isBinaryContent(bytes)) throw binary(display);
	if (holdsSecretContent(bytes)) {
		throw new ToolError(`"${display}" holds a private key or a service-account key, so it is treated as a secret file: the workspace tools cannot read or change it.`, `refused ${display}: holds a secret`);
	}
	// The mark is the file's encoding, not its text: VS Code keeps it on save and never shows it,
	// so a proposal (and the hash Accept compares) is made from the text without it.
	return withoutBom(Buffer.from(bytes).toString('utf8'));
}

function proposals(env: ToolEnvironment): ProposedChanges {
	if (!env.changes) throw new ToolError('editing files is turned off ("flux.tools.edits" is "off"). Show the change in your answer instead, as a code block the user can apply.', 'edits are off');
	return env.changes;
}

async function editTarget(path: string, changes: ProposedChanges, env: ToolEnvironment) {
	const target = await env.guard.resolveTarget(path);
	if (target.isDirectory) throw new ToolError(`"${target.display}" is a folder, not a file.`, `${target.display} is a folder`);
	if (hasBinaryExtension(target.realPath)) throw binary(target.display);
	const current = changes.has(target.realPath) || target.exists ? await proposedOrDisk(target.realPath, target.display, env, env.limits.maxEditBytes) : undefined;
	const proposal: ProposalTarget = { display: target.display, realPath: target.realPath, real: { display: env.guard.display(target.real.folder, target.real.relative), relative: target.real.relative } };
	return { target: proposal, current };
}

function checkSize(text: string, display: string, env: ToolEnvironment): void {
	const size = Buffer.byteLength(text);
	if (size > env.limits.maxEditBytes) throw tooLarge(display, size, env.limits.maxEditBytes);
}

function tooLarge(display: string, size: number, max: number): ToolError {
	return new ToolError(`"${display}" would be too large to edit (${Math.ceil(size / 1024)} KB; the limit for edits is ${Math.round(max / 1024)} KB). Describe the change in your answer instead.`, `${display}: too large to edit`);
}

function binary(display: string): ToolError {
	return new ToolError(`"${display}" is a binary file; only text files can be edited.`, `${display}: binary file`);
}

/** Says where a symlink leads the change, so the model and the user name the same file. */
function leadsTo(file: ProposedFile): string {
	return file.target ? ` ${file.path} is a symbolic link: the file that would be written is ${file.target}.` : '';
}

function counts(file: ProposedFile): string {
	return `(+${file.added} −${file.removed})`;
}

function totals(file: ProposedFile): string {
	return `The file as proposed so far: ${plural(file.added, 'line', 'lines')} added, ${file.removed} removed.`;
}
