import { createHash } from 'node:crypto';
import { Exclusions } from '../../tools/guard/exclusions';
import { ToolName } from '../../tools/toolDefinitions';
import type { Workspace } from '../../tools/workspace';
import type { InstructionUse, Turn } from '../model';

// The repository's own instructions (AGENTS.md and friends): which files count, in which order,
// and how much of them goes. Plain code: reading goes through an InstructionReader.

/** The most instruction text (the user's own and the files', in UTF-8) one request carries. */
export const instructionsCapBytes = 32 * 1024;

/** What finding instruction files needs: the folders, trust, the tools' exclusions, and reading a file. */
export interface InstructionReader extends Pick<Workspace, 'folders' | 'isTrusted' | 'exclude'> {
	/**
	 * The text of a file inside `folderPath`, or undefined when it is missing, is not a file, or
	 * resolves (through a link) to somewhere outside that folder.
	 */
	readText(fsPath: string, folderPath: string): Promise<string | undefined>;
}

/** One instruction file as read. */
export interface InstructionFile {
	readonly fsPath: string;
	/** Its workspace path as the view shows it (`packages/web/AGENTS.md`; led by the folder's name in a multi-root workspace). */
	readonly path: string;
	readonly text: string;
}

/** What a request's instructions came to. */
export interface InstructionSet {
	/** The block that follows the system prompt; empty when there are none. */
	readonly text: string;
	/** The files that went (whole or shortened), in order, with the hash of what was read. */
	readonly used: readonly InstructionUse[];
	/** What did not fit under the cap. */
	readonly cut: readonly InstructionCut[];
}

/** A file that went shortened, or not at all, to keep under {@link instructionsCapBytes}. */
export interface InstructionCut {
	readonly path: string;
	readonly how: 'shortened' | 'leftOut';
}

/** The names of a folder's own instruction file: `AGENT.md` is read only when there is no `AGENTS.md`. */
const agentsNames = ['AGENTS.md', 'AGENT.md'];

/**
 * The instruction files for a question, in the order they are sent: each folder's `AGENTS.md`
 * (or `AGENT.md`) and `.github/copilot-instructions.md`, then the `AGENTS.md` of every folder
 * between a workspace folder and a file of the question's context (`contextPaths`, workspace
 * paths as chips and tools name them), shallowest first, so the closest comes last. None in an
 * untrusted workspace, and none the tools may not read (`node_modules`, `files.exclude`, ...): a
 * dependency's `AGENTS.md` speaks for the dependency, not for this repository.
 */
export async function findInstructionFiles(reader: InstructionReader, contextPaths: readonly string[]): Promise<InstructionFile[]> {
	if (!reader.isTrusted) return [];
	const multiRoot = reader.folders.length > 1;
	const exclusions = new Exclusions(reader.exclude);
	const files: InstructionFile[] = [];
	const read = async (folder: Workspace['folders'][number], segments: readonly string[], names: readonly string[]): Promise<boolean> => {
		for (const name of names) {
			if (exclusions.isExcluded([...segments, name].join('/'))) continue;
			const fsPath = joinPath(folder.fsPath, [...segments, name]);
			const text = await reader.readText(fsPath, folder.fsPath);
			if (text === undefined) continue;
			files.push({ fsPath, path: [...multiRoot ? [folder.name] : [], ...segments, name].join('/'), text });
			return true;
		}
		return false;
	};
	for (const folder of reader.folders) {
		await read(folder, [], agentsNames);
		await read(folder, ['.github'], ['copilot-instructions.md']);
	}
	for (const { folder, segments } of nestedFolders(reader.folders, contextPaths)) await read(folder, segments, agentsNames);
	return files;
}

/**
 * The files a question is about, as workspace paths: what it carries (attachments, the active
 * editor's chip, Explain's code) and what `read_file` read in the conversation's earlier turns.
 * Files a tool reads during this turn count from the next one: the system prompt is set before it.
 */
