import * as assert from 'node:assert/strict';
import { extractCode, matchIndentation } from '../../../../src/chat/rewrite/extractCode';

describe('extractCode', () => {
	it('takes the first fenced block, whatever the chatter around it', () => {
		assert.deepEqual([
			extractCode('Here you go:\n\n```ts\nconst a = 1;\n  return a;\n```\nHope this helps!'),
			extractCode('```\nx\n```\n```js\ny\n```'),
			extractCode('~~~python\nprint(1)\n~~~'),
			extractCode('````md\n```js\ninner\n```\n````'),
			extractCode('\n\n  plain code\n\n'),
			extractCode('```ts\nunclosed();\n'),
			extractCode('```ts\r\nwindows();\r\n```'),
		], [
			'const a = 1;\n  return a;',
			'x',
			'print(1)',
			'```js\ninner\n```',
			'  plain code',
			'unclosed();',
			'windows();',
		]);
	});
});

describe('matchIndentation', () => {
	it('moves a flush-left proposal to the original indentation and keeps relative indents', () => {
		assert.deepEqual([
			matchIndentation('if (x) {\n\treturn 1;\n}', '\t\tif (y) {\n\t\t\treturn 2;\n\t\t}'),
			matchIndentation('    a\n      b', '  a'),
			matchIndentation('a\n\nb', '    a'),
		], [
			'\t\tif (x) {\n\t\t\treturn 1;\n\t\t}',
			'  a\n    b',
			'    a\n\n    b',
		]);
	});
});
