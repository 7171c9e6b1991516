import type { Logger } from '../flux/logger';
import { createFile, editFile } from './edits/editFile';
import { getDiagnostics, getOpenEditors, getSelection } from './read/editorTools';
import { Exclusions } from './guard/exclusions';
import { listFiles } from './read/listFiles';
import { listOffHost } from './search/searchOnWorker';
import { PathGuard } from './guard/pathGuard';
import { readFile } from './read/readFile';
import { searchText } from './search/searchText';
import { runCommand } from './terminal/runCommand';
import type { TerminalAccess } from './terminal/types';
import type { ProposedChanges } from './edits/proposedChanges';
import { editToolDefinitions, terminalToolDefinitions, ToolName, toolDefinitions } from './toolDefinitions';
import { ToolCancelledError, ToolError } from './toolError';
import type { ToolLimits } from './toolLimits';
import { defaultToolLimits } from './toolLimits';
import type { ToolEnvironment, ToolResult } from './toolResult';
import type { Workspace } from './workspace';

export { editToolDefinitions, terminalToolDefinitions, toolDefinitions } from './toolDefinitions';
export type { ToolResult } from './toolResult';

/** What one call runs with. */
export interface ToolContext {
	readonly workspace: Workspace;
	/** Cancels the call; a running ripgrep is killed. */
	readonly signal: AbortSignal;
	readonly logger: Logger;
	/** Overrides of the result caps, for tests. */
	readonly limits?: Partial<ToolLimits>;
	/** The turn's proposed edits; without it the edit tools refuse (edits are off). */
	readonly changes?: ProposedChanges;
	/** How `run_command` asks and runs; without it the tool refuses (`flux.tools.terminal.mode` is off). */
	readonly terminal?: TerminalAccess;
}

type Arguments = Readonly<Record<string, unknown>>;

const handlers: Readonly<Record<ToolName, (args: Arguments, env: ToolEnvironment) => Promise<ToolResult>>> = {
	[ToolName.readFile]: (args, env) => readFile({ path: args.path as string, startLine: args.start_line as number | undefined, endLine: args.end_line as number | undefined }, env),
	[ToolName.listFiles]: (args, env) => listFiles({ path: args.path as string | undefined, glob: args.glob as string | undefined }, env, listOffHost),
	[ToolName.searchText]: (args, env) => searchText({
		query: args.query as string,
		isRegex: args.is_regex as boolean | undefined,
		include: args.include as string | undefined,
		caseSensitive: args.case_sensitive as boolean | undefined,
	}, env),
	[ToolName.getSelection]: (_args, env) => getSelection(env),
	[ToolName.getOpenEditors]: (_args, env) => getOpenEditors(env),
	[ToolName.getDiagnostics]: (args, env) => getDiagnostics({ path: args.path as string | undefined }, env),
	[ToolName.editFile]: (args, env) => editFile({
		path: args.path as string,
		old_text: args.old_text as string,
		new_text: args.new_text as string,
		...(args.replace_all === true ? { replace_all: true } : {}),
	}, env),
	[ToolName.createFile]: (args, env) => createFile({ path: args.path as string, content: args.content as string, ...(args.overwrite === true ? { overwrite: true } : {}) }, env),
	// Offered only with `env.terminal` (see `run`).
	[ToolName.runCommand]: (args, env) => runCommand({ command: args.command as string, cwd: args.cwd as string | undefined, timeoutSeconds: args.timeout_seconds as number | undefined }, env, env.terminal!),
};

/** How a correct call looks, for the error that explains a wrong one. */
const examples: Readonly<Record<ToolName, string>> = {
	[ToolName.readFile]: '{"path": "src/index.ts", "start_line": 1, "end_line": 100}',
	[ToolName.listFiles]: '{"path": "src", "glob": "**/*.ts"}',
	[ToolName.searchText]: '{"query": "createServer", "include": "src/**/*.ts"}',
	[ToolName.getSelection]: '{}',
	[ToolName.getOpenEditors]: '{}',
	[ToolName.getDiagnostics]: '{"path": "src"}',
	[ToolName.editFile]: '{"path": "src/index.ts", "old_text": "const port = 3000;", "new_text": "const port = Number(process.env.PORT ?? 3000);"}',
	[ToolName.createFile]: '{"path": "src/util/slug.ts", "content": "export function slug(s: string): string {\\n\\treturn s.toLowerCase();\\n}\\n"}',
	[ToolName.runCommand]: '{"command": "npm test", "cwd": "."}',
};

const allDefinitions = [...toolDefinitions, ...editToolDefinitions, ...terminalToolDefinitions];

/**
 * Runs one tool call the model made. Never throws: unknown tools, bad JSON, missing or
 * ill-typed parameters, refused paths and cancellation all come back as a result with
 * `ok: false` and content starting with `Error:` that tells the model what to do instead.
 */
