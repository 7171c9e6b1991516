import type { Logger } from '../flux/logger';
import type { Exclusions } from './guard/exclusions';
import type { PathGuard } from './guard/pathGuard';
import type { ProposedChanges } from './edits/proposedChanges';
import type { CommandRunRecord, TerminalAccess } from './terminal/types';
import type { ToolLimits } from './toolLimits';
import type { Workspace } from './workspace';

/** What one tool call produced. Failures the model can fix are results too, with `ok: false`. */
export interface ToolResult {
	/** What the model gets; starts with `Error:` when `ok` is false. */
	readonly content: string;
	/** One short line for the tool card, e.g. `read src/a.ts lines 1-40` or `12 matches in 5 files`. */
	readonly summary: string;
	readonly ok: boolean;
	/** The user declined the call on its card (it did not run). */
	readonly declined?: true;
	/** `run_command`'s run, for its card. */
	readonly terminal?: CommandRunRecord;
}

/** Everything a tool works with during one call. */
export interface ToolEnvironment {
	readonly workspace: Workspace;
	readonly guard: PathGuard;
	readonly exclusions: Exclusions;
	readonly signal: AbortSignal;
	readonly logger: Logger;
	readonly limits: ToolLimits;
	/** The turn's proposed edits (absent when `flux.tools.edits` is off): reads see them, edits add to them. */
	readonly changes?: ProposedChanges;
	/** How `run_command` asks and runs (absent when `flux.tools.terminal.mode` is off). */
	readonly terminal?: TerminalAccess;
}

/** Cuts a line longer than `max` characters, saying how long it was. */
export function clipLine(line: string, max: number): string {
	return line.length <= max ? line : `${line.slice(0, max)}… [line cut: ${line.length} characters]`;
}

/** `1 match`, `2 matches`. */
export function plural(count: number, one: string, many: string): string {
	return `${count} ${count === 1 ? one : many}`;
}

/**
 * The lines of a result, added until the next would take it past `chars` (with a newline each):
 * how every tool keeps under its cap. With `firstAlways`, the first line is kept whatever its
 * length (a read shows at least one line).
 */
export class LineBudget {
	readonly lines: string[] = [];
	private used = 0;

	constructor(private readonly chars: number, private readonly firstAlways = false) {}

	/** Adds `line` when it fits; false when it does not (the result is full). */
	add(line: string): boolean {
		if (!(this.firstAlways && this.lines.length === 0) && this.used + line.length + 1 > this.chars) return false;
		this.lines.push(line);
		this.used += line.length + 1;
		return true;
	}
}
