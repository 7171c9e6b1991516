import * as assert from 'node:assert/strict';
import { partialCodeArgument, partialFencedCode, StreamingCode } from '../../../../src/chat/rewrite/partialCode';

/** Every prefix of `json`, read as it would be while streaming. */
function everyPrefix(json: string): (string | undefined)[] {
	return Array.from({ length: json.length + 1 }, (_, i) => partialCodeArgument(json.slice(0, i)));
}

describe('partialCodeArgument', () => {
	it('reads the code of a JSON object as it grows, an escape cut in half held back', () => {
		assert.deepEqual([
			partialCodeArgument(''),
			partialCodeArgument('{"co'),
			partialCodeArgument('{"code": '),
			partialCodeArgument('{"code": "'),
			partialCodeArgument('{"code": "a\\'),
			partialCodeArgument('{"code": "a\\n'),
			partialCodeArgument('{"code": "a\\nb\\tc\\"d\\\\e\\/'),
			partialCodeArgument('{"code": "\\u00'),
			partialCodeArgument('{"code": "\\u00e9'),
			partialCodeArgument('{"code": "\\ud83d'),
			partialCodeArgument('{"code": "\\ud83d\\u'),
			partialCodeArgument('{"code": "\\ud83d\\ude00!'),
			partialCodeArgument('{"code": "done"}'),
			partialCodeArgument('  {\n "code" :"spaced'),
		], [
			undefined, undefined, undefined, '', 'a', 'a\n', 'a\nb\tc"d\\e/', '', 'é', '', '', '😀!', 'done', 'spaced',
		]);
	});

	it('skips other keys before code, whatever they hold, and gives up on what is not an object', () => {
		assert.deepEqual([
			partialCodeArgument('{"note": "has \\"code\\": inside", "n": 12, "x": {"code": "no"}, "a": [1, "]"], "code": "yes'),
			partialCodeArgument('{"n": 1'),
			partialCodeArgument('["code"'),
			partialCodeArgument('{"code": 5}'),
		], ['yes', undefined, undefined, undefined]);
	});

	it('only ever grows while a real argument streams, and ends as JSON.parse reads it', () => {
		const code = 'function f() {\r\n\treturn "é\\u2028😀";\n}';
		const json = JSON.stringify({ code });
		const seen = everyPrefix(json).filter((c): c is string => c !== undefined);
		assert.deepEqual({
			grows: seen.every((c, i) => i === 0 || c.startsWith(seen[i - 1])),
			last: seen.at(-1),
		}, { grows: true, last: code });
	});
});

describe('partialFencedCode', () => {
	it('shows the fenced body in whole lines, before the closing fence arrives', () => {
		assert.deepEqual([
			partialFencedCode('Sure'),
			partialFencedCode('Sure:\n```ts\n'),
			partialFencedCode('Sure:\n```ts\nconst a = 1;\nconst b'),
			partialFencedCode('Sure:\n```ts\nconst a = 1;\n``'),
			partialFencedCode('```ts\r\nconst a = 1;\r\n```\nmore chatter\n'),
			partialFencedCode('\nplain\ncode\n'),
		], [undefined, undefined, 'const a = 1;', 'const a = 1;', 'const a = 1;', 'plain\ncode']);
	});
});

describe('StreamingCode', () => {
	it('prefers the replace_selection call once it begins, whatever text came before', () => {
		const streaming = new StreamingCode('replace_selection');
		streaming.textDelta('Let me think\n');
		const before = streaming.code;
		streaming.toolArguments({ index: 0, name: 'other_tool', arguments: '{"code": "not this' });
		streaming.toolArguments({ index: 1, name: 'replace_selection', arguments: '' });
		streaming.toolArguments({ index: 1, arguments: '{"code":"x = ' });
		streaming.toolArguments({ index: 1, arguments: '1\\' });
		const midEscape = streaming.code;
		streaming.toolArguments({ index: 1, arguments: 'n"}' });
		assert.deepEqual({ before, midEscape, last: streaming.code }, { before: 'Let me think', midEscape: 'x = 1', last: 'x = 1\n' });
	});
});
