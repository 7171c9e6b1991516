import type { FluxToolDefinition } from '../flux/chatRequest';

/**
 * The model-facing names of the workspace tools. Every name and description the model sees
 * lives in this file: the descriptions are prompts, so they say what a tool is for, what comes
 * back, and what it will refuse.
 */
export const ToolName = {
	readFile: 'read_file',
	listFiles: 'list_files',
	searchText: 'search_text',
	getSelection: 'get_selection',
	getOpenEditors: 'get_open_editors',
	getDiagnostics: 'get_diagnostics',
	editFile: 'edit_file',
	createFile: 'create_file',
	runCommand: 'run_command',
} as const;

/** One of the model-facing tool names. */
export type ToolName = typeof ToolName[keyof typeof ToolName];

const pathRules = 'Paths are relative to the workspace root and use "/", e.g. "src/index.ts"; when the workspace has several folders, start with the folder name, e.g. "api/src/index.ts".';

/** The tools that only read, in the order they are offered. */
export const toolDefinitions: readonly FluxToolDefinition[] = Object.freeze([
	{
		name: ToolName.readFile,
		description: [
			'Read a text file from the user\'s workspace.',
			'Returns a header line, then the requested lines, each prefixed with its 1-based line number and ": " (the prefix is not part of the file).',
			'One call returns at most 2,000 lines or about 100 KB; when the file goes on, the result ends with a "[truncated: ...]" note giving the start_line to continue from.',
			'For a large file, find the lines you need with search_text first and read just that range.',
			'Binary files, secrets (.env files, keys, credentials, Terraform state) and excluded files (.git, node_modules, files.exclude, flux.tools.exclude) cannot be read; a file ignored by .gitignore can, when you name it.',
		].join(' '),
		parameters: {
			type: 'object',
			properties: {
				path: { type: 'string', description: `The file to read, as list_files and search_text print it. ${pathRules}` },
				start_line: { type: 'integer', minimum: 1, description: 'First line to return, 1-based. Default: 1.' },
				end_line: { type: 'integer', minimum: 1, description: 'Last line to return, inclusive. Default: the end of the file (within the limit).' },
			},
			required: ['path'],
			additionalProperties: false,
		},
	},
	{
		name: ToolName.listFiles,
		description: [
			'List files and folders in the user\'s workspace.',
			'Without glob: the direct contents of one folder, folders ending with "/".',
			'With glob: every file below that folder whose path matches, e.g. "**/*.ts" or "src/**/*.test.ts"; a pattern without "/" such as "*.md" matches file names at any depth.',
			'Paths come back relative to the workspace root, ready for read_file. At most 500 entries; a "[truncated: ...]" note says when there are more.',
			'Secrets (.env files, keys, credentials, Terraform state) and excluded files (.git, node_modules, files.exclude) are never listed; with glob, files hidden from VS Code\'s search (.gitignore, search.exclude) are left out too.',
		].join(' '),
		parameters: {
			type: 'object',
			properties: {
				path: { type: 'string', description: `The folder to list. Default: the workspace root. ${pathRules}` },
				glob: { type: 'string', description: 'Only files matching this glob, relative to the folder: "*", "**", "?", "{a,b}" and "[abc]" are supported.' },
			},
			additionalProperties: false,
		},
	},
	{
		name: ToolName.searchText,
		description: [
			'Search the contents of the workspace\'s text files, like grep.',
			'Returns one line per matching line as "path:line: text" (line numbers 1-based), in path order, at most 200 matches; a "[truncated: ...]" note says when there are more.',
			'Case-insensitive unless case_sensitive is true; a match never spans lines.',
			'Use it to find where something is defined or used, then read_file around those lines.',
			'Binary files, secrets (.env files, keys, credentials, Terraform state), excluded files (.git, node_modules, files.exclude) and files hidden from VS Code\'s search (.gitignore, search.exclude) are not searched.',
		].join(' '),
		parameters: {
			type: 'object',
			properties: {
				query: { type: 'string', description: 'The text to find. Plain text, matched literally, unless is_regex is true.' },
				is_regex: { type: 'boolean', description: 'Treat query as a regular expression (ripgrep syntax: no look-around or backreferences). Default: false.' },
				include: { type: 'string', description: 'Only search files whose path matches this glob, e.g. "src/**/*.ts"; a pattern without "/" such as "*.py" matches file names at any depth.' },
				case_sensitive: { type: 'boolean', description: 'Match letter case exactly. Default: false.' },
			},
			required: ['query'],
			additionalProperties: false,
		},
	},
	{
		name: ToolName.getSelection,
		description: [
			'Get the text the user has selected in the active editor, as numbered lines, with the file path, language and 1-based line range.',
			'Use it when the user refers to "this", "the selection" or "this code" without pasting it.',
			'When nothing is selected it says so and gives the cursor\'s file and line instead.',
		].join(' '),
		parameters: { type: 'object', properties: {}, additionalProperties: false },
	},
	{
		name: ToolName.getOpenEditors,
		description: [
			'List the files open in the user\'s editor tabs: path, language, which one is active and which have unsaved changes.',
			'Useful to learn what the user is working on. The contents of unsaved changes are not on disk yet, so read_file shows the saved version.',
		].join(' '),
		parameters: { type: 'object', properties: {}, additionalProperties: false },
	},
	{
		name: ToolName.getDiagnostics,
		description: [
			'Get the problems VS Code reports, as in its Problems panel: one line each as "path:line:column-line:column: severity: message (source code)", errors first.',
			'VS Code only knows problems of files its language tools have checked, usually the open ones, so an empty result does not prove a file is free of errors.',
			'At most 200 problems; pass path to see one file or folder.',
		].join(' '),
		parameters: {
			type: 'object',
			properties: {
				path: { type: 'string', description: `Only problems in this file or folder. Default: the whole workspace. ${pathRules}` },
			},
			additionalProperties: false,
		},
	},
]);

