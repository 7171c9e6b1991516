import { t } from '../l10n';
import type { ReplyVersionsView } from '../../src/protocol/messages';
import { button, element } from '../element';
import { VersionsPager } from './versionsPager';

/** What of the reply decides which of its actions the footer offers. */
export interface FooterReply {
	/** The reply is being written: nothing is offered, not even the pager. */
	readonly inFlight: boolean;
	/** There is an answer to copy. */
	readonly hasText: boolean;
	/** Its error offers Retry, which makes Regenerate redundant. */
	readonly offersRetry: boolean;
}

/**
 * Under a reply: the versions pager, the small print (tokens, cost…) and what can be done with
 * the reply: Copy; Regenerate on the last reply; Retry with another model on any reply, while no
 * reply is in flight. An empty footer hides, so it leaves no gap under errors and waiting replies.
 */
export class ReplyFooter {
	readonly element: HTMLElement;
	private readonly pager: VersionsPager;
	private readonly facts: HTMLElement;
	private readonly copy: HTMLElement;
	private readonly regenerate: HTMLElement;
	private readonly retryWith: HTMLElement;
	private reply: FooterReply = { inFlight: false, hasText: false, offersRetry: false };
	private last = false;
	/** Some reply in the conversation is in flight: no turn can be run again until it ends. */
	private conversationBusy = false;

	constructor(doc: Document) {
		this.pager = new VersionsPager(doc);
		this.facts = element(doc, 'span', { className: 'reply-facts' });
		this.copy = button(doc, { label: t('Copy'), icon: 'copy', action: 'copy-reply', appearance: 'icon', hidden: true });
		this.regenerate = button(doc, { label: t('Regenerate'), icon: 'refresh', action: 'regenerate', appearance: 'icon', hidden: true });
		// Per-turn escalation, on any reply: this turn only, later turns keep their model.
		this.retryWith = element(doc, 'span', { className: 'reply-retry-with', hidden: true }, [
			button(doc, { label: t('Retry with a stronger model'), icon: 'arrow-up', action: 'retry-stronger', appearance: 'icon' }),
			button(doc, { label: t('Retry with a faster model'), icon: 'zap', action: 'retry-faster', appearance: 'icon' }),
			button(doc, { label: t('Retry with a model…'), icon: 'ellipsis', action: 'retry-choose', appearance: 'icon' }),
		]);
		this.element = element(doc, 'div', { className: 'reply-footer' }, [
			this.pager.element,
			this.facts,
			element(doc, 'span', { className: 'reply-actions' }, [this.copy, this.regenerate, this.retryWith]),
		]);
	}

	/** The version shown (and where it is among them), when the turn has several. */
	get versions(): ReplyVersionsView | undefined {
		return this.pager.versions;
	}

	setVersions(versions: ReplyVersionsView | undefined): void {
		this.pager.set(versions);
		this.update();
	}

	setReply(reply: FooterReply): void {
		this.reply = reply;
		this.update();
	}

	/** The small print under a finished reply. */
	setFacts(facts: readonly string[]): void {
		this.facts.textContent = facts.join(' · ');
		this.update();
	}

	/** Whether this is the last reply (which offers Regenerate), and whether any reply is in flight. */
	setLast(last: boolean, conversationBusy: boolean): void {
		this.last = last;
		this.conversationBusy = conversationBusy;
		this.update();
	}

	private update(): void {
		const { inFlight, hasText, offersRetry } = this.reply;
		this.copy.hidden = inFlight || !hasText;
		this.regenerate.hidden = !this.last || inFlight || offersRetry;
		this.retryWith.hidden = inFlight || this.conversationBusy;
		// Paging while this reply is written would hide it; while another one is, it is fine.
		this.pager.element.hidden = !this.pager.versions || inFlight;
		this.element.hidden = !this.facts.textContent && this.copy.hidden && this.regenerate.hidden && this.retryWith.hidden && this.pager.element.hidden;
	}
}
