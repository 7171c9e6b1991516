import { t } from '../l10n';
import type { ReplyError, ReplyMeta, ReplyStatus, ReplyVersionsView, ReplyView as ReplyData, ToolCallView, TurnDelta, TurnRetrying, TurnView } from '../../src/protocol/messages';
import type { Clock } from '../timing/clock';
import { decorateCodeBlock } from './codeBlock';
import { element, icon } from '../element';
import type { FrameScheduler, FrameTask } from '../timing/frameScheduler';
import type { MarkdownRenderer } from '../render/markdown';
import { StreamingMarkdown } from '../render/streamingMarkdown';
import { ChangeCard } from './changeCard';
import { replyFacts, servedLabel } from './replyFacts';
import { ReplyFooter } from './replyFooter';
import { ReplyReason } from './replyReason';
import { RetryCountdown } from './retryCountdown';
import { ToolCards } from './toolCards';

export interface ReplyViewDeps {
	readonly document: Document;
	readonly markdown: MarkdownRenderer;
	readonly scheduler: FrameScheduler;
	readonly clock: Clock;
	/** Colours a code block drawn plain once it is painted (see StreamingMarkdownOptions.colourLater). */
	readonly colourLater?: (pre: Element) => void;
}

/** What a turn shows of its reply: the reply, where it sits among the versions, why the latest retry did not replace it. */
export type ReplyState = Pick<TurnView, 'reply' | 'versions' | 'retryFailed'>;

/** What happened to a delta: applied, a duplicate of one already applied, or one arrived out of order. */
export type DeltaResult = 'applied' | 'stale' | 'gap';

const statusLabels = (): Partial<Readonly<Record<ReplyStatus, { icon: string; text: string }>>> => ({
	stopped: { icon: 'debug-stop', text: t('Stopped') },
	incomplete: { icon: 'warning', text: t('Incomplete: the connection ended early') },
});

/**
 * One reply in the transcript: the answer rendered as it streams, a collapsed Thinking section,
 * who answered, what it cost, and what went wrong. A delta after a quiet frame is drawn at once;
 * those that follow within a frame are buffered and drawn on the next one.
 */
export class ReplyView implements FrameTask {
	readonly element: HTMLElement;
	private status: ReplyStatus;
	private nextSeq: number;
	private source: string;
	private reasoningText: string;
	private pendingReasoning = '';
	private meta: ReplyMeta | undefined;
	/** The error offers Retry, which makes Regenerate redundant. */
	private offersRetry = false;
	/** The reply carries the reason it ended (shown in place of the status label). */
	private hasReason = false;
	private readonly answer: StreamingMarkdown;
	private readonly tools: ToolCards;
	private readonly countdown: RetryCountdown;
	private readonly error: ReplyReason;
	private readonly retryFailed: ReplyReason;
	private readonly footer: ReplyFooter;
	private readonly changes: ChangeCard;
	private readonly parts: {
		readonly model: HTMLElement;
		readonly waiting: HTMLElement;
		readonly notices: HTMLElement;
		readonly thinking: HTMLDetailsElement;
		readonly thinkingText: HTMLElement;
		readonly status: HTMLElement;
	};

