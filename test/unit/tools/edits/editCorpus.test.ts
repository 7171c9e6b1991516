import * as assert from 'node:assert/strict';
import { judge, loadCorpus, viaMatcher } from './editCorpus';

describe('edit corpus (test/fixtures/edits)', () => {
	const corpus = loadCorpus();

	it('holds at least 40 recorded calls', () => {
		assert.ok(corpus.length >= 40, `${corpus.length} entries`);
	});

	it('is applied by the matcher exactly as recorded: every expected file reached, every refusal refused', () => {
		const misses = corpus
			.map((entry) => ({ name: entry.name, verdict: judge(entry, viaMatcher(entry)) }))
			.filter((r) => r.verdict !== 'correct');
		assert.deepEqual(misses, []);
	});
});
