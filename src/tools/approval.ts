// How a tool asks the user on its call's card before it acts (run_command, the tool belt).

/** One button of the approval card (the shape of `ToolApprovalChoice`). */
export interface ApprovalChoice {
	readonly id: string;
	readonly label: string;
	readonly allows: boolean;
}

/**
 * Asks the user on the call's card and resolves with the clicked choice's id, or undefined when
 * nobody answered (the turn was stopped). The shape of `chat/turns/toolApprovals.ts`'s `AskApproval`.
 */
export type AskUser = (approval: { readonly prompt: string; readonly detail?: string; readonly choices: readonly ApprovalChoice[] }) => Promise<string | undefined>;
