import { t } from '@vscode/l10n';
import { strongLanePricePerMillion } from '../../flux/pricing/pricing';
import type { SpendView } from '../../protocol/messages';
import { repliesOf, type Turn } from '../model';

/** What the dividend is measured against, in words the view shows as they are (a function: t() reads the bundle activate() sets up). */
const dividendBaseline = (): string => t('one strong pinned model (Deep Thought rate)');
/** Which figures go into it, for the view's tooltip. */
const dividendBasis = (): string => t('Compares the replies FluxRouter reported a cost for with the same tokens at ${0} per 1M; estimated replies are left out.', strongLanePricePerMillion);

/**
 * A conversation's spend: the sum of its replies' costs (every version, and stopped or failed
 * replies for what they used), and the router dividend: what the same tokens would have cost on
 * one strong pinned model, against what FluxRouter said they did cost. The dividend is computed
 * only from replies whose every request had a server-reported cost (header or `usage.cost_usd`):
 * an estimate against an estimate would be a constant ratio of the lanes, not a measurement. With
 * no such reply it is absent, and the view hides it.
 */
export function conversationSpend(turns: readonly Turn[], todayUsd: number): SpendView {
	let paid = 0;
	let reportedPaid = 0;
	let baseline = 0;
	let estimated = false;
	// Every version of a reply was paid for, not only the one shown.
	for (const reply of turns.flatMap(repliesOf)) {
		const usage = reply.usage;
		if (!usage || usage.costUsd === undefined) continue;
		paid += usage.costUsd;
		if (usage.costSource === 'estimate' || usage.costSource === undefined) {
			estimated = true;
			continue;
		}
		reportedPaid += usage.costUsd;
		baseline += ((usage.promptTokens + usage.completionTokens) * strongLanePricePerMillion) / 1_000_000;
	}
	return {
		conversationUsd: paid,
		todayUsd,
		estimated,
		...(baseline > 0 ? { dividend: { baselineModel: dividendBaseline(), baselineUsd: baseline, savedUsd: baseline - reportedPaid, basis: dividendBasis() } } : {}),
	};
}

/** The local calendar day of `time`, as `YYYY-MM-DD`: "today" is the user's day. */
export function localDay(time: number): string {
	const d = new Date(time);
	return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