export function questionContextPaths(history: readonly Turn[], turn: Pick<Turn, 'attachments' | 'context'>): string[] {
	const paths = new Set<string>();
	for (const attachment of turn.attachments ?? []) if (attachment.path) paths.add(attachment.path);
	if (turn.context?.path) paths.add(turn.context.path);
	for (const past of history) {
		for (const call of past.reply.tools ?? []) {
			if (call.name !== ToolName.readFile || call.status !== 'done') continue;
			const path = pathArgument(call.arguments);
			if (path) paths.add(path.replace(/^\.\//, ''));
		}
	}
	return [...paths];
}

function pathArgument(json: string): string | undefined {
	try {
		const args: unknown = JSON.parse(json);
		const path = typeof args === 'object' && args !== null ? (args as { path?: unknown }).path : undefined;
		return typeof path === 'string' ? path : undefined;
	} catch {
		return undefined;
	}
}

/**
 * The folders strictly inside a workspace folder that hold a file of `contextPaths`, each once,
 * shallowest first. A path that does not name a file in a folder (`..`, an absolute path, an
 * unknown folder name) names none.
 */
export function nestedFolders(folders: Workspace['folders'], contextPaths: readonly string[]): { folder: Workspace['folders'][number]; segments: readonly string[] }[] {
	const found = new Map<string, { folder: Workspace['folders'][number]; segments: readonly string[] }>();
	for (const path of contextPaths) {
		const located = locate(folders, path);
		if (!located) continue;
		const dirs = located.segments.slice(0, -1);
		for (let depth = 1; depth <= dirs.length; depth++) {
			const segments = dirs.slice(0, depth);
			found.set(`${located.folder.fsPath}\n${segments.join('/')}`, { folder: located.folder, segments });
		}
	}
	return [...found.values()].sort((a, b) => a.segments.length - b.segments.length || a.segments.join('/').localeCompare(b.segments.join('/')));
}

/** A workspace path's folder and its segments in it: relative to the only folder, or led by a folder's name. */
function locate(folders: Workspace['folders'], path: string): { folder: Workspace['folders'][number]; segments: string[] } | undefined {
	const parts = path.split(/[\\/]/);
	if (parts.some((p) => p === '' || p === '.' || p === '..') || /^[a-z]:$/i.test(parts[0])) return undefined;
	if (folders.length === 1) return { folder: folders[0], segments: parts };
	const folder = folders.find((f) => f.name === parts[0]);
	return folder && parts.length > 1 ? { folder, segments: parts.slice(1) } : undefined;
}

function joinPath(base: string, segments: readonly string[]): string {
	const separator = base.includes('\\') && !base.includes('/') ? '\\' : '/';
	return [base.replace(/[\\/]+$/, ''), ...segments].join(separator);
}

/**
 * The instructions block for the system prompt: the user's own instructions, then the files in
 * order. Together they are capped at `capBytes`: the text that crosses the cap is shortened and
 * every file after it is left out (`cut` names them). Repository files are introduced as what
 * they are, so the model reads them as the project's conventions, not as the user's voice.
 */
export function assembleInstructions(userInstructions: string, files: readonly InstructionFile[], capBytes = instructionsCapBytes): InstructionSet {
	let room = capBytes;
	const take = (text: string): string => {
		const bytes = Buffer.byteLength(text);
		if (bytes <= room) {
			room -= bytes;
			return text;
		}
		// A cut through a multi-byte character would leave a replacement character at the end.
		const kept = Buffer.from(text).subarray(0, Math.max(0, room)).toString('utf8').replace(/\uFFFD$/, '');
		room = 0;
		return kept;
	};
	const sections: string[] = [];
	const used: InstructionUse[] = [];
	const cut: InstructionCut[] = [];
	const user = userInstructions.trim();
	if (user) sections.push(`# Instructions from the user\n\n${take(user)}`);
	const repository: string[] = [];
	for (const file of files) {
		const text = file.text.trim();
		if (!text) continue;
		if (room === 0) {
			cut.push({ path: file.path, how: 'leftOut' });
			continue;
		}
		const kept = take(text);
		if (kept !== text) cut.push({ path: file.path, how: 'shortened' });
		used.push({ path: file.path, sha256: sha256(file.text) });
		repository.push(`## ${file.path}\n\n${kept}${kept === text ? '' : '\n[…cut: the instructions are capped]'}`);
	}
	if (repository.length) {
		sections.push([
			'# Instructions from the repository',
			'These files are the open repository\'s own notes for coding assistants: follow them for its conventions. They are repository text, not the user\'s words.',
			...repository,
		].join('\n\n'));
	}
	return { text: sections.join('\n\n'), used, cut };
}

/** The system prompt with the instructions after it; the prompt exactly as configured when there are none. */
export function withInstructions(systemPrompt: string, instructions: Pick<InstructionSet, 'text'> | undefined): string {
	if (!instructions?.text) return systemPrompt;
	return systemPrompt.trim() ? `${systemPrompt.trimEnd()}\n\n${instructions.text}` : instructions.text;
}

function sha256(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}
