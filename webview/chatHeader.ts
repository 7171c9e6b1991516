import type { ContextView, ModelChoiceView, SpendView } from '../src/protocol/messages';
import { button, element, icon } from './element';
import { formatUsd } from './replyFacts';

const integer = new Intl.NumberFormat('en-US');

/**
 * The strip above the transcript: the model this conversation uses (a chip that pins another,
 * with × to unpin), how full the context was at the last request, what the conversation and
 * today cost, the router dividend, and the History button.
 */
export class ChatHeader {
	readonly element: HTMLElement;
	private readonly chip: HTMLElement;
	private readonly chipLabel: HTMLElement;
	private readonly unpin: HTMLElement;
	private readonly meter: HTMLElement;
	private readonly meterFill: HTMLElement;
	private readonly meterText: HTMLElement;
	private readonly spend: HTMLElement;
	private readonly dividend: HTMLElement;

	constructor(private readonly doc: Document) {
		this.chipLabel = element(doc, 'span', { className: 'model-chip-label' });
		this.chip = element(doc, 'button', { className: 'model-chip', action: 'pin-choose', attrs: { type: 'button' } }, [icon(doc, 'sparkle'), this.chipLabel]);
		this.unpin = button(doc, { label: 'Unpin model', icon: 'close', action: 'pin-clear', appearance: 'icon', hidden: true });
		this.meterFill = element(doc, 'span', { className: 'context-meter-fill' });
		this.meterText = element(doc, 'span', { className: 'context-meter-text' });
		this.meter = element(doc, 'span', { className: 'context-meter', hidden: true, attrs: { role: 'meter', 'aria-valuemin': '0', 'aria-valuemax': '100' } }, [
			element(doc, 'span', { className: 'context-meter-bar' }, [this.meterFill]),
			this.meterText,
		]);
		this.spend = element(doc, 'span', { className: 'spend' });
		this.dividend = element(doc, 'span', { className: 'dividend', hidden: true });
		this.element = element(doc, 'header', { className: 'chat-header' }, [
			element(doc, 'div', { className: 'chat-header-row' }, [
				element(doc, 'span', { className: 'model-pin' }, [this.chip, this.unpin]),
				element(doc, 'span', { className: 'spacer' }),
				this.meter,
				button(doc, { label: 'Conversation history', icon: 'history', action: 'history-show', appearance: 'icon' }),
			]),
			// Spend wraps rather than being cut off in a narrow sidebar.
			element(doc, 'div', { className: 'spend-line' }, [this.spend, this.dividend]),
		]);
	}

	setModel(choice: ModelChoiceView): void {
		const pinned = choice.pin !== undefined;
		this.chip.classList.toggle('pinned', pinned);
		this.chip.replaceChildren(icon(this.doc, pinned ? 'pinned' : 'sparkle'), this.chipLabel);
		this.chipLabel.textContent = choice.model;
		const name = `Model for this conversation: ${choice.model}${pinned ? ' (pinned)' : ''}. Change`;
		this.chip.setAttribute('aria-label', name);
		this.chip.title = pinned ? `Pinned for this conversation; the default is ${choice.defaultModel}. Click to change.` : 'Click to pin a model for this conversation.';
		this.unpin.hidden = !pinned;
		this.unpin.setAttribute('aria-label', `Unpin model (use ${choice.defaultModel})`);
		this.unpin.title = `Unpin model (use ${choice.defaultModel})`;
	}

	setContext(context: ContextView | undefined): void {
		this.meter.hidden = !context;
		if (!context) return;
		const percent = Math.min(100, Math.round((context.usedTokens / Math.max(1, context.budgetTokens)) * 100));
		this.meterFill.style.width = `${percent}%`;
		this.meter.classList.toggle('full', percent >= 85);
		this.meterText.textContent = `${percent}% context`;
		let label = `Context: ${integer.format(context.usedTokens)} of ${integer.format(context.budgetTokens)} tokens used by the last request (window ${integer.format(context.windowTokens)})`;
		if (context.summarisedTurns > 0) label += `; ${context.summarisedTurns} older turns summarised`;
		if (context.droppedTurns > 0) label += `; ${context.droppedTurns} older turns left out`;
		this.meter.setAttribute('aria-valuenow', String(percent));
		this.meter.setAttribute('aria-label', label);
		this.meter.title = label;
	}

	setSpend(spend: SpendView): void {
		this.spend.textContent = `This chat ${spend.estimated ? '≈' : ''}${formatUsd(spend.conversationUsd)} · Today ${formatUsd(spend.todayUsd)}`;
		const dividend = spend.dividend;
		this.dividend.hidden = !dividend;
		if (dividend) {
			this.dividend.textContent = dividend.savedUsd >= 0
				? `Router dividend: ≈ ${formatUsd(dividend.savedUsd)} saved vs. ${dividend.baselineModel} (estimate)`
				: `Router dividend: ≈ ${formatUsd(-dividend.savedUsd)} more than ${dividend.baselineModel} (estimate)`;
			this.dividend.title = `The same tokens at that rate would have cost ≈ ${formatUsd(dividend.baselineUsd)}.${dividend.basis ? ` ${dividend.basis}` : ''}`;
		}
	}
}
