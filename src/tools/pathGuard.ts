import { lstat, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExclusionMatch, Exclusions } from './exclusions';
import { ToolError } from './toolError';
import type { WorkspaceFolder } from './workspace';

/** A path the guard accepted: inside a workspace folder, not excluded, existing. */
export interface ResolvedPath {
	readonly folder: WorkspaceFolder;
	/** `/`-separated, relative to `folder`; `''` for the folder itself. */
	readonly relative: string;
	/** The path as the model sees and passes it: see `PathGuard.display`. */
	readonly display: string;
	/** The absolute path with symlinks resolved; read this one, never the lexical path. */
	readonly realPath: string;
	/** Where `realPath` lies: the folder and path to judge exclusions by below a symlinked folder. */
	readonly real: { readonly folder: WorkspaceFolder; readonly relative: string };
	readonly isDirectory: boolean;
}

/** Where a path the editor reports (selection, tabs, diagnostics) stands. */
export type LocatedPath =
	| { readonly status: 'inside'; readonly folder: WorkspaceFolder; readonly relative: string; readonly display: string }
	| { readonly status: 'excluded'; readonly display: string; readonly pattern: string; readonly secret: boolean }
	| { readonly status: 'outside' };

/** URL escapes of characters that matter to paths: . / \ : ~ %, controls, overlong UTF-8 lead bytes. */
const dangerousEscape = /%(?:2e|2f|5c|3a|7e|25|[01][0-9a-f]|7f|c0|c1)/i;
/** Slashes and dots from other scripts; some layers fold them into the real thing. */
const lookAlike = /[\u2024\u2025\u2044\u2215\u2216\u2571\u2572\u27cb\u27cd\u29f5\u29f8\u29f9\ufe52\ufe68\uff0e\uff0f\uff3c]/;
const uriScheme = /^([a-z][a-z0-9+.-]*):/i;

/**
 * Resolves the paths the model sends and refuses every one that could reach outside the
 * workspace folders or into an excluded file. Paths are taken as plain `/`-separated paths:
 * relative to the single folder, or starting with a folder name when there are several;
 * absolute paths and `file://` URIs are accepted only when they land inside a folder.
 * Symlinks are followed and their target must be inside a folder and not excluded as well.
 */
export class PathGuard {
	private realFolders: Promise<readonly (string | undefined)[]> | undefined;

	constructor(readonly folders: readonly WorkspaceFolder[], readonly exclusions: Exclusions) {}

	/** The model-facing form: `src/a.ts` in a single folder, `api/src/a.ts` with several. */
	display(folder: WorkspaceFolder, relativePath: string): string {
		if (this.folders.length <= 1) return relativePath === '' ? '.' : relativePath;
		return relativePath === '' ? folder.name : `${folder.name}/${relativePath}`;
	}

	/**
	 * Resolves `input` (as the model wrote it) or throws a `ToolError` that says why not.
	 * `''` and `.` name the folder itself, which only exists when there is a single folder.
	 */
	async resolve(input: string): Promise<ResolvedPath> {
		this.requireFolders();
		const plain = checkSyntax(input);
		const { folder, relativePath } = typeof plain === 'string' ? await this.absoluteCandidate(input, plain) : await this.relativeCandidate(input, plain);
		const display = this.display(folder, relativePath);
		const excluded = this.exclusions.match(relativePath);
		if (excluded) throw excludedError(display, excluded);

		const lexical = relativePath === '' ? folder.fsPath : join(folder.fsPath, ...relativePath.split('/'));
		let realPath: string;
		try {
			realPath = await realpath(lexical);
		} catch (error) {
			throw fileSystemError(error, display);
		}
		const target = await this.containing(realPath);
		if (!target) {
			throw new ToolError(`"${display}" is a symbolic link (or lies below one) that leads outside the workspace folders, so it cannot be used. Only files inside the workspace are available.`, `refused ${display}: symlink leads outside`);
		}
		const targetExcluded = this.exclusions.match(target.relative);
		if (targetExcluded) throw excludedError(display, targetExcluded);

		let isDirectory: boolean;
		try {
			isDirectory = (await stat(realPath)).isDirectory();
		} catch (error) {
			throw fileSystemError(error, display);
		}
		return { folder, relative: relativePath, display, realPath, real: target, isDirectory };
	}

	/** Throws the error for a window without folders, where no path can be valid. */
	requireFolders(): void {
		if (this.folders.length === 0) {
			throw new ToolError('No folder is open in VS Code, so there are no workspace files to work with. Tell the user to open a folder.', 'no workspace folder');
		}
	}

