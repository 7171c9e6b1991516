import { t } from '../l10n';
import type { TerminalRunView, ToolCallView } from '../../src/protocol/messages';
import { button, element, icon } from '../element';
import { formatDuration } from '../format';

const statusIcons: Readonly<Record<ToolCallView['status'], string>> = {
	awaiting: 'question',
	running: 'loading codicon-modifier-spin',
	done: 'check',
	error: 'error',
	cancelled: 'circle-slash',
	declined: 'circle-slash',
};

/** The workspace tools the model called while writing a reply: a card per call, in order. */
export class ToolCards {
	readonly element: HTMLElement;

	constructor(private readonly doc: Document) {
		this.element = element(doc, 'div', { className: 'reply-tools', hidden: true });
	}

	/** Adds a call's card, or updates it in place when the call finishes. */
	apply(call: ToolCallView): void {
		const card = toolCard(this.doc, call);
		const existing = [...this.element.children].find((c) => c.getAttribute('data-call-id') === call.id);
		if (existing) existing.replaceWith(card);
		else this.element.append(card);
		this.element.hidden = false;
	}

	/** Shows exactly these calls (the host's state of the reply replaces what streamed). */
	reset(calls: readonly ToolCallView[]): void {
		this.element.replaceChildren();
		this.element.hidden = true;
		for (const call of calls) this.apply(call);
	}
}

/** The call a control of a card is about. */
export function toolCallOf(control: Element): string | undefined {
	return control.closest('[data-call-id]')?.getAttribute('data-call-id') ?? undefined;
}

/**
 * A compact, collapsible card: tool and result on one line; the arguments inside. A call waiting
 * for the user's approval is open, so the arguments show above the choices.
 */
function toolCard(doc: Document, call: ToolCallView): HTMLElement {
	const duration = call.durationMs === undefined ? '' : ` · ${formatDuration(call.durationMs)}`;
	const outcome = call.status === 'awaiting' ? t('waiting for your approval')
		: call.status === 'running' ? t('running…')
			: call.status === 'cancelled' ? t('cancelled')
				: call.status === 'declined' ? t('declined')
					: call.terminal ? runOutcome(call.terminal)
						: call.summary ?? '';
	let args = call.arguments;
	try {
		args = JSON.stringify(JSON.parse(call.arguments), null, 2);
	} catch {
		// shown as the model sent it
	}
	const card = element(doc, 'details', { className: `tool-card tool-${call.status}`, attrs: { 'data-call-id': call.id } }, [
		element(doc, 'summary', {}, [
			icon(doc, statusIcons[call.status]),
			element(doc, 'span', { className: 'tool-name', text: call.name }),
			element(doc, 'span', { className: 'tool-outcome', text: `${outcome}${duration}` }),
		]),
		// A command shows as itself (in the approval or the run), not as JSON.
		call.approval?.detail === undefined && !call.terminal ? element(doc, 'pre', { className: 'tool-arguments', text: args || '{}' }) : undefined,
		call.approval ? approvalPart(doc, call) : undefined,
		call.terminal ? terminalPart(doc, call.terminal, call.approval?.detail === undefined) : undefined,
	]);
	if (call.status === 'awaiting') card.setAttribute('open', '');
	return card;
}

/** What the card asks, and its choices while it waits (afterwards, which one was clicked). */
function approvalPart(doc: Document, call: ToolCallView): HTMLElement {
	const approval = call.approval!;
	const chosen = approval.choices.find((c) => c.id === approval.chosen);
	return element(doc, 'div', { className: 'tool-approval' }, [
		approval.detail !== undefined ? element(doc, 'pre', { className: 'tool-command', text: approval.detail }) : undefined,
		element(doc, 'div', { className: 'tool-approval-prompt', text: approval.prompt }),
		call.status === 'awaiting'
			? element(doc, 'div', { className: 'tool-approval-choices' }, approval.choices.map((choice) => button(doc, {
				label: choice.label,
				action: 'tool/decide',
				appearance: choice.allows ? 'primary' : 'secondary',
				attrs: { 'data-choice': choice.id },
			})))
			: chosen ? element(doc, 'div', { className: 'tool-approval-chosen', text: t('You chose: {0}', chosen.label) }) : undefined,
	]);
}

/** How a command ended, for the card's one line. */
function runOutcome(run: TerminalRunView): string {
	if (run.ended === 'timeout') return t('timed out');
	if (run.ended === 'stopped') return t('stopped');
	return run.exitCode === undefined ? t('no exit code') : t('exit code {0}', run.exitCode);
}

/** A command that ran: the command (unless the approval shows it), where and how it ran, and its output. */
function terminalPart(doc: Document, run: TerminalRunView, showCommand: boolean): HTMLElement {
	const where = run.via === 'terminal'
		? t('Ran in the "Flux" terminal, in {0}.', run.folder)
		: t('Ran as a child process of your shell, in {0}: the terminal\'s shell integration did not start.', run.folder);
	return element(doc, 'div', { className: 'tool-run' }, [
		showCommand ? element(doc, 'pre', { className: 'tool-command', text: run.command }) : undefined,
		element(doc, 'div', { className: 'tool-run-facts', text: run.autoRun ? `${where} ${t('It ran without asking: it matches "flux.tools.terminal.autoRun".')}` : where }),
		element(doc, 'pre', { className: 'tool-output', text: run.output || t('(no output)') }),
	]);
}
