import type { FluxMessage } from '../../flux/chatRequest';
import { turnOutcomeNote } from '../changeSet';
import { describeAttachments } from '../attachments/attachments';
import { describeCode } from '../attachments/codeContext';
import type { Turn } from '../model';

/** The summary of the oldest turns, saved with the conversation and reused until it must grow. */
export interface ContextSummary {
	/** The last turn it covers: it covers every turn up to and including this one. */
	readonly throughTurnId: string;
	/** How many turns it covers (turns 1 to `turnCount`). */
	readonly turnCount: number;
	readonly text: string;
}

/** A history turn as messages, with its 1-based number in the conversation and their tokens. */
export interface CountedTurn {
	readonly turn: Turn;
	readonly number: number;
	readonly messages: readonly FluxMessage[];
	readonly tokens: number;
}

/**
 * The messages for one request without any budget: system prompt, every question and answer so
 * far, then the new question. Tool exchanges stay inside their turn; later turns see only the
 * answers.
 */
export function historyMessages(systemPrompt: string, history: readonly Turn[], current: Pick<Turn, 'question' | 'context' | 'attachments'>): FluxMessage[] {
	const system = systemMessage(systemPrompt);
	return [...(system ? [system] : []), ...history.flatMap(turnMessages), questionMessage(current)];
}

/**
 * The summary as it is sent: a user message right after the system message. Not a system
 * message: its text was written by a model from the conversation (tool output included), so it
 * gets no more authority than the turns it replaces, and the user's system prompt goes out
 * exactly as configured.
 */
export function summaryMessageFor(summary: ContextSummary): FluxMessage {
	const turns = summary.turnCount === 1 ? 'turn 1' : `turns 1–${summary.turnCount}`;
	return { role: 'user', content: `Summary of the earlier conversation (${turns}), which is no longer shown in full:\n\n${summary.text}` };
}

/** The system message, or none for an empty (or blank) system prompt. */
export function systemMessage(systemPrompt: string): FluxMessage | undefined {
	return systemPrompt.trim() ? { role: 'system', content: systemPrompt } : undefined;
}

/** A question as it is sent: its text, then the attached code (Explain, before 0.5) and the attachments. */
export function questionMessage(turn: Pick<Turn, 'question' | 'context' | 'attachments'>): FluxMessage {
	const parts = [turn.question, ...(turn.context ? [describeCode(turn.context)] : []), ...(turn.attachments?.length ? [describeAttachments(turn.attachments)] : [])];
	return { role: 'user', content: parts.join('\n\n') };
}

/**
 * A past turn as it is sent again: the question, and the answer when there is one, followed by
 * what became of the file changes it proposed (the model learns which were accepted).
 */
export function turnMessages(turn: Turn): FluxMessage[] {
	const question = questionMessage(turn);
	const { text, changes } = turn.reply;
	const note = turnOutcomeNote(changes, turn.replies ?? []);
	const answer = [text, ...note ? [note] : []].filter(Boolean).join('\n\n');
	return answer ? [question, { role: 'assistant', content: answer }] : [question];
}

/** One request in order: system message, summary, the turns kept verbatim, the current question. */
export function assemble(system: FluxMessage | undefined, summary: FluxMessage | undefined, turns: readonly CountedTurn[], current: FluxMessage): FluxMessage[] {
	return [...(system ? [system] : []), ...(summary ? [summary] : []), ...turns.flatMap((t) => t.messages), current];
}
