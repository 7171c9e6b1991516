import { t } from '../l10n';
import type { ContextView, ModelChoiceView, SpendView } from '../../src/protocol/messages';
import { button, element, icon } from '../element';
import { formatInteger, formatUsd } from '../format';

/**
 * The one-line strip above the transcript: the model this conversation uses (a chip that pins
 * another, with × to unpin), how full the context was at the last request, what the conversation
 * cost, and the History button. Today's total and the router dividend are in the spend's tooltip
 * and in a small popover that a click on the spend opens (Escape or a click outside closes it):
 * a 300 px sidebar has room for one line, not three.
 */
export class ChatHeader {
	readonly element: HTMLElement;
	private readonly chip: HTMLElement;
	private readonly chipLabel: HTMLElement;
	private readonly unpin: HTMLElement;
	private readonly meter: HTMLElement;
	private readonly meterFill: HTMLElement;
	private readonly meterText: HTMLElement;
	private readonly spend: HTMLButtonElement;
	private readonly details: HTMLElement;
	private readonly detailsConversation: HTMLElement;
	private readonly detailsToday: HTMLElement;
	private readonly dividendBox: HTMLElement;
	private readonly dividend: HTMLElement;
	private readonly dividendBasis: HTMLElement;

	constructor(private readonly doc: Document) {
		this.chipLabel = element(doc, 'span', { className: 'model-chip-label' });
		this.chip = element(doc, 'button', { className: 'model-chip', action: 'pin-choose', attrs: { type: 'button' } }, [icon(doc, 'sparkle'), this.chipLabel]);
		this.unpin = button(doc, { label: t('Unpin model'), icon: 'close', action: 'pin-clear', appearance: 'icon', hidden: true });
		this.meterFill = element(doc, 'span', { className: 'context-meter-fill' });
		this.meterText = element(doc, 'span', { className: 'context-meter-text' });
		this.meter = element(doc, 'span', { className: 'context-meter', hidden: true, attrs: { role: 'meter', 'aria-valuemin': '0', 'aria-valuemax': '100' } }, [
			element(doc, 'span', { className: 'context-meter-bar' }, [this.meterFill]),
			this.meterText,
		]);
		this.spend = element(doc, 'button', { className: 'spend', attrs: { type: 'button', 'aria-haspopup': 'dialog', 'aria-expanded': 'false', 'aria-controls': 'spend-details' } }) as HTMLButtonElement;
		this.detailsConversation = element(doc, 'div', { className: 'spend-details-conversation' });
		this.detailsToday = element(doc, 'div', { className: 'spend-details-today' });
		this.dividend = element(doc, 'div', { className: 'dividend' });
		this.dividendBasis = element(doc, 'div', { className: 'dividend-basis' });
		this.dividendBox = element(doc, 'div', { className: 'spend-details-dividend', hidden: true }, [this.dividend, this.dividendBasis]);
		this.details = element(doc, 'div', { className: 'spend-details', hidden: true, attrs: { id: 'spend-details', role: 'dialog', 'aria-label': t('Spend details'), tabindex: '-1' } }, [
			this.detailsConversation,
			this.detailsToday,
			this.dividendBox,
		]);
		this.element = element(doc, 'header', { className: 'chat-header' }, [
			element(doc, 'div', { className: 'chat-header-row' }, [
				element(doc, 'span', { className: 'model-pin' }, [this.chip, this.unpin]),
				this.meter,
				element(doc, 'span', { className: 'spacer' }),
				this.spend,
				button(doc, { label: t('Conversation history'), icon: 'history', action: 'history-show', appearance: 'icon' }),
			]),
			this.details,
		]);
		this.spend.addEventListener('click', () => this.showDetails(this.details.hidden));
		this.details.addEventListener('keydown', (event) => this.onKeyDown(event));
		this.spend.addEventListener('keydown', (event) => this.onKeyDown(event));
		doc.addEventListener('click', (event) => {
			const target = event.target as Node | null;
			if (!this.details.hidden && target && !this.details.contains(target) && !this.spend.contains(target)) this.showDetails(false);
		});
		// A click anywhere outside the webview (the editor, another view) takes focus from it.
		doc.defaultView?.addEventListener('blur', () => { if (!this.details.hidden) this.showDetails(false); });
	}

