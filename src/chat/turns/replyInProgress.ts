import type { FluxResponseMeta } from '../../flux/fluxClient';
import type { HostMessage, ReplyError, ReplyMeta, ReplyUsage, ReplyView, ToolCallView } from '../../protocol/messages';
import { cancelUnfinished } from '../model';

/** The host's clock and timer for coalescing streamed text; tests pass a fake one. */
export interface FrameTimer {
	/** Milliseconds from any fixed origin. */
	now(): number;
	/** Calls `callback` after `ms`; the function returned cancels it. */
	schedule(callback: () => void, ms: number): () => void;
}

/** A position in a reply's text and reasoning. */
export interface StreamMark {
	readonly text: number;
	readonly reasoning: number;
}

/** `performance.now()` and `setTimeout`. */
export const realFrameTimer: FrameTimer = {
	now: () => performance.now(),
	schedule: (callback, ms) => {
		const timer = setTimeout(callback, ms);
		return () => clearTimeout(timer);
	},
};

/**
 * The shortest time between two `turn/delta`s of a reply: one frame at 60 Hz. The view repaints
 * at most once a frame anyway, so posting more often only costs the host serialising messages
 * nobody sees sooner.
 */
export const deltaFrameMs = 1000 / 60;

/**
 * The reply of one turn while it is written: every change is kept (`onReply`, so the
 * conversation always holds the latest state) and sent to the view as the matching `turn/*`
 * message. Deltas are numbered per turn so a view can tell when it missed one.
 *
 * Streamed text is coalesced: the first delta after a quiet frame is posted at once (no added
 * latency to the first token), later ones wait until a frame has passed since the last post and
 * go out as one `turn/delta` (with the delta that finds the frame over, or on a timer when the
 * stream pauses). Text still waiting is kept out of the held reply until it is
 * posted, so the reply the conversation holds with a given `deltaSeq` is always exactly what a
 * view has after deltas 0..deltaSeq-1; a snapshot taken at any moment needs no flush. Every
 * other message of the turn, and every end of it, posts the waiting text first so order is kept.
 */
export class ReplyInProgress {
	private current: ReplyView;
	private firstTokenMs: number | undefined;
	private readonly sent = Date.now();
	private pendingText = '';
	private pendingReasoning = '';
	private cancelFlush: (() => void) | undefined;
	private lastPostAt = -Infinity;

	constructor(
		private readonly turnId: string,
		notices: readonly string[] | undefined,
		private readonly onReply: (reply: ReplyView) => void,
		private readonly emit: (message: HostMessage) => void,
		private readonly frames: FrameTimer = realFrameTimer,
	) {
		this.current = { status: 'waiting', text: '', reasoning: '', deltaSeq: 0, ...(notices?.length ? { notices } : {}) };
	}

	get reply(): ReplyView {
		return this.current;
	}

	/** The response headers arrived: which model is answering. */
	meta(meta: FluxResponseMeta): void {
		this.flush();
		this.update({ ...this.current, status: 'streaming', meta: toReplyMeta(meta) });
		this.emit({ type: 'turn/meta', turnId: this.turnId, meta: this.current.meta! });
	}

	/** Streamed text: posted at once after a quiet frame, else with the rest of its frame. */
	delta(delta: { readonly content?: string; readonly reasoning?: string }): void {
		this.firstTokenMs ??= Date.now() - this.sent;
		if (delta.content) this.pendingText += delta.content;
		if (delta.reasoning) this.pendingReasoning += delta.reasoning;
		// The clock is read on every delta, not only when the timer fires: a fast stream keeps the
		// event loop busy enough to starve timers, and the view should still get a frame's text.
		const wait = this.lastPostAt + deltaFrameMs - this.frames.now();
		if (wait <= 0) this.flush();
		else this.cancelFlush ??= this.frames.schedule(() => this.onFrame(), Math.ceil(wait));
	}

	/** Where the streamed text and reasoning stand now, posted or not (see {@link streamedSince}). */
	mark(): StreamMark {
		return { text: this.current.text.length + this.pendingText.length, reasoning: this.current.reasoning.length + this.pendingReasoning.length };
	}

