import { t } from '../l10n';
import type { ReplyMeta, ReplyUsage, TurnRetrying } from '../../src/protocol/messages';
import { formatDuration, formatInteger, formatUsd } from '../format';

/** The small print under a finished reply: tokens, time to first token, cost. */
export function replyFacts(meta: ReplyMeta | undefined, usage: ReplyUsage | undefined): string[] {
	const facts: string[] = [];
	// Which id was asked shows when it was not the router's default: a pin or a per-turn retry.
	if (meta && meta.requestedModel !== 'flux-auto') facts.push(t('asked {0}', meta.requestedModel));
	if (usage) facts.push(t('{0} + {1} tokens', formatInteger(usage.promptTokens), formatInteger(usage.completionTokens)));
	if (meta?.firstTokenMs !== undefined) facts.push(t('first token {0}', formatDuration(meta.firstTokenMs)));
	const cost = usage ? formatCost(usage) : undefined;
	if (cost) facts.push(cost);
	return facts;
}

/** `$0.0004`; an estimate says so, since it may differ from what is billed. */
export function formatCost(usage: ReplyUsage): string | undefined {
	if (usage.costUsd === undefined) return undefined;
	const cost = usage.costUsd;
	const amount = formatUsd(cost);
	return usage.costSource === 'estimate' ? t('≈{0} (estimate)', amount) : amount;
}

/** Who answered: "claude-haiku · routed" or "gpt-4o · pinned". */
export function servedLabel(meta: ReplyMeta): string {
	return meta.routed ? t('{0} · routed', meta.servedModel) : t('{0} · pinned', meta.servedModel);
}

/** "Retrying in 3 s (attempt 1 of 5): rate limited". */
export function retryLabel(retry: TurnRetrying, now: number): string {
	const seconds = Math.max(0, Math.ceil((retry.retryAt - now) / 1000));
	return seconds > 0
		? t('Retrying in {0} s (attempt {1} of {2}): {3}', seconds, retry.attempt, retry.maxAttempts, retry.reason)
		: t('Retrying now (attempt {0} of {1}): {2}', retry.attempt, retry.maxAttempts, retry.reason);
}
