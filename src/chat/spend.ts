import { strongLanePricePerMillion } from '../flux/pricing';
import type { SpendView } from '../protocol/messages';
import { repliesOf, type Turn } from './model';

/** What the dividend is measured against: every token at the Deep Thought lane's price. */
const dividendBaseline = 'one strong pinned model (Deep Thought rate)';

/**
 * A conversation's spend: the sum of its replies' costs (every version), and the router dividend, i.e. what the
 * same tokens would have cost on one strong pinned model. That baseline is an estimate at the
 * Deep Thought lane price, since the client cannot know a pinned model's own rate.
 */
export function conversationSpend(turns: readonly Turn[], todayUsd: number): SpendView {
	let paid = 0;
	let baseline = 0;
	let estimated = false;
	// Every version of a reply was paid for, not only the one shown.
	for (const reply of turns.flatMap(repliesOf)) {
		const usage = reply.usage;
		if (!usage || usage.costUsd === undefined) continue;
		paid += usage.costUsd;
		baseline += ((usage.promptTokens + usage.completionTokens) * strongLanePricePerMillion) / 1_000_000;
		estimated ||= usage.costSource === 'estimate';
	}
	return {
		conversationUsd: paid,
		todayUsd,
		estimated,
		...(baseline > 0 ? { dividend: { baselineModel: dividendBaseline, baselineUsd: baseline, savedUsd: baseline - paid } } : {}),
	};
}

/** The local calendar day of `time`, as `YYYY-MM-DD`: "today" is the user's day. */
export function localDay(time: number): string {
	const d = new Date(time);
	return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
