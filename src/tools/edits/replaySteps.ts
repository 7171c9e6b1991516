import { applyEdit } from './editMatcher';
import { toLf } from './editText';
import { sameText, type ProposalStep } from './proposedChanges';

/** What making a refused change again on the file as it is now gives. */
export type Replay =
	| { readonly kind: 'remade'; readonly text: string }
	/** The file already holds the change (it was written another way meanwhile): nothing to do. */
	| { readonly kind: 'present' }
	/** A step no longer fits the file. */
	| { readonly kind: 'misfit' };

/**
 * Replays the model's recorded steps on `current` (undefined: the file does not exist). A step
 * the file already holds is skipped rather than applied again: an edit whose new_text is there
 * while its old_text is found only inside that new_text (an insertion that was already made), or
 * a whole new text equal to the file. Without that check, an insertion would be added twice.
 */
export function replaySteps(current: string | undefined, steps: readonly ProposalStep[]): Replay {
	let text = current;
	for (const step of steps) {
		if (step.kind === 'create') {
			text = step.content;
			continue;
		}
		if (text === undefined) return { kind: 'misfit' };
		if (holds(text, step)) continue;
		const outcome = applyEdit(text, step);
		if (!outcome.ok) return { kind: 'misfit' };
		text = outcome.text;
	}
	if (text === undefined) return { kind: 'misfit' };
	return current !== undefined && sameText(text, current) ? { kind: 'present' } : { kind: 'remade', text };
}

/** True when `text` already holds the step's result: its new_text, and its old_text only within it. */
function holds(text: string, step: { readonly old_text: string; readonly new_text: string }): boolean {
	const file = toLf(text);
	const added = toLf(step.new_text);
	if (added === '' || !file.includes(added)) return false;
	return !file.split(added).join('\u0000').includes(toLf(step.old_text));
}