	/** What streamed after `mark`: the part of the reply one request wrote. */
	streamedSince(mark: StreamMark): { readonly text: string; readonly reasoning: string } {
		return {
			text: (this.current.text + this.pendingText).slice(mark.text),
			reasoning: (this.current.reasoning + this.pendingReasoning).slice(mark.reasoning),
		};
	}

	/** Any other message about this turn (e.g. `turn/retrying`): waiting text goes first. */
	send(message: HostMessage): void {
		this.flush();
		this.emit(message);
	}

	notice(text: string): void {
		this.flush();
		this.update({ ...this.current, notices: [...(this.current.notices ?? []), text] });
		this.emit({ type: 'turn/notice', turnId: this.turnId, notice: text });
	}

	/** Adds a tool call's card, or updates it (matched by id). */
	card(card: ToolCallView): void {
		this.flush();
		const cards = this.current.tools ?? [];
		this.update({ ...this.current, tools: cards.some((c) => c.id === card.id) ? cards.map((c) => c.id === card.id ? card : c) : [...cards, card] });
		this.emit({ type: 'turn/tool', turnId: this.turnId, call: card });
	}

	/**
	 * The final answer arrived. With `stoppedEarly` (cut off at the length limit, filtered,
	 * refused) it is kept as it is but marked incomplete with the reason, so it is saved, shown and
	 * exported like any other incomplete reply.
	 */
	done(meta: FluxResponseMeta, usage: ReplyUsage | undefined, stoppedEarly?: ReplyError): ReplyView {
		this.flush();
		const ended = stoppedEarly ? { status: 'incomplete' as const, error: stoppedEarly } : { status: 'done' as const };
		return this.update({ ...this.current, ...ended, meta: this.withFirstToken(toReplyMeta(meta)), ...(usage ? { usage } : {}) });
	}

	/**
	 * Stop was pressed: the text so far stays, and tools still running are shown cancelled.
	 * `usage` is what the requests made so far cost, so the conversation total includes it.
	 */
	stopped(usage?: ReplyUsage): ReplyView {
		this.flush();
		const r = this.withFirstTokenReply();
		return this.update({ ...r, status: 'stopped', ...(r.tools ? { tools: r.tools.map(cancelUnfinished) } : {}), ...(usage ? { usage } : {}) });
	}

	/** Text that arrived stays: the reply is then incomplete rather than failed. `usage` as for `stopped`. */
	failed(error: ReplyError, incomplete: boolean, usage?: ReplyUsage): ReplyView {
		this.flush();
		const r = this.withFirstTokenReply();
		return this.update({ ...r, status: incomplete || r.text || r.reasoning ? 'incomplete' : 'error', error, ...(usage ? { usage } : {}) });
	}

	/** The timer fired: a timer may fire a little early, so the frame is checked again. */
	private onFrame(): void {
		this.cancelFlush = undefined;
		const wait = this.lastPostAt + deltaFrameMs - this.frames.now();
		if (wait > 0) this.cancelFlush = this.frames.schedule(() => this.onFrame(), Math.ceil(wait));
		else this.flush();
	}

	/** Posts the waiting text as one delta and only then holds it in the reply (see the class comment). */
	private flush(): void {
		this.cancelFlush?.();
		this.cancelFlush = undefined;
		const content = this.pendingText;
		const reasoning = this.pendingReasoning;
		if (!content && !reasoning) return;
		this.pendingText = '';
		this.pendingReasoning = '';
		this.lastPostAt = this.frames.now();
		const r = this.current;
		this.update({ ...r, text: r.text + content, reasoning: r.reasoning + reasoning, deltaSeq: r.deltaSeq + 1 });
		this.emit({ type: 'turn/delta', turnId: this.turnId, seq: r.deltaSeq, ...(content ? { content } : {}), ...(reasoning ? { reasoning } : {}) });
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

function toReplyMeta(meta: FluxResponseMeta): ReplyMeta {
	return {
		servedModel: meta.servedModel,
		requestedModel: meta.requestedModel,
		routed: meta.routed,
		...(meta.requestId ? { requestId: meta.requestId } : {}),
	};
}
