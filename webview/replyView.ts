import type {
	ErrorAction, ReplyError, ReplyMeta, ReplyStatus, ReplyVersionsView, ReplyView as ReplyData, ToolCallView, TurnDelta, TurnRetrying, TurnView,
} from '../src/protocol/messages';
import { decorateCodeBlock } from './codeBlock';
import { button, element, icon } from './element';
import { isKeyOf } from './isKeyOf';
import type { FrameScheduler, FrameTask } from './frameScheduler';
import type { MarkdownRenderer } from './render/markdown';
import { StreamingMarkdown } from './render/streamingMarkdown';
import { replyFacts, retryLabel, servedLabel } from './replyFacts';

/** Timers and time, injected so tests can drive them. */
export interface Clock {
	now(): number;
	setTimeout(callback: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
}

export interface ReplyViewDeps {
	readonly document: Document;
	readonly markdown: MarkdownRenderer;
	readonly scheduler: FrameScheduler;
	readonly clock: Clock;
}

/** What a turn shows of its reply: the reply, where it sits among the versions, why the latest retry did not replace it. */
export type ReplyState = Pick<TurnView, 'reply' | 'versions' | 'retryFailed'>;

/** What happened to a delta: applied, a duplicate of one already applied, or one arrived out of order. */
export type DeltaResult = 'applied' | 'stale' | 'gap';

const actionLabels: Readonly<Record<ErrorAction, string>> = {
	retry: 'Retry',
	setApiKey: 'Set API Key',
	useFluxAuto: 'Use flux-auto',
	openSettings: 'Open Settings',
};

/** The error action an `error-action` button stands for, if it is one this view drew. */
export function errorActionOf(control: Element): ErrorAction | undefined {
	const action = control.getAttribute('data-error-action') ?? '';
	return isKeyOf(actionLabels, action) ? action : undefined;
}

const statusLabels: Partial<Readonly<Record<ReplyStatus, { icon: string; text: string }>>> = {
	stopped: { icon: 'debug-stop', text: 'Stopped' },
	incomplete: { icon: 'warning', text: 'Incomplete: the connection ended early' },
};

/**
 * One reply in the transcript: the answer rendered as it streams, a collapsed Thinking section,
 * who answered, what it cost, and what went wrong. Deltas are buffered and drawn at most once per
 * animation frame.
 */
export class ReplyView implements FrameTask {
	readonly element: HTMLElement;
	private status: ReplyStatus;
	private nextSeq: number;
	private source: string;
	private reasoningText: string;
	private pendingReasoning = '';
	private meta: ReplyMeta | undefined;
	private retry: TurnRetrying | undefined;
	private retryTimer: unknown;
	private last = false;
	/** Some reply in the conversation is in flight: no turn can be run again until it ends. */
	private conversationBusy = false;
	/** The error offers Retry, which makes Regenerate redundant. */
	private offersRetry = false;
	/** The reply carries the reason it ended (shown in place of the status label). */
	private hasReason = false;
	/** Where the shown reply sits among the turn's versions, when there are several. */
	private versionsShown: ReplyVersionsView | undefined;
	private readonly answer: StreamingMarkdown;
	private readonly parts: {
		readonly model: HTMLElement;
		readonly waiting: HTMLElement;
		readonly retrying: HTMLElement;
		readonly tools: HTMLElement;
		readonly notices: HTMLElement;
		readonly thinking: HTMLDetailsElement;
		readonly thinkingText: HTMLElement;
		readonly status: HTMLElement;
		readonly error: HTMLElement;
		readonly retryFailed: HTMLElement;
		readonly facts: HTMLElement;
		readonly pager: HTMLElement;
		readonly pagerText: HTMLElement;
		readonly previous: HTMLElement;
		readonly next: HTMLElement;
		readonly footer: HTMLElement;
		readonly copy: HTMLElement;
		readonly regenerate: HTMLElement;
		readonly retryWith: HTMLElement;
	};