	constructor(readonly turnId: string, state: ReplyState, private readonly deps: ReplyViewDeps) {
		const doc = deps.document;
		const reply = state.reply;
		const body = element(doc, 'div', { className: 'markdown reply-body' });
		const thinkingText = element(doc, 'div', { className: 'thinking-text' });
		this.parts = {
			model: element(doc, 'span', { className: 'reply-model' }),
			waiting: element(doc, 'div', { className: 'reply-waiting' }, [icon(doc, 'loading', 'codicon-modifier-spin'), ' Waiting for a reply…']),
			notices: element(doc, 'ul', { className: 'reply-notices', hidden: true }),
			thinking: element(doc, 'details', { className: 'reply-thinking', hidden: true }, [
				element(doc, 'summary', { text: t('Thinking') }),
				thinkingText,
			]) as HTMLDetailsElement,
			thinkingText,
			status: element(doc, 'div', { className: 'reply-status', hidden: true }),
		};
		this.tools = new ToolCards(doc);
		this.countdown = new RetryCountdown(doc, deps.clock);
		this.error = new ReplyReason(doc, 'reply-error');
		this.retryFailed = new ReplyReason(doc, 'reply-error reply-retry-failed');
		this.footer = new ReplyFooter(doc);
		this.changes = new ChangeCard(doc);
		this.element = element(doc, 'article', { className: 'turn reply', attrs: { 'aria-label': t('Flux') } }, [
			element(doc, 'div', { className: 'turn-header' }, [
				element(doc, 'span', { className: 'turn-avatar' }, [icon(doc, 'sparkle')]),
				element(doc, 'span', { className: 'turn-author', text: t('Flux') }),
				this.parts.model,
			]),
			this.parts.waiting,
			this.countdown.element,
			this.parts.thinking,
			this.tools.element,
			body,
			this.parts.notices,
			this.parts.status,
			this.error.element,
			this.retryFailed.element,
			this.changes.element,
			this.footer.element,
		]);
		this.answer = new StreamingMarkdown(body, deps.markdown, { decorateCode: decorateCodeBlock, ...deps.colourLater ? { colourLater: deps.colourLater } : {} });
		this.status = reply.status;
		this.nextSeq = reply.deltaSeq;
		this.source = reply.text;
		this.reasoningText = '';
		this.answer.append(reply.text);
		this.appendReasoning(reply.reasoning);
		this.answer.flush();
		this.applyReply(reply);
		this.setVersions(state.versions, state.retryFailed);
	}

	/**
	 * The host's state of this reply replaces what the view has: at its end (final text, facts,
	 * errors), when the turn starts over (Regenerate, Retry) and when another version is shown.
	 */
	show(state: ReplyState): void {
		this.replaceWith(state.reply);
		this.setVersions(state.versions, state.retryFailed);
	}

	/** True while the reply is on its way (Send waits, Stop applies). */
	get inFlight(): boolean {
		return this.status === 'waiting' || this.status === 'streaming';
	}

	/** The answer's markdown so far, for Copy. */
	get text(): string {
		return this.source;
	}

	/** The version shown now (and where it is among them), when the turn has several. */
	get versions(): ReplyVersionsView | undefined {
		return this.footer.versions;
	}

	/** What a screen reader hears when the reply ends. */
	get announcement(): string {
		switch (this.status) {
			case 'error': return t('Flux: {0}', this.error.message ?? t('the reply failed'));
			case 'stopped': return t('Flux reply stopped');
			case 'incomplete': return t('Flux reply incomplete: {0}', this.error.message ?? t('the connection ended early'));
			default: return t('Flux replied');
		}
	}

	applyMeta(meta: ReplyMeta): void {
		this.meta = meta;
		this.showMeta();
	}

	applyDelta(delta: TurnDelta): DeltaResult {
		if (!this.inFlight || delta.seq < this.nextSeq) return 'stale';
		if (delta.seq > this.nextSeq) return 'gap';
		this.nextSeq++;
		if (this.status === 'waiting') this.setStatus('streaming');
		this.stopRetrying();
		if (delta.content) {
			this.source += delta.content;
			this.answer.append(delta.content);
		}
		if (delta.reasoning) this.pendingReasoning += delta.reasoning;
		this.deps.scheduler.runSoon(this);
		return 'applied';
	}

	applyRetrying(retry: TurnRetrying): void {
		this.countdown.start(retry);
		this.parts.waiting.hidden = true;
	}

	/** Adds a tool call's card, or updates it when the call finishes. */
	applyTool(call: ToolCallView): void {
		this.tools.apply(call);
	}

	addNotice(text: string): void {
		this.parts.notices.append(element(this.deps.document, 'li', {}, [icon(this.deps.document, 'info'), ` ${text}`]));
		this.parts.notices.hidden = false;
	}