	/**
	 * The folders a glob applies to. In a multi-root workspace a glob may start with a folder
	 * name (`api/src/**`): it then applies to that folder only, without the name.
	 */
	scopeGlob(glob: string): { readonly folders: readonly WorkspaceFolder[]; readonly glob: string } {
		const trimmed = glob.trim().replace(/^\.\//, '');
		if (this.folders.length > 1) {
			const slash = trimmed.indexOf('/');
			const named = slash > 0 ? this.folders.find((f) => f.name === trimmed.slice(0, slash)) : undefined;
			if (named) return { folders: [named], glob: trimmed.slice(slash + 1) };
		}
		return { folders: this.folders, glob: trimmed };
	}

	/**
	 * Places an absolute path the editor reported. Symlinks are resolved when the file exists;
	 * a file that no longer exists on disk is judged by its path alone.
	 */
	async locate(fsPath: string): Promise<LocatedPath> {
		// An editor may report the folder's real path when the folder was opened through a symlink.
		const lexical = this.lexicalContaining(resolve(fsPath)) ?? await this.containing(resolve(fsPath));
		if (!lexical) return { status: 'outside' };
		const display = this.display(lexical.folder, lexical.relative);
		const excluded = this.exclusions.match(lexical.relative);
		if (excluded) return { status: 'excluded', display, pattern: excluded.pattern, secret: excluded.reason === 'secret' };
		let real: string | undefined;
		try {
			real = await realpath(fsPath);
		} catch {
			real = undefined;
		}
		if (real !== undefined) {
			const target = await this.containing(real);
			if (!target) return { status: 'outside' };
			const targetExcluded = this.exclusions.match(target.relative);
			if (targetExcluded) return { status: 'excluded', display, pattern: targetExcluded.pattern, secret: targetExcluded.reason === 'secret' };
		}
		return { status: 'inside', folder: lexical.folder, relative: lexical.relative, display };
	}

	/** Each folder's real path (undefined for a folder that does not exist), computed once. */
	realFolderPaths(): Promise<readonly (string | undefined)[]> {
		this.realFolders ??= Promise.all(this.folders.map((f) => realpath(f.fsPath).catch(() => undefined)));
		return this.realFolders;
	}

	/** The folder whose real path contains `realPath`, and the path relative to it. */
	private async containing(realPath: string): Promise<{ folder: WorkspaceFolder; relative: string } | undefined> {
		const reals = await this.realFolderPaths();
		for (let i = 0; i < this.folders.length; i++) {
			const root = reals[i];
			const rel = root === undefined ? undefined : relativeInside(root, realPath);
			if (rel !== undefined) return { folder: this.folders[i], relative: rel };
		}
		return undefined;
	}

	private lexicalContaining(absolute: string): { folder: WorkspaceFolder; relative: string } | undefined {
		for (const folder of this.folders) {
			const rel = relativeInside(resolve(folder.fsPath), absolute);
			if (rel !== undefined) return { folder, relative: rel };
		}
		return undefined;
	}

	private async absoluteCandidate(input: string, absolute: string): Promise<{ folder: WorkspaceFolder; relativePath: string }> {
		const inside = this.lexicalContaining(resolve(absolute)) ?? await this.containing(resolve(absolute));
		if (!inside) {
			throw new ToolError(`"${input}" is outside the workspace folders. Use a path relative to the workspace root, e.g. "src/index.ts"; list_files shows what is there.`, `refused ${input}: outside the workspace`);
		}
		return { folder: inside.folder, relativePath: inside.relative };
	}

	private async relativeCandidate(input: string, segments: readonly string[]): Promise<{ folder: WorkspaceFolder; relativePath: string }> {
		const folders = this.folders;
		if (folders.length === 1) {
			const [folder] = folders;
			const relativePath = segments.join('/');
			// Models often prefix the folder's name; accept it when no such subfolder exists.
			if (segments.length > 0 && segments[0] === folder.name && !await exists(join(folder.fsPath, ...segments))) {
				return { folder, relativePath: segments.slice(1).join('/') };
			}
			return { folder, relativePath };
		}
		const names = folders.map((f) => `"${f.name}/"`).join(', ');
		if (segments.length === 0) {
			throw new ToolError(`This workspace has several folders (${names}); start the path with one of them.`, 'refused: which workspace folder?');
		}
		const named = folders.find((f) => f.name === segments[0]);
		if (named) return { folder: named, relativePath: segments.slice(1).join('/') };
		const relativePath = segments.join('/');
		const found: WorkspaceFolder[] = [];
		for (const folder of folders) {
			if (await exists(join(folder.fsPath, ...segments))) found.push(folder);
		}
		if (found.length === 1) return { folder: found[0], relativePath };
		throw new ToolError(
			found.length === 0
				? `"${input}" was not found. This workspace has several folders (${names}); start the path with the folder name, e.g. "${folders[0].name}/${relativePath}".`
				: `"${input}" exists in several workspace folders; start the path with the folder name: ${found.map((f) => `"${f.name}/${relativePath}"`).join(' or ')}.`,
			`${input}: which workspace folder?`,
		);
	}
}

/**
 * Refuses the forms no workspace path takes; returns the absolute path to place, or the
 * relative path's segments.
 */
function checkSyntax(input: string): string | string[] {
	const refuse = (why: string, short: string): never => {
		throw new ToolError(`"${printable(input)}" ${why}`, `refused ${printable(input)}: ${short}`);
	};
	const controlCharacters = 'contains control characters (such as a NUL byte); paths cannot contain them.';
	let text = input.trim();
	if (hasControlCharacter(text)) refuse(controlCharacters, 'control characters');
	if (lookAlike.test(text) || countPathCharacters(text.normalize('NFKC')) !== countPathCharacters(text)) {
		refuse('contains characters that imitate dots or slashes; write the path with plain "." and "/".', 'look-alike characters');
	}
	const scheme = uriScheme.exec(text);
	if (scheme && scheme[1].length === 1) refuse('is a Windows drive path. Use a path relative to the workspace root, e.g. "src/index.ts".', 'drive path');
	if (scheme && scheme[1].toLowerCase() === 'file') {
		try {
			text = fileURLToPath(text);
		} catch {
			refuse('is not a valid file URI. Use a path relative to the workspace root, e.g. "src/index.ts".', 'invalid file URI');
		}
		if (hasControlCharacter(text)) refuse(controlCharacters, 'control characters');
	} else {
		if (/:\d+(?::\d+)?$/.test(text) && !text.includes('://')) refuse('ends with a line number. Pass the file path alone, and the line as start_line.', 'line number in path');
		if (scheme && (!scheme[1].includes('.') || text.startsWith(`${scheme[0]}//`))) {
			refuse(`is a URI (${scheme[1]}:), not a workspace path. Only files inside the workspace folders are available; use a path such as "src/index.ts".`, `${scheme[1]}: URI`);
		}
		if (text.includes(':')) refuse('contains ":", which workspace paths do not. Use a path relative to the workspace root, e.g. "src/index.ts".', 'colon in path');
		if (text.includes('\\')) refuse('contains a backslash. Separate folders with "/", relative to the workspace root, e.g. "src/index.ts".', 'backslash');
		if (text.startsWith('~')) refuse('points into a home directory, which is outside the workspace. Use a path relative to the workspace root.', 'home directory');
		if (dangerousEscape.test(text)) refuse('is URL-encoded. Write the path plainly, relative to the workspace root, e.g. "src/index.ts".', 'URL-encoded');
	}
	const segments = text.split(/[\\/]/);
	if (segments.includes('..')) {
		refuse('contains "..". Paths cannot leave the workspace or step back up; write the path from the workspace root, e.g. "src/index.ts".', '".." in path');
	}
	if (isAbsolute(text)) return text;
	return segments.filter((s) => s !== '' && s !== '.');
}

function hasControlCharacter(text: string): boolean {
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code < 0x20 || code === 0x7f) return true;
	}
	return false;
}