const proposeOnly = 'Nothing is written until the user accepts: the change is proposed, the user reviews every proposed change as a diff after your reply, and accepts or discards it. Do not ask the user to apply it by hand, and do not repeat the whole code in your answer; say briefly what you changed and why.';

/** The tools that propose changes, offered after the reading tools when `flux.tools.edits` is `propose`. */
export const editToolDefinitions: readonly FluxToolDefinition[] = Object.freeze([
	{
		name: ToolName.editFile,
		description: [
			'Propose a change to an existing text file in the user\'s workspace by replacing old_text with new_text.',
			'Read the file first (read_file) and copy old_text from it exactly, without the line-number prefixes, including enough surrounding lines that it matches only one place.',
			'old_text must match exactly once, or every time with replace_all: true. If indentation or trailing spaces differ, a match ignoring them is tried and new_text is re-indented to fit.',
			'When old_text matches several places the error lists their line numbers; when it matches none the error shows the most similar lines, so you can correct old_text and call again.',
			'To change several places, call edit_file once per place; each call sees the file with your earlier proposed edits applied.',
			proposeOnly,
			'Secrets, excluded files (.git, node_modules, files.exclude, flux.tools.exclude), binary files and files outside the workspace cannot be edited.',
		].join(' '),
		parameters: {
			type: 'object',
			properties: {
				path: { type: 'string', description: `The file to change. ${pathRules}` },
				old_text: { type: 'string', description: 'The exact text to replace, copied from the file: whole lines with their indentation work best. Must not be empty.' },
				new_text: { type: 'string', description: 'The text to put in its place, with the indentation it should have in the file. Empty to delete old_text.' },
				replace_all: { type: 'boolean', description: 'Replace every place old_text matches, e.g. to rename something throughout the file. Default: false.' },
			},
			required: ['path', 'old_text', 'new_text'],
			additionalProperties: false,
		},
	},
	{
		name: ToolName.createFile,
		description: [
			'Propose a new text file in the user\'s workspace with the given content; folders are created as needed.',
			'If the file exists this fails, unless overwrite is true: then content replaces the whole file (shown to the user as a whole-file diff). To change part of an existing file, use edit_file instead.',
			proposeOnly,
			'Secrets, excluded files and paths outside the workspace cannot be written.',
		].join(' '),
		parameters: {
			type: 'object',
			properties: {
				path: { type: 'string', description: `The file to create. ${pathRules}` },
				content: { type: 'string', description: 'The whole text of the file.' },
				overwrite: { type: 'boolean', description: 'Replace the file if it exists. Default: false.' },
			},
			required: ['path', 'content'],
			additionalProperties: false,
		},
	},
]);

/** The tool that runs commands, offered when `flux.tools.terminal.mode` is `ask` in a trusted workspace. */
export const terminalToolDefinitions: readonly FluxToolDefinition[] = Object.freeze([
	{
		name: ToolName.runCommand,
		description: [
			'Run one shell command in the user\'s workspace, in a terminal named "Flux" that the user can see, and get back its exit code, how long it took and its output.',
			'Use it to check your work: run the tests after a change, the build, a linter, or git commands such as "git status" and "git diff".',
			'The user sees the exact command and folder and approves every run (unless they allow-listed the command). If they decline, the result says so: then do not run it, or anything with the same effect, another way.',
			'One command per call, and it must finish on its own without input: it cannot answer prompts, so pass flags such as --yes or --no-pager, and do not start servers, watchers or editors. Do not call "exit": it would end the terminal\'s shell, not just your command.',
			'The output is stdout and stderr together with colours removed; long output keeps its start and end with a line saying how much was cut from the middle.',
			'The command is ended, with the processes it started, after timeout_seconds (default 120, at most 1800) or when the user stops it.',
			'Proposed edits (edit_file, create_file) are not on disk until the user accepts them, so a command does not see them yet.',
		].join(' '),
		parameters: {
			type: 'object',
			properties: {
				command: { type: 'string', description: 'The command line, as the user would type it in their shell, e.g. "npm test" or "git diff --stat".' },
				cwd: { type: 'string', description: `The folder to run it in. Default: the workspace root (the first folder when there are several). ${pathRules}` },
				timeout_seconds: { type: 'integer', minimum: 1, description: 'End the command after this many seconds. Default: 120; at most 1800.' },
			},
			required: ['command'],
			additionalProperties: false,
		},
	},
]);
