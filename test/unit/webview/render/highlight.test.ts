import * as assert from 'node:assert/strict';
import { highlightCode, prepareHighlighting, warmUpSample } from '../../../../webview/render/highlight';

describe('prepareHighlighting', () => {
	it('schedules one task per grammar, each running it on a sample that many of its rules match', () => {
		const tasks: (() => void)[] = [];
		prepareHighlighting((task) => tasks.push(task));
		for (const task of tasks) task();
		// A grammar run on an empty text compiles, but its rules only run (and the engine compiles
		// them) on code they match: the sample has to give every grammar some.
		const languages = ['bash', 'c', 'cpp', 'csharp', 'css', 'diff', 'go', 'java', 'javascript', 'json', 'markdown', 'python', 'rust', 'shell', 'sql', 'typescript', 'xml', 'yaml'];
		const coloured = languages.map((language) => ({ language, tokens: (highlightCode(warmUpSample, language)?.match(/class="hljs-/g) ?? []).length }));
		assert.equal(tasks.length, languages.length);
		assert.deepEqual(coloured.filter((c) => c.tokens < 3), []);
	});
});
