import { judge, loadCorpus, viaExactOnly, viaMatcher } from '../unit/tools/edits/editCorpus';
import type { CorpusEntry, Verdict } from '../unit/tools/edits/editCorpus';

/**
 * The edit corpus (test/fixtures/edits/) through our matcher and through exact matching alone
 * (replace when old_text occurs once, else refuse), in the same run. Prints the share each gets
 * right (the expected file, or a refusal where one is expected) and how many edits each applied
 * wrongly. Target: zero wrong for the matcher; exits 1 otherwise.
 */

type Apply = (entry: CorpusEntry) => string | null;

function tally(corpus: readonly CorpusEntry[], apply: Apply): { counts: Record<Verdict, number>; wrong: string[] } {
	const counts: Record<Verdict, number> = { correct: 0, refused: 0, wrong: 0 };
	const wrong: string[] = [];
	for (const entry of corpus) {
		const verdict = judge(entry, apply(entry));
		counts[verdict]++;
		if (verdict === 'wrong') wrong.push(entry.name);
	}
	return { counts, wrong };
}

const percent = (n: number, of: number): string => `${((100 * n) / of).toFixed(1)}%`;

const corpus = loadCorpus();
const ours = tally(corpus, viaMatcher);
const exact = tally(corpus, viaExactOnly);
const applicable = corpus.filter((e) => e.expected !== null).length;
console.log(`corpus: ${corpus.length} edit_file calls (${applicable} should apply, ${corpus.length - applicable} should be refused)`);
for (const [label, { counts }] of [['matcher', ours], ['exact only', exact]] as const) {
	console.log(`${label.padEnd(10)}  correct ${percent(counts.correct, corpus.length).padStart(6)} (${counts.correct}/${corpus.length})  missed ${counts.refused}  wrong ${counts.wrong}`);
}
const byStyle = new Map<string, { total: number; ours: number; exact: number }>();
for (const entry of corpus) {
	const row = byStyle.get(entry.style) ?? { total: 0, ours: 0, exact: 0 };
	row.total++;
	if (judge(entry, viaMatcher(entry)) === 'correct') row.ours++;
	if (judge(entry, viaExactOnly(entry)) === 'correct') row.exact++;
	byStyle.set(entry.style, row);
}
for (const [style, row] of [...byStyle].sort()) {
	console.log(`  ${style.padEnd(16)} ${row.ours}/${row.total} matcher, ${row.exact}/${row.total} exact only`);
}
if (exact.wrong.length) console.log(`exact only applied wrongly: ${exact.wrong.join(', ')}`);
if (ours.wrong.length) {
	console.log(`FAIL: the matcher applied wrongly: ${ours.wrong.join(', ')}`);
	process.exitCode = 1;
} else {
	console.log('matcher applied nothing wrongly (target 0)');
}
