import * as assert from 'node:assert/strict';
import { lineHunks, proposedLines, shownLines, splitLines, streamingLines } from '../../../../src/chat/rewrite/hunks';

const original = ['function f() {', '\tconst a = 1;', '\tconst b = 2;', '\treturn a + b;', '}'];
const proposed = ['function f() {', '\tconst a = 10;', '\tconst b = 2;', '\tlog(a);', '\treturn a + b;', '}'];

describe('the hunk model', () => {
	it('finds each change between the original and the proposed lines', () => {
		assert.deepEqual(lineHunks(original, proposed), [
			{ originalStart: 1, original: ['\tconst a = 1;'], proposed: ['\tconst a = 10;'] },
			{ originalStart: 3, original: [], proposed: ['\tlog(a);'] },
		]);
		assert.deepEqual([lineHunks(original, original), lineHunks(['a'], []), lineHunks([], ['a'])], [
			[], [{ originalStart: 0, original: ['a'], proposed: [] }], [{ originalStart: 0, original: [], proposed: ['a'] }],
		]);
	});

	it('shows pending hunks as removed above added, decided ones as the side chosen', () => {
		const hunks = lineHunks(original, proposed);
		const text = (lines: ReturnType<typeof shownLines>) => lines.map((l) => `${{ same: ' ', removed: '-', added: '+' }[l.kind]}${l.hunk ?? ''} ${l.text}`);
		assert.deepEqual({
			pending: text(shownLines(original, hunks, ['pending', 'pending'])),
			mixed: text(shownLines(original, hunks, ['accepted', 'discarded'])),
			other: text(shownLines(original, hunks, ['discarded', 'pending'])),
		}, {
			pending: ['  function f() {', '-0 \tconst a = 1;', '+0 \tconst a = 10;', '  \tconst b = 2;', '+1 \tlog(a);', '  \treturn a + b;', '  }'],
			mixed: ['  function f() {', '  \tconst a = 10;', '  \tconst b = 2;', '  \treturn a + b;', '  }'],
			other: ['  function f() {', '  \tconst a = 1;', '  \tconst b = 2;', '+1 \tlog(a);', '  \treturn a + b;', '  }'],
		});
	});

	it('streams as every original line removed, the new ones below', () => {
		assert.deepEqual(streamingLines(['a', 'b'], ['c']).map((l) => [l.kind, l.text]), [['removed', 'a'], ['removed', 'b'], ['added', 'c']]);
	});

	it('splits any line end, and drops one final line end of the proposal', () => {
		assert.deepEqual([splitLines('a\r\nb\nc\rd'), proposedLines('a\nb\n'), proposedLines('a\n\n'), proposedLines(''), proposedLines('a\r\nb')],
			[['a', 'b', 'c', 'd'], ['a', 'b'], ['a', ''], [''], ['a', 'b']]);
	});
});
