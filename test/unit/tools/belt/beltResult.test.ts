import * as assert from 'node:assert/strict';
import { resultText } from '../../../../src/tools/belt/beltResult';

describe('tool belt: results', () => {
	it('joins the text parts and notes the others', () => {
		assert.equal(resultText([{ kind: 'text', value: 'one' }, { kind: 'other', description: 'a image/png part' }, { kind: 'text', value: 'two' }], 1000),
			'one\n[a image/png part: not shown, it is not text]\ntwo');
	});

	it('says when a tool returned nothing', () => {
		assert.equal(resultText([], 1000), '(the tool returned nothing)');
	});

	it('caps a long result at the limit, note included', () => {
		const text = resultText([{ kind: 'text', value: 'a'.repeat(500) }], 200);
		const note = '\n[truncated: the result was 500 characters; only the first 200 are shown]';
		assert.equal(text, 'a'.repeat(200 - note.length) + note);
		assert.equal(text.length, 200);
	});
});