function countPathCharacters(text: string): number {
	return (text.match(/[./\\:~%]/g) ?? []).length;
}

/** Quotes the input in messages without echoing control characters. */
function printable(input: string): string {
	let shown = '';
	for (const c of input) {
		const code = c.charCodeAt(0);
		shown += code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : c;
	}
	return shown.length > 200 ? `${shown.slice(0, 200)}…` : shown;
}

/** `child` relative to `root` with `/` separators, or undefined when it is not inside. */
function relativeInside(root: string, child: string): string | undefined {
	const rel = relative(root, child);
	if (rel === '') return '';
	if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
	return rel.split(sep).join('/');
}

/** The refusal for an excluded path; a secret says so, since no setting will ever open it. */
function excludedError(display: string, { pattern, reason }: ExclusionMatch): ToolError {
	if (reason === 'secret') {
		return new ToolError(
			`"${display}" is a secret file (pattern "${pattern}"); it cannot be read, listed or searched by the workspace tools, whatever the settings say. Do not try to reach it another way; if you need something from it, ask the user for that part without its secret values.`,
			`refused ${display}: secret`,
		);
	}
	const why = reason === 'always' ? 'always excluded from the workspace tools' : 'excluded from the workspace tools by the user\'s settings';
	const where = reason === 'always' ? '' : ' in files.exclude or flux.tools.exclude';
	return new ToolError(
		`"${display}" is ${why} (pattern "${pattern}"${where}), so it cannot be read, listed or searched. Do not try to reach it another way; ask the user if you need its contents.`,
		`refused ${display}: excluded`,
	);
}

function fileSystemError(error: unknown, display: string): ToolError {
	const code = (error as NodeJS.ErrnoException).code;
	if (code === 'ENOENT' || code === 'ENOTDIR') {
		return new ToolError(`"${display}" does not exist. Check the path with list_files or search_text; paths are relative to the workspace root.`, `${display}: not found`);
	}
	if (code === 'EACCES' || code === 'EPERM') return new ToolError(`"${display}" cannot be read: permission denied.`, `${display}: permission denied`);
	if (code === 'ELOOP') return new ToolError(`"${display}" is a symbolic link loop.`, `${display}: symlink loop`);
	throw error;
}

async function exists(path: string): Promise<boolean> {
	try {
		await lstat(path);
		return true;
	} catch {
		return false;
	}
}
