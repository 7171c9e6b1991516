import * as assert from 'node:assert/strict';
import { capOutput, OutputBuffer, stripAnsi } from '../../../../src/tools/terminal/commandOutput';

describe('run_command output', () => {
	it('removes colours, cursor moves, titles, shell integration marks and control characters, and keeps the last drawing of a line', () => {
		const raw = [
			'\x1b]633;C\x07\x1b[1;32m✓\x1b[0m passes\r\n',
			'\x1b]0;title\x1b\\\x1b[2K\x1b[1Gprogress 10%\rprogress 50%\rprogress 100%\r\n',
			'bell\x07 back\x08space\ttab\x1b(B\x1b=\r\n',
			'\x9b31mred\x9b0m\n',
			'\x1b]8;;https://example.com\x07link\x1b]8;;\x07\n',
			'\x1b]633;D;0\x07',
		].join('');
		assert.equal(stripAnsi(raw), '✓ passes\nprogress 100%\nbell backspace\ttab\nred\nlink\n');
	});

	it('keeps short output whole', () => {
		assert.equal(capOutput('a\nb\n', 100), 'a\nb\n');
	});

	it('keeps the start and the end of long output at line boundaries, with a line saying what was cut', () => {
		const lines = Array.from({ length: 100 }, (_, i) => `line ${String(i + 1).padStart(3, '0')}`);
		const text = lines.join('\n');
		const capped = capOutput(text, 400);
		const kept = capped.split('\n');
		const marker = kept.findIndex((l) => l.startsWith('[…'));
		const cutLines = 100 - (kept.length - 1);
		assert.deepEqual({
			underCap: capped.length <= 400,
			startsAtTheStart: kept[0], endsAtTheEnd: kept.at(-1),
			wholeLines: kept.filter((_, i) => i !== marker).every((l) => /^line \d{3}$/.test(l)),
			moreOfTheEnd: kept.length - 1 - marker > marker,
			marker: kept[marker],
		}, {
			underCap: true, startsAtTheStart: 'line 001', endsAtTheEnd: 'line 100', wholeLines: true, moreOfTheEnd: true,
			marker: `[… ${cutLines} lines, ${text.length - capped.length + kept[marker].length + 1} characters cut from the middle of the output …]`,
		});
	});

	it('cuts a single huge line where it must, saying how many characters went', () => {
		assert.equal(capOutput('x'.repeat(1000), 200), `${'x'.repeat(40)}\n[… 880 characters cut from the middle of the output …]\n${'x'.repeat(80)}`);
	});

	it('collects streamed output in bounded memory and still says how much it cut', () => {
		const buffer = new OutputBuffer(100);
		for (let i = 1; i <= 1000; i++) buffer.append(`\x1b[33mline ${i}\x1b[0m\n`);
		const text = buffer.text(200);
		assert.deepEqual({
			first: text.split('\n')[0], last: text.split('\n').at(-1), underCap: text.length <= 200,
			marker: /^\[… (\d+) lines, ([\d,]+) characters cut from the middle of the output …\]$/m.test(text),
		}, { first: 'line 1', last: 'line 1000', underCap: true, marker: true });
	});
});
