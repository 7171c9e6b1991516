import { titleOf, type Conversation, type Turn } from '../model';
import { conversationSpend } from '../usage/spend';

export type ExportFormat = 'markdown' | 'json';

/**
 * A conversation as a Markdown document: per turn the question, the answer, and a line with the
 * served model, tokens, cost and time. Built only from what the conversation holds, which never
 * includes the API key.
 */
export function toMarkdown(conversation: Conversation): string {
	const spend = conversationSpend(conversation.turns, 0);
	const lines = [
		`# ${oneLine(titleOf(conversation))}`,
		'',
		`Exported from Flux Chat on ${new Date().toISOString()}. ${conversation.turns.length} ${conversation.turns.length === 1 ? 'turn' : 'turns'}, ${usd(spend.conversationUsd)}${spend.estimated ? ' (partly estimated)' : ''}.`,
		'',
	];
	conversation.turns.forEach((turn, i) => {
		lines.push(`## ${i + 1}. You${turn.askedAt ? ` (${new Date(turn.askedAt).toISOString()})` : ''}`, '', turn.question, '');
		if (turn.context) lines.push(`Attached: \`${turn.context.path}\` lines ${turn.context.startLine}-${turn.context.endLine}`, '', fence(turn.context.text, turn.context.language), '');
		for (const a of turn.attachments ?? []) lines.push(`Attached: ${a.path !== undefined ? `\`${a.path}\` lines ${a.startLine}-${a.endLine}` : a.label}${a.note ? ` (${a.note})` : ''}`, '', fence(a.text, a.language ?? ''), '');
		lines.push(`### Flux`, '', `> ${facts(turn)}`, '');
		if (turn.reply.text) lines.push(turn.reply.text, '');
		if (turn.reply.error) lines.push(`*${turn.reply.error.message}*`, '');
		const commands = commandsOf(turn);
		if (commands.length) lines.push('Commands:', '', ...commands.map(commandItem), '');
		const changes = turn.reply.changes?.files;
		if (changes?.length) lines.push('Proposed changes:', '', ...changes.map((f) => `- \`${f.path}\` +${f.added} −${f.removed}: ${f.status}`), '');
	});
	return lines.join('\n');
}

/** The same conversation as JSON, for tools: every turn with its facts in plain fields. */
export function toJson(conversation: Conversation): string {
	return JSON.stringify({
		format: 'flux-chat-conversation',
		version: 1,
		id: conversation.id,
		title: titleOf(conversation),
		createdAt: new Date(conversation.createdAt).toISOString(),
		...(conversation.pin ? { pin: conversation.pin } : {}),
		turns: conversation.turns.map((turn) => ({
			...(turn.askedAt ? { askedAt: new Date(turn.askedAt).toISOString() } : {}),
			question: turn.question,
			...(turn.context ? { context: turn.context } : {}),
			...(turn.attachments?.length ? { attachments: turn.attachments } : {}),
			...(turn.model ? { model: turn.model } : {}),
			status: turn.reply.status,
			answer: turn.reply.text,
			...(turn.reply.meta ? {
				servedModel: turn.reply.meta.servedModel,
				requestedModel: turn.reply.meta.requestedModel,
				routed: turn.reply.meta.routed,
			} : {}),
			...(turn.reply.usage ? {
				promptTokens: turn.reply.usage.promptTokens,
				completionTokens: turn.reply.usage.completionTokens,
				costUsd: turn.reply.usage.costUsd,
				costSource: turn.reply.usage.costSource,
			} : {}),
			...(turn.reply.durationMs !== undefined ? { durationMs: turn.reply.durationMs } : {}),
			...(turn.reply.meta?.firstTokenMs !== undefined ? { firstTokenMs: turn.reply.meta.firstTokenMs } : {}),
			...(turn.reply.tools?.length ? { tools: turn.reply.tools.map(({ name, arguments: args, status, summary }) => ({ name, arguments: args, status, summary })) } : {}),
			...(turn.reply.tools?.some((call) => call.terminal || call.approval?.detail !== undefined) ? { commands: commandsOf(turn) } : {}),
			...(turn.reply.error ? { error: turn.reply.error.message } : {}),
			...(turn.reply.changes ? { changes: turn.reply.changes.files.map(({ path, added, removed, status }) => ({ path, added, removed, status })) } : {}),
			...(turn.replies && turn.replies.length > 1 ? { version: (turn.current ?? turn.replies.length - 1) + 1, versions: turn.replies.length } : {}),
		})),
	}, null, '\t') + '\n';
}

function facts(turn: Turn): string {
	const { meta, usage, durationMs, status } = turn.reply;
	const versions = turn.replies?.length ?? 1;
	const parts = [
		// Only the current version is exported; say which it is when there are several.
		versions > 1 ? `version ${(turn.current ?? versions - 1) + 1} of ${versions}` : undefined,
		meta ? `${meta.servedModel} (${meta.routed ? `routed by ${meta.requestedModel}` : `asked ${meta.requestedModel}`})` : turn.model ? `asked ${turn.model}` : 'no model answered',
		usage ? `${usage.promptTokens} in / ${usage.completionTokens} out tokens` : undefined,
		usage?.costUsd !== undefined ? `${usd(usage.costUsd)}${usage.costSource === 'estimate' ? ' (estimate)' : ''}` : undefined,
		durationMs !== undefined ? `${(durationMs / 1000).toFixed(1)} s` : undefined,
		status === 'done' ? undefined : status,
	];
	return parts.filter(Boolean).join(' · ');
}

/** The commands a reply asked to run (a card with a command): each with its folder and how it ended. */
function commandsOf(turn: Turn): { readonly command: string; readonly folder?: string; readonly outcome: string; readonly exitCode?: number }[] {
	return (turn.reply.tools ?? []).flatMap((call) => {
		const run = call.terminal;
		const command = run?.command ?? call.approval?.detail;
		if (command === undefined) return [];
		const outcome = !run ? (call.status === 'declined' ? 'skipped' : call.status)
			: run.ended === 'timeout' ? 'timed out' : run.ended === 'stopped' ? 'stopped'
				: run.exitCode === undefined ? 'no exit code' : `exit code ${run.exitCode}`;
		return [{ command, ...(run ? { folder: run.folder } : {}), outcome, ...(run?.exitCode !== undefined ? { exitCode: run.exitCode } : {}) }];
	});
}

/** One command as a list item: inline when it is one line, else as a fenced block inside the item. */
function commandItem(c: ReturnType<typeof commandsOf>[number]): string {
	const facts = `${c.folder === undefined ? '' : ` in \`${c.folder}\``}: ${c.outcome}`;
	if (!c.command.includes('\n')) return `- ${code(c.command)}${facts}`;
	return `- Command${facts}\n\n${fence(c.command, 'sh').replace(/^/gm, '  ')}\n`;
}

/** Inline code that no backtick in `text` can close. */
function code(text: string): string {
	const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
	const ticks = '`'.repeat(longest + 1);
	return longest ? `${ticks} ${text} ${ticks}` : `${ticks}${text}${ticks}`;
}

function usd(value: number): string {
	return `$${value < 0.01 ? value.toFixed(6) : value.toFixed(4)}`;
}

function oneLine(text: string): string {
	return text.replace(/\s+/g, ' ');
}

/** A fence longer than any backtick run in the code, so the code cannot close it. */
function fence(code: string, language: string): string {
	const longest = Math.max(2, ...(code.match(/`+/g) ?? []).map((run) => run.length));
	const ticks = '`'.repeat(longest + 1);
	return `${ticks}${language}\n${code}\n${ticks}`;
}
