import type { ReplyView, TurnView } from '../protocol/messages';
import { changeSetView, type CardState } from './changeSet';
import { inFlight, questionOf, type Reply, type Turn } from './model';

/**
 * The one place the chat model becomes the webview's types. `deltaSeq` is how many deltas of the
 * reply in flight the view already has (transport state the model does not keep); a finished
 * reply takes no more deltas, so 0 does for it.
 */
export function toTurnView(turn: Turn, deltaSeq = 0, card: CardState = {}): TurnView {
	const versions = versionsOf(turn);
	return {
		...questionOf(turn),
		reply: toReplyView(turn.reply, deltaSeq, card),
		...(versions ? { versions } : {}),
		...(turn.retryFailed ? { retryFailed: turn.retryFailed } : {}),
	};
}

/** A reply as the view shows it: its change set as a card, without the proposed texts. */
export function toReplyView(reply: Reply, deltaSeq = 0, card: CardState = {}): ReplyView {
	const { changes, ...rest } = reply;
	return { ...rest, deltaSeq, ...(changes ? { changes: changeSetView(changes, card) } : {}) };
}

/** Where the shown reply sits among the turn's versions ("2/3"); the attempt in flight counts as the last. */
function versionsOf(turn: Turn): TurnView['versions'] {
	const replies = turn.replies;
	if (!replies) return undefined;
	const running = inFlight(turn.reply);
	const count = replies.length + (running ? 1 : 0);
	if (count < 2) return undefined;
	return { index: running ? replies.length : turn.current ?? replies.length - 1, count };
}
