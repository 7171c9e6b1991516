import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { EditCall } from '../../../../src/tools/edits/editMatcher';
import { applyEdit } from '../../../../src/tools/edits/editMatcher';

// The edit corpus (test/fixtures/edits/, README inside): recorded edit_file calls with the file
// they were made on and the file they should leave (null when the right answer is a refusal).
// Shared by the unit test that guards it in CI and by the benchmark that prints its figures.

export const corpusDir = resolve(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'edits');

export interface CorpusEntry {
	readonly name: string;
	readonly style: string;
	readonly file: string;
	readonly call: EditCall;
	readonly expected: string | null;
}

/** What one way of applying an edit did with an entry. */
export type Verdict = 'correct' | 'refused' | 'wrong';

export function loadCorpus(dir = corpusDir): CorpusEntry[] {
	return readdirSync(dir)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as CorpusEntry);
}

/** Our matcher: the edited file, or null for a refusal. */
export function viaMatcher(entry: CorpusEntry): string | null {
	const outcome = applyEdit(entry.file, entry.call);
	return outcome.ok ? outcome.text : null;
}

/** The baseline: exact matching alone, replacing only when old_text occurs exactly once (or with replace_all, every time). */
export function viaExactOnly(entry: CorpusEntry): string | null {
	const { old_text, new_text, replace_all } = entry.call;
	if (old_text === '') return null;
	const parts = entry.file.split(old_text);
	if (parts.length < 2 || (parts.length > 2 && !replace_all)) return null;
	return parts.join(new_text);
}

/**
 * Correct: the expected file was produced, or a refusal was expected and given. Refused: a
 * missed chance (an expected file not produced, nothing written). Wrong: a file written that
 * differs from the expected one, or written where a refusal was expected.
 */
export function judge(entry: CorpusEntry, result: string | null): Verdict {
	if (result === null) return entry.expected === null ? 'correct' : 'refused';
	return result === entry.expected ? 'correct' : 'wrong';
}