export async function executeTool(name: string, argumentsJson: string, context: ToolContext): Promise<ToolResult> {
	const { logger, signal } = context;
	const started = Date.now();
	const result = await run(name, argumentsJson, context).catch((error: unknown): ToolResult => {
		if (error instanceof ToolError) return { ok: false, content: `Error: ${error.message}`, summary: error.summary };
		if (error instanceof ToolCancelledError || signal.aborted) return { ok: false, content: 'Error: the tool call was cancelled.', summary: 'cancelled' };
		logger.error(`tool ${name} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
		const message = error instanceof Error ? error.message : String(error);
		return { ok: false, content: `Error: ${name} failed unexpectedly (${message}). Try again, or use another tool.`, summary: `failed: ${message}` };
	});
	logger.debug(`tool ${name} ${result.ok ? 'done' : 'failed'} in ${Date.now() - started} ms: ${result.summary}`);
	return result;
}

async function run(name: string, argumentsJson: string, context: ToolContext): Promise<ToolResult> {
	const { workspace, signal, logger } = context;
	if (!workspace.isTrusted) {
		throw new ToolError('workspace tools are off because the user has not trusted this workspace. Answer without reading the workspace, or ask the user to paste what you need.', 'workspace not trusted');
	}
	const offered = [...toolDefinitions, ...(context.changes ? editToolDefinitions : []), ...(context.terminal ? terminalToolDefinitions : [])];
	const definition = offered.find((d) => d.name === name);
	if (!definition) {
		const off = name === ToolName.runCommand ? ' Running commands is turned off ("flux.tools.terminal.mode" is "off"): tell the user the command to run instead.'
			: allDefinitions.some((d) => d.name === name) ? ' Editing files is turned off ("flux.tools.edits" is "off"): show the change in your answer as a code block instead.' : '';
		throw new ToolError(`there is no tool named "${name}".${off} The available tools are: ${offered.map((d) => d.name).join(', ')}.`, `unknown tool ${name}`);
	}
	const toolName = name as ToolName;
	const args = parseArguments(toolName, definition.parameters as unknown as ParametersSchema, argumentsJson);
	if (signal.aborted) throw new ToolCancelledError();
	const exclusions = new Exclusions(workspace.exclude);
	const env: ToolEnvironment = {
		workspace, signal, logger, exclusions,
		guard: new PathGuard(workspace.folders, exclusions),
		limits: { ...defaultToolLimits, ...context.limits },
		...(context.changes ? { changes: context.changes } : {}),
		...(context.terminal ? { terminal: context.terminal } : {}),
	};
	return handlers[toolName](args, env);
}

/** The part of JSON Schema the definitions use. */
interface ParametersSchema {
	readonly properties: Readonly<Record<string, { readonly type: 'string' | 'integer' | 'boolean'; readonly minimum?: number }>>;
	readonly required?: readonly string[];
}

/** Parses and checks the model's arguments against the tool's schema. */
function parseArguments(name: ToolName, schema: ParametersSchema, json: string): Arguments {
	const example = `For example: ${examples[name]}`;
	const text = json.trim();
	// Some models send nothing at all for a tool without parameters.
	if (text === '') {
		if (schema.required?.length) throw new ToolError(`${name} needs arguments: ${describeParameters(schema)}. ${example}`, 'missing arguments');
		return {};
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch (error) {
		throw new ToolError(`the arguments are not valid JSON (${(error as Error).message}). Send one JSON object. ${example}`, 'invalid JSON arguments');
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw new ToolError(`the arguments must be a JSON object. ${example}`, 'arguments not an object');
	}
	const args: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(parsed)) {
		const property = schema.properties[key];
		if (!property) {
			throw new ToolError(`${name} has no parameter "${key}". It takes: ${describeParameters(schema)}. ${example}`, `unknown parameter ${key}`);
		}
		// Models often send null for an optional parameter they do not use.
		if (value === null) continue;
		const wrongType = property.type === 'integer' ? !Number.isInteger(value) : typeof value !== property.type;
		if (wrongType) {
			throw new ToolError(`parameter "${key}" must be ${article(property.type)}, not ${JSON.stringify(value)}. ${example}`, `${key}: wrong type`);
		}
		if (property.minimum !== undefined && (value as number) < property.minimum) {
			throw new ToolError(`parameter "${key}" must be at least ${property.minimum}${key.endsWith('_line') ? '; lines are numbered from 1' : ''}.`, `${key}: below ${property.minimum}`);
		}
		args[key] = value;
	}
	for (const key of schema.required ?? []) {
		if (args[key] === undefined) throw new ToolError(`missing required parameter "${key}" (${schema.properties[key].type}). ${example}`, `missing ${key}`);
	}
	return args;
}

function describeParameters(schema: ParametersSchema): string {
	const names = Object.entries(schema.properties).map(([key, p]) => `${key} (${p.type}${schema.required?.includes(key) ? ', required' : ''})`);
	return names.length ? names.join(', ') : 'no parameters';
}

function article(type: string): string {
	return type === 'integer' ? 'an integer' : `a ${type}`;
}
