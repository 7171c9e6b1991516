import type { ConversationSummaryView } from '../../protocol/messages';
import { repliesOf, titleOf, type Conversation, type Turn } from '../model';

/**
 * The history list: conversations whose title, questions or current answers (the versions shown,
 * not those paged away from) contain every word of `query` (case-insensitive, anywhere in the
 * conversation), served at least once by `modelFilter` when one is given. An empty query lists them all. `conversations` come newest first.
 */
export function searchHistory(conversations: readonly Conversation[], query: string, modelFilter?: string): ConversationSummaryView[] {
	const words = query.toLowerCase().split(/\s+/).filter(Boolean);
	const results: ConversationSummaryView[] = [];
	for (const conversation of conversations) {
		if (modelFilter && !servedModels(conversation.turns).includes(modelFilter)) continue;
		const title = titleOf(conversation);
		let snippet: string | undefined;
		if (words.length) {
			const texts = [title, ...conversation.turns.flatMap((t) => [t.question, t.reply.text])];
			const lower = texts.map((t) => t.toLowerCase());
			if (!words.every((w) => lower.some((t) => t.includes(w)))) continue;
			const at = lower.findIndex((t) => t.includes(words[0]));
			snippet = snippetAround(texts[at], lower[at].indexOf(words[0]), words[0].length);
		}
		results.push(summarise(conversation, title, snippet));
	}
	return results;
}

/** Every served model in these conversations, for the filter, most used first. */
export function modelsIn(conversations: readonly Conversation[]): string[] {
	return servedModels(conversations.flatMap((c) => c.turns));
}

function summarise(conversation: Conversation, title: string, snippet: string | undefined): ConversationSummaryView {
	return {
		id: conversation.id,
		title,
		updatedAt: conversation.updatedAt,
		turnCount: conversation.turns.length,
		models: servedModels(conversation.turns),
		costUsd: conversation.turns.flatMap(repliesOf).reduce((sum, r) => sum + (r.usage?.costUsd ?? 0), 0),
		...(conversation.pin ? { pin: conversation.pin } : {}),
		...(snippet !== undefined ? { snippet } : {}),
	};
}

function servedModels(turns: readonly Turn[]): string[] {
	const counts = new Map<string, number>();
	for (const turn of turns) {
		const model = turn.reply.meta?.servedModel;
		if (model) counts.set(model, (counts.get(model) ?? 0) + 1);
	}
	return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([model]) => model);
}

/** About 120 characters of plain text around a match, on one line. */
function snippetAround(text: string, index: number, length: number): string {
	const start = Math.max(0, index - 50);
	const end = Math.min(text.length, index + length + 70);
	const body = text.slice(start, end).replace(/\s+/g, ' ').trim();
	return `${start > 0 ? '…' : ''}${body}${end < text.length ? '…' : ''}`;
}