	constructor(readonly turnId: string, state: ReplyState, private readonly deps: ReplyViewDeps) {
		const reply = state.reply;
		const doc = deps.document;
		const body = element(doc, 'div', { className: 'markdown reply-body' });
		const thinkingText = element(doc, 'div', { className: 'thinking-text' });
		this.parts = {
			model: element(doc, 'span', { className: 'reply-model' }),
			waiting: element(doc, 'div', { className: 'reply-waiting' }, [icon(doc, 'loading', 'codicon-modifier-spin'), ' Waiting for a reply…']),
			retrying: element(doc, 'div', { className: 'reply-retrying', hidden: true }),
			tools: element(doc, 'div', { className: 'reply-tools', hidden: true }),
			notices: element(doc, 'ul', { className: 'reply-notices', hidden: true }),
			thinking: element(doc, 'details', { className: 'reply-thinking', hidden: true }, [
				element(doc, 'summary', { text: 'Thinking' }),
				thinkingText,
			]) as HTMLDetailsElement,
			thinkingText,
			status: element(doc, 'div', { className: 'reply-status', hidden: true }),
			error: element(doc, 'div', { className: 'reply-error', hidden: true }),
			retryFailed: element(doc, 'div', { className: 'reply-error reply-retry-failed', hidden: true }),
			facts: element(doc, 'span', { className: 'reply-facts' }),
			pager: element(doc, 'span', { className: 'reply-versions', hidden: true, attrs: { role: 'group', 'aria-label': 'Versions of this reply' } }),
			pagerText: element(doc, 'span', { className: 'reply-versions-text' }),
			previous: button(doc, { label: 'Previous version', icon: 'chevron-left', action: 'version-previous', appearance: 'icon' }),
			next: button(doc, { label: 'Next version', icon: 'chevron-right', action: 'version-next', appearance: 'icon' }),
			footer: element(doc, 'div', { className: 'reply-footer' }),
			copy: button(doc, { label: 'Copy', icon: 'copy', action: 'copy-reply', appearance: 'icon', hidden: true }),
			regenerate: button(doc, { label: 'Regenerate', icon: 'refresh', action: 'regenerate', appearance: 'icon', hidden: true }),
			// Per-turn escalation, on any reply: this turn only, later turns keep their model.
			retryWith: element(doc, 'span', { className: 'reply-retry-with', hidden: true }, [
				button(doc, { label: 'Retry with a stronger model', icon: 'arrow-up', action: 'retry-stronger', appearance: 'icon' }),
				button(doc, { label: 'Retry with a faster model', icon: 'zap', action: 'retry-faster', appearance: 'icon' }),
				button(doc, { label: 'Retry with a model…', icon: 'ellipsis', action: 'retry-choose', appearance: 'icon' }),
			]),
		};
		this.element = element(doc, 'article', { className: 'turn reply', attrs: { 'aria-label': 'Flux' } }, [
			element(doc, 'div', { className: 'turn-header' }, [
				element(doc, 'span', { className: 'turn-avatar' }, [icon(doc, 'sparkle')]),
				element(doc, 'span', { className: 'turn-author', text: 'Flux' }),
				this.parts.model,
			]),
			this.parts.waiting,
			this.parts.retrying,
			this.parts.thinking,
			this.parts.tools,
			body,
			this.parts.notices,
			this.parts.status,
			this.parts.error,
			this.parts.retryFailed,
			this.parts.footer,
		]);
		this.parts.pager.append(this.parts.previous, this.parts.pagerText, this.parts.next);
		this.parts.footer.append(this.parts.pager, this.parts.facts, element(doc, 'span', { className: 'reply-actions' }, [this.parts.copy, this.parts.regenerate, this.parts.retryWith]));
		this.answer = new StreamingMarkdown(body, deps.markdown, { decorateCode: decorateCodeBlock });
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

	/** What a screen reader hears when the reply ends. */
	get announcement(): string {
		switch (this.status) {
			case 'error': return `Flux: ${this.parts.error.querySelector('.reply-error-message')?.textContent ?? 'the reply failed'}`;
			case 'stopped': return 'Flux reply stopped';
			case 'incomplete': return `Flux reply incomplete: ${this.parts.error.hidden ? 'the connection ended early' : this.parts.error.querySelector('.reply-error-message')?.textContent ?? ''}`;
			default: return 'Flux replied';
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
		this.deps.scheduler.schedule(this);
		return 'applied';
	}

	applyRetrying(retry: TurnRetrying): void {
		this.stopRetrying();
		this.retry = retry;
		this.parts.retrying.hidden = false;
		this.parts.waiting.hidden = true;
		this.tick();
	}

	/** Adds a tool call's card, or updates it when the call finishes. */
	applyTool(call: ToolCallView): void {
		const doc = this.deps.document;
		const card = toolCard(doc, call);
		const existing = [...this.parts.tools.children].find((c) => c.getAttribute('data-call-id') === call.id);
		if (existing) existing.replaceWith(card);
		else this.parts.tools.append(card);
		this.parts.tools.hidden = false;
	}

	addNotice(text: string): void {
		this.parts.notices.append(element(this.deps.document, 'li', {}, [icon(this.deps.document, 'info'), ` ${text}`]));
		this.parts.notices.hidden = false;
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

	/** The version shown now (and where it is among them), when the turn has several. */
	get versions(): ReplyVersionsView | undefined {
		return this.versionsShown;
	}

	/**
	 * The turn's versions (the `< 2/3 >` pager) and, when its latest retry did not replace the
	 * answer shown, why, with that failure's actions.
	 */
	private setVersions(versions: ReplyVersionsView | undefined, retryFailed: ReplyError | undefined): void {
		this.versionsShown = versions && versions.count > 1 ? versions : undefined;
		if (this.versionsShown) {
			const { index, count } = this.versionsShown;
			this.parts.pagerText.textContent = `${index + 1}/${count}`;
			this.parts.pagerText.setAttribute('aria-label', `Version ${index + 1} of ${count}`);
			toggleDisabled(this.parts.previous, index === 0);
			toggleDisabled(this.parts.next, index === count - 1);
		}
		this.parts.retryFailed.hidden = !retryFailed;
		if (retryFailed) this.parts.retryFailed.replaceChildren(...reasonParts(this.deps.document, 'warning', retryFailed));
		this.showPager();
	}

	/** Whether this is the last reply (which offers Regenerate), and whether any reply is in flight. */
	setLast(last: boolean, conversationBusy = false): void {
		this.last = last;
		this.conversationBusy = conversationBusy;
		this.parts.regenerate.hidden = !last || this.inFlight || this.offersRetry;
		this.parts.retryWith.hidden = this.inFlight || conversationBusy;
		this.showPager();
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

	private applyReply(reply: ReplyData): void {
		this.meta = reply.meta ?? (reply.status === 'waiting' ? undefined : this.meta);
		this.parts.tools.replaceChildren();
		this.parts.tools.hidden = true;
		for (const call of reply.tools ?? []) this.applyTool(call);
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
		const facts = this.inFlight ? [] : replyFacts(this.meta, reply.usage);
		this.parts.facts.textContent = facts.join(' · ');
		this.updateFooter();
		this.parts.error.hidden = !error;
		if (error) {
			this.parts.error.replaceChildren(...reasonParts(this.deps.document, reply.status === 'error' ? 'error' : 'warning', error));
		}
	}

	private setStatus(status: ReplyStatus): void {
		this.status = status;
		this.parts.waiting.hidden = status !== 'waiting' || this.retry !== undefined;
		// The reason, when there is one, says more than the generic label.
		const label = this.hasReason ? undefined : statusLabels[status];
		this.parts.status.hidden = !label;
		if (label) this.parts.status.replaceChildren(icon(this.deps.document, label.icon), ` ${label.text}`);
		this.parts.copy.hidden = this.inFlight || !this.source;
		this.parts.regenerate.hidden = !this.last || this.inFlight || this.offersRetry;
		this.parts.retryWith.hidden = this.inFlight || this.conversationBusy;
		this.element.setAttribute('aria-busy', String(this.inFlight));
		this.showPager();
	}

	/** Paging while this reply is written would hide it; while another one is, it is fine. */
	private showPager(): void {
		this.parts.pager.hidden = !this.versionsShown || this.inFlight;
		this.updateFooter();
	}

	/** An empty footer would leave a gap under errors and waiting replies. */
	private updateFooter(): void {
		this.parts.footer.hidden = !this.parts.facts.textContent && this.parts.copy.hidden && this.parts.regenerate.hidden && this.parts.retryWith.hidden && this.parts.pager.hidden;
	}

	private showMeta(): void {
		const meta = this.meta;
		this.parts.model.textContent = meta ? servedLabel(meta) : '';
		if (meta) this.parts.model.title = `Asked for ${meta.requestedModel}; ${meta.routed ? 'the router chose' : 'served by'} ${meta.servedModel}`;
		this.element.setAttribute('aria-label', meta ? `Flux, ${meta.servedModel}` : 'Flux');
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

	/** Redraws the countdown, then again on the next whole second until the retry starts. */
	private tick(): void {
		const retry = this.retry;
		if (!retry) return;
		const now = this.deps.clock.now();
		this.parts.retrying.replaceChildren(icon(this.deps.document, 'sync'), ` ${retryLabel(retry, now)}`);
		const left = retry.retryAt - now;
		if (left <= 0) return;
		this.retryTimer = this.deps.clock.setTimeout(() => this.tick(), left % 1000 || 1000);
	}

	private stopRetrying(): void {
		if (this.retry === undefined) return; // every delta comes through here: keep it free
		if (this.retryTimer !== undefined) this.deps.clock.clearTimeout(this.retryTimer);
		this.retryTimer = undefined;
		this.retry = undefined;
		this.parts.retrying.hidden = true;
		this.parts.waiting.hidden = this.status !== 'waiting';
	}
}

function toggleDisabled(control: HTMLElement, disabled: boolean): void {
	if (disabled) control.setAttribute('disabled', '');
	else control.removeAttribute('disabled');
}

const toolStatusIcons: Readonly<Record<ToolCallView['status'], string>> = {
	running: 'loading codicon-modifier-spin',
	done: 'check',
	error: 'error',
	cancelled: 'circle-slash',
};

/** A compact, collapsible card: tool and result on one line; the arguments inside. */
function toolCard(doc: Document, call: ToolCallView): HTMLElement {
	const duration = call.durationMs === undefined ? '' : ` · ${call.durationMs < 1000 ? `${call.durationMs} ms` : `${(call.durationMs / 1000).toFixed(1)} s`}`;
	const outcome = call.status === 'running' ? 'running…' : call.status === 'cancelled' ? 'cancelled' : call.summary ?? '';
	let args = call.arguments;
	try {
		args = JSON.stringify(JSON.parse(call.arguments), null, 2);
	} catch {
		// shown as the model sent it
	}
	return element(doc, 'details', { className: `tool-card tool-${call.status}`, attrs: { 'data-call-id': call.id } }, [
		element(doc, 'summary', {}, [
			icon(doc, toolStatusIcons[call.status]),
			element(doc, 'span', { className: 'tool-name', text: call.name }),
			element(doc, 'span', { className: 'tool-outcome', text: `${outcome}${duration}` }),
		]),
		element(doc, 'pre', { className: 'tool-arguments', text: args || '{}' }),
	]);
}

/** Why a reply ended as it did (or why a retry did not replace it): an icon, the message, its actions. */
function reasonParts(doc: Document, iconName: 'error' | 'warning', reason: ReplyError): HTMLElement[] {
	return [
		icon(doc, iconName),
		element(doc, 'span', { className: 'reply-error-message', text: reason.message }),
		element(doc, 'span', { className: 'reply-error-actions' }, reason.actions.map((action, index) => button(doc, {
			label: actionLabels[action],
			action: 'error-action',
			appearance: index === 0 ? 'primary' : 'secondary',
			attrs: { 'data-error-action': action },
		}))),
	];
}
