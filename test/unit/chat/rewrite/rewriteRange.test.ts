import * as assert from 'node:assert/strict';
import { rewriteLines, type SymbolLines } from '../../../../src/chat/rewrite/rewriteRange';

const symbols: SymbolLines[] = [
	{ startLine: 0, endLine: 0, unit: false },
	{
		startLine: 2, endLine: 20, unit: true, children: [
			{ startLine: 3, endLine: 3, unit: false },
			{ startLine: 5, endLine: 9, unit: true, children: [{ startLine: 6, endLine: 6, unit: false }] },
			{ startLine: 11, endLine: 19, unit: true },
		],
	},
	{ startLine: 22, endLine: 1000, unit: true, children: [{ startLine: 30, endLine: 32, unit: true }] },
];

describe('rewriteLines', () => {
	it('takes the innermost unit around the cursor, else the line itself', () => {
		assert.deepEqual([6, 3, 12, 0, 21, 31, 500].map((line) => rewriteLines(symbols, line)), [
			{ startLine: 5, endLine: 9 },
			{ startLine: 2, endLine: 20 },
			{ startLine: 11, endLine: 19 },
			{ startLine: 0, endLine: 0 },
			{ startLine: 21, endLine: 21 },
			{ startLine: 30, endLine: 32 },
			// A unit of a thousand lines is too much to rewrite because the cursor sat in it.
			{ startLine: 500, endLine: 500 },
		]);
	});
});
