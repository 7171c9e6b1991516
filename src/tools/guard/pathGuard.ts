import { lstat, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { checkPathSyntax } from './checkPathSyntax';
import type { ExclusionMatch, Exclusions } from './exclusions';
import { ToolError } from '../toolError';
import type { WorkspaceFolder } from '../workspace';

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

/** A place inside a workspace folder: `relative` is `/`-separated, `''` for the folder itself. */
interface InFolder {
	readonly folder: WorkspaceFolder;
	readonly relative: string;
}

/** Where a path the editor reports (selection, tabs, diagnostics) stands. */
export type LocatedPath =
	| { readonly status: 'inside'; readonly folder: WorkspaceFolder; readonly relative: string; readonly display: string }
	| { readonly status: 'excluded'; readonly display: string; readonly pattern: string; readonly secret: boolean }
	| { readonly status: 'outside' };

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

	/** What `display` puts before a path inside `folder`: nothing in a single folder, `api/` with several. */
	displayPrefix(folder: WorkspaceFolder): string {
		return this.folders.length <= 1 ? '' : `${folder.name}/`;
	}

	/**
	 * Resolves `input` (as the model wrote it) or throws a `ToolError` that says why not.
	 * `''` and `.` name the folder itself, which only exists when there is a single folder.
	 */
	async resolve(input: string): Promise<ResolvedPath> {
		const target = await this.resolveTarget(input);
		if (!target.exists) throw fileSystemError(Object.assign(new Error('not found'), { code: 'ENOENT' }), target.display);
		return target;
	}

	/**
	 * Like `resolve`, for a file that may not exist yet (a file to create): its nearest existing
	 * folder is resolved instead, and that folder's real path must lie inside the workspace, so a
	 * symlinked folder cannot lead a new file outside it either.
	 */
	async resolveTarget(input: string): Promise<ResolvedPath & { readonly exists: boolean }> {
		this.requireFolders();
		const plain = checkPathSyntax(input);
		const { folder, relativePath } = typeof plain === 'string' ? await this.absoluteCandidate(input, plain) : await this.relativeCandidate(input, plain);
		const display = this.display(folder, relativePath);
		const excluded = this.exclusions.match(relativePath);
		if (excluded) throw excludedError(display, excluded);

		const segments = relativePath === '' ? [] : relativePath.split('/');
		const { realPath, exists } = await realTarget(folder.fsPath, segments, display);
		const target = await this.containing(realPath);
		if (!target) {
			throw new ToolError(`"${display}" is a symbolic link (or lies below one) that leads outside the workspace folders, so it cannot be used. Only files inside the workspace are available.`, `refused ${display}: symlink leads outside`);
		}
		const targetExcluded = this.exclusions.match(target.relative);
		if (targetExcluded) throw excludedError(display, targetExcluded);

		let isDirectory = false;
		try {
			if (exists) isDirectory = (await stat(realPath)).isDirectory();
		} catch (error) {
			throw fileSystemError(error, display);
		}
		return { folder, relative: relativePath, display, realPath, real: target, isDirectory, exists };
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
		const lexical = await this.place(fsPath);
		if (!lexical) return { status: 'outside' };
		const display = this.display(lexical.folder, lexical.relative);
		const excluded = this.exclusions.match(lexical.relative);
		if (excluded) return excludedStatus(display, excluded);
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
			if (targetExcluded) return excludedStatus(display, targetExcluded);
		}
		return { status: 'inside', folder: lexical.folder, relative: lexical.relative, display };
	}

	/** Each folder's real path (undefined for a folder that does not exist), computed once. */
	realFolderPaths(): Promise<readonly (string | undefined)[]> {
		this.realFolders ??= Promise.all(this.folders.map((f) => realpath(f.fsPath).catch(() => undefined)));
		return this.realFolders;
	}

	/** The folder whose real path contains `realPath`, and the path relative to it. */
	private async containing(realPath: string): Promise<InFolder | undefined> {
		const reals = await this.realFolderPaths();
		for (let i = 0; i < this.folders.length; i++) {
			const root = reals[i];
			const rel = root === undefined ? undefined : relativeInside(root, realPath);
			if (rel !== undefined) return { folder: this.folders[i], relative: rel };
		}
		return undefined;
	}

	/**
	 * The folder an absolute path lies in, by its path, else by the folders' real paths: an
	 * editor (or a model) may give the real path of a folder that was opened through a symlink.
	 */
	private async place(absolute: string): Promise<InFolder | undefined> {
		const resolved = resolve(absolute);
		return this.lexicalContaining(resolved) ?? await this.containing(resolved);
	}

	private lexicalContaining(absolute: string): InFolder | undefined {
		for (const folder of this.folders) {
			const rel = relativeInside(resolve(folder.fsPath), absolute);
			if (rel !== undefined) return { folder, relative: rel };
		}
		return undefined;
	}

	private async absoluteCandidate(input: string, absolute: string): Promise<{ folder: WorkspaceFolder; relativePath: string }> {
		const inside = await this.place(absolute);
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

/** `child` relative to `root` with `/` separators, or undefined when it is not inside. */
function relativeInside(root: string, child: string): string | undefined {
	const rel = relative(root, child);
	if (rel === '') return '';
	if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
	return rel.split(sep).join('/');
}

function excludedStatus(display: string, { pattern, reason }: ExclusionMatch): LocatedPath {
	return { status: 'excluded', display, pattern, secret: reason === 'secret' };
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

/**
 * The real path of `segments` below `root`: of the path itself when it exists, else of its
 * nearest existing ancestor with the missing segments added back.
 */
async function realTarget(root: string, segments: readonly string[], display: string): Promise<{ realPath: string; exists: boolean }> {
	for (let kept = segments.length; kept >= 0; kept--) {
		try {
			const real = await realpath(join(root, ...segments.slice(0, kept)));
			// A dangling symlink is missing to realpath but would still be followed by a write.
			if (kept < segments.length && await exists(join(real, segments[kept]))) {
				throw new ToolError(`"${display}" is a symbolic link that leads nowhere, so it cannot be used.`, `refused ${display}: dangling symlink`);
			}
			return { realPath: join(real, ...segments.slice(kept)), exists: kept === segments.length };
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			if (code !== 'ENOENT' || kept === 0) throw fileSystemError(error, display);
		}
	}
	throw fileSystemError(Object.assign(new Error('not found'), { code: 'ENOENT' }), display);
}

async function exists(path: string): Promise<boolean> {
	try {
		await lstat(path);
		return true;
	} catch {
		return false;
	}
}
