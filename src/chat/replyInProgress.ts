import type { FluxResponseMeta } from '../flux/fluxClient';
import type { HostMessage, ReplyError, ReplyMeta, ReplyUsage, ReplyView, ToolCallView } from '../protocol/messages';

/**
 * The reply of one turn while it is written: every change is kept (`onReply`, so the
 * conversation always holds the latest state) and sent to the view as the matching `turn/*`
 * message. Deltas are numbered per turn so a view can tell when it missed one.
 */
export class ReplyInProgress {
	private current: ReplyView;
	private firstTokenMs: number | undefined;
	private readonly sent = Date.now();

	constructor(
		private readonly turnId: string,
		notices: readonly string[] | undefined,
		private readonly onReply: (reply: ReplyView) => void,
		private readonly emit: (message: HostMessage) => void,
	) {
		this.current = { status: 'waiting', text: '', reasoning: '', deltaSeq: 0, ...(notices?.length ? { notices } : {}) };
	}

	get reply(): ReplyView {
		return this.current;
	}

	/** The response headers arrived: which model is answering. */
	meta(meta: FluxResponseMeta): void {
		this.update({ ...this.current, status: 'streaming', meta: toReplyMeta(meta) });
		this.emit({ type: 'turn/meta', turnId: this.turnId, meta: this.current.meta! });
	}

	delta(delta: { readonly content?: string; readonly reasoning?: string }): void {
		this.firstTokenMs ??= Date.now() - this.sent;
		const r = this.current;
		this.update({ ...r, text: r.text + (delta.content ?? ''), reasoning: r.reasoning + (delta.reasoning ?? ''), deltaSeq: r.deltaSeq + 1 });
		this.emit({ type: 'turn/delta', turnId: this.turnId, seq: r.deltaSeq, ...delta });
	}

	notice(text: string): void {
		this.update({ ...this.current, notices: [...(this.current.notices ?? []), text] });
		this.emit({ type: 'turn/notice', turnId: this.turnId, notice: text });
	}

	/** Adds a tool call's card, or updates it (matched by id). */
	card(card: ToolCallView): void {
		const cards = this.current.tools ?? [];
		this.update({ ...this.current, tools: cards.some((c) => c.id === card.id) ? cards.map((c) => c.id === card.id ? card : c) : [...cards, card] });
		this.emit({ type: 'turn/tool', turnId: this.turnId, call: card });
	}

	/**
	 * The final answer arrived. With `stoppedEarly` (cut off at the length limit, filtered,
	 * refused) it is kept as it is but marked incomplete with the reason, so it is saved, shown and
	 * exported like any other incomplete reply.
	 */
	done(meta: FluxResponseMeta, usage: ReplyUsage, stoppedEarly?: ReplyError): ReplyView {
		const ended = stoppedEarly ? { status: 'incomplete' as const, error: stoppedEarly } : { status: 'done' as const };
		return this.update({ ...this.current, ...ended, meta: this.withFirstToken(toReplyMeta(meta)), usage });
	}

	/** Stop was pressed: the text so far stays, and tools still running are shown cancelled. */
	stopped(): ReplyView {
		const r = this.withFirstTokenReply();
		return this.update({ ...r, status: 'stopped', ...(r.tools ? { tools: r.tools.map(cancelRunning) } : {}) });
	}

	/** Text that arrived stays: the reply is then incomplete rather than failed. */
	failed(error: ReplyError, incomplete: boolean): ReplyView {
		const r = this.withFirstTokenReply();
		return this.update({ ...r, status: incomplete || r.text || r.reasoning ? 'incomplete' : 'error', error });
	}

	private update(next: ReplyView): ReplyView {
		this.current = next;
		this.onReply(next);
		return next;
	}

	private withFirstToken(meta: ReplyMeta): ReplyMeta {
		return this.firstTokenMs === undefined ? meta : { ...meta, firstTokenMs: this.firstTokenMs };
	}

	private withFirstTokenReply(): ReplyView {
		const r = this.current;
		return r.meta ? { ...r, meta: this.withFirstToken(r.meta) } : r;
	}
}

function cancelRunning(card: ToolCallView): ToolCallView {
	return card.status === 'running' ? { ...card, status: 'cancelled' } : card;
}

function toReplyMeta(meta: FluxResponseMeta): ReplyMeta {
	return {
		servedModel: meta.servedModel,
		requestedModel: meta.requestedModel,
		routed: meta.routed,
		...(meta.requestId ? { requestId: meta.requestId } : {}),
	};
}