	setModel(choice: ModelChoiceView): void {
		const pinned = choice.pin !== undefined;
		this.chip.classList.toggle('pinned', pinned);
		this.chip.replaceChildren(icon(this.doc, pinned ? 'pinned' : 'sparkle'), this.chipLabel);
		this.chipLabel.textContent = choice.model;
		const name = pinned ? t('Model for this conversation: {0} (pinned). Change', choice.model) : t('Model for this conversation: {0}. Change', choice.model);
		this.chip.setAttribute('aria-label', name);
		this.chip.title = pinned ? t('Pinned for this conversation; the default is {0}. Click to change.', choice.defaultModel) : t('Click to pin a model for this conversation.');
		this.unpin.hidden = !pinned;
		this.unpin.setAttribute('aria-label', t('Unpin model (use {0})', choice.defaultModel));
		this.unpin.title = t('Unpin model (use {0})', choice.defaultModel);
	}

	setContext(context: ContextView | undefined): void {
		this.meter.hidden = !context;
		if (!context) return;
		const percent = Math.min(100, Math.round((context.usedTokens / Math.max(1, context.budgetTokens)) * 100));
		this.meterFill.style.width = `${percent}%`;
		this.meter.classList.toggle('full', percent >= 85);
		this.meterText.textContent = `${percent}%`;
		let label = t('Context: {0} of {1} tokens used by the last request (window {2})', formatInteger(context.usedTokens), formatInteger(context.budgetTokens), formatInteger(context.windowTokens));
		if (context.summarisedTurns > 0) label += t('; {0} older turns summarised', context.summarisedTurns);
		if (context.droppedTurns > 0) label += t('; {0} older turns left out', context.droppedTurns);
		this.meter.setAttribute('aria-valuenow', String(percent));
		this.meter.setAttribute('aria-label', label);
		this.meter.title = label;
	}

	setSpend(spend: SpendView): void {
		const conversation = `${spend.estimated ? '≈' : ''}${formatUsd(spend.conversationUsd)}`;
		this.spend.textContent = conversation;
		this.detailsConversation.textContent = spend.estimated ? t('This chat: {0} (partly estimated from lane prices)', conversation) : t('This chat: {0}', conversation);
		this.detailsToday.textContent = t('Today: {0} (every conversation since midnight)', formatUsd(spend.todayUsd));
		const lines = [t('This chat {0}', conversation), t('Today {0}', formatUsd(spend.todayUsd))];
		// The dividend is absent when no reply had a server-reported cost (see chat/usage/spend.ts): an
		// estimate against an estimate would not be a measurement, so nothing is shown.
		const dividend = spend.dividend;
		this.dividendBox.hidden = !dividend;
		if (dividend) {
			this.dividend.textContent = dividend.savedUsd >= 0
				? t('Router dividend: ≈ {0} saved vs. {1} (estimate)', formatUsd(dividend.savedUsd), dividend.baselineModel)
				: t('Router dividend: ≈ {0} more than {1} (estimate)', formatUsd(-dividend.savedUsd), dividend.baselineModel);
			this.dividendBasis.textContent = t('The same tokens at that rate would have cost ≈ {0}.', formatUsd(dividend.baselineUsd)) + (dividend.basis ? ` ${dividend.basis}` : '');
			lines.push(this.dividend.textContent, this.dividendBasis.textContent);
		}
		this.spend.title = `${lines.join('\n')}\n${t('Click for details.')}`;
		this.spend.setAttribute('aria-label', t('Spend: this chat {0}, today {1}. Details', conversation, formatUsd(spend.todayUsd)));
	}

	private showDetails(open: boolean): void {
		this.details.hidden = !open;
		this.spend.setAttribute('aria-expanded', String(open));
		if (open) this.details.focus();
	}

	private onKeyDown(event: KeyboardEvent): void {
		if (event.key !== 'Escape' || this.details.hidden) return;
		event.preventDefault();
		event.stopPropagation();
		this.showDetails(false);
		this.spend.focus();
	}
}