	/** Whether this is the last reply (which offers Regenerate), and whether any reply is in flight. */
	setLast(last: boolean, conversationBusy = false): void {
		this.footer.setLast(last, conversationBusy);
	}

	/** Draws what arrived since the last frame. */
	flush(): void {
		this.flushReasoning();
		this.answer.flush();
	}

	dispose(): void {
		this.stopRetrying();
		this.deps.scheduler.cancel(this);
	}

	private replaceWith(reply: ReplyData): void {
		this.stopRetrying();
		this.deps.scheduler.cancel(this);
		this.flushReasoning();
		if (reply.text !== this.source) this.answer.reset(reply.text);
		this.source = reply.text;
		if (reply.reasoning !== this.reasoningText) {
			this.reasoningText = '';
			this.parts.thinkingText.replaceChildren();
			this.appendReasoning(reply.reasoning);
		}
		this.nextSeq = reply.deltaSeq;
		this.applyReply(reply);
	}

	/**
	 * The turn's versions (the `< 2/3 >` pager) and, when its latest retry did not replace the
	 * answer shown, why, with that failure's actions.
	 */
	private setVersions(versions: ReplyVersionsView | undefined, retryFailed: ReplyError | undefined): void {
		this.footer.setVersions(versions);
		this.retryFailed.show(retryFailed, 'warning');
	}

	private applyReply(reply: ReplyData): void {
		this.meta = reply.meta ?? (reply.status === 'waiting' ? undefined : this.meta);
		this.tools.reset(reply.tools ?? []);
		this.changes.show(reply.changes);
		this.parts.notices.replaceChildren();
		this.parts.notices.hidden = true;
		for (const notice of reply.notices ?? []) this.addNotice(notice);
		this.showMeta();
		// Why a reply ended early is shown whatever the status: an interrupted or cut-off reply
		// says what happened ("VS Code closed while…") and offers its Retry, as a failed one does.
		const error = reply.status === 'waiting' || reply.status === 'streaming' ? undefined : reply.error;
		this.hasReason = !!error;
		this.offersRetry = !!error?.actions.includes('retry');
		this.setStatus(reply.status);
		if (!this.inFlight) this.answer.finish();
		this.footer.setFacts(this.inFlight ? [] : replyFacts(this.meta, reply.usage));
		this.error.show(error, reply.status === 'error' ? 'error' : 'warning');
	}

	private setStatus(status: ReplyStatus): void {
		this.status = status;
		this.parts.waiting.hidden = status !== 'waiting' || this.countdown.active;
		// The reason, when there is one, says more than the generic label.
		const label = this.hasReason ? undefined : statusLabels()[status];
		this.parts.status.hidden = !label;
		if (label) this.parts.status.replaceChildren(icon(this.deps.document, label.icon), ` ${label.text}`);
		this.footer.setReply({ inFlight: this.inFlight, hasText: !!this.source, offersRetry: this.offersRetry });
		this.element.setAttribute('aria-busy', String(this.inFlight));
	}

	private showMeta(): void {
		const meta = this.meta;
		this.parts.model.textContent = meta ? servedLabel(meta) : '';
		if (meta) this.parts.model.title = meta.routed ? t('Asked for {0}; the router chose {1}', meta.requestedModel, meta.servedModel) : t('Asked for {0}; served by {1}', meta.requestedModel, meta.servedModel);
		this.element.setAttribute('aria-label', meta ? t('Flux, {0}', meta.servedModel) : t('Flux'));
	}

	private appendReasoning(text: string): void {
		if (!text) return;
		this.reasoningText += text;
		this.parts.thinkingText.append(text); // a node per piece: see appendText
		this.parts.thinking.hidden = false;
	}

	private flushReasoning(): void {
		const text = this.pendingReasoning;
		this.pendingReasoning = '';
		this.appendReasoning(text);
	}

	private stopRetrying(): void {
		if (!this.countdown.active) return; // every delta comes through here: keep it free
		this.countdown.stop();
		this.parts.waiting.hidden = this.status !== 'waiting';
	}
}
