import * as assert from 'node:assert/strict';
import { checkPathSyntax } from '../../../../src/tools/guard/checkPathSyntax';
import { ToolError } from '../../../../src/tools/toolError';

/** What `checkPathSyntax` made of an input: the path or segments it returned, or the refusal's summary. */
function outcome(input: string): { returned: string | string[] } | { refused: string } {
	try {
		return { returned: checkPathSyntax(input) };
	} catch (error) {
		if (!(error instanceof ToolError)) throw error;
		return { refused: error.summary };
	}
}

describe('checkPathSyntax', () => {
	it('returns the segments of a relative path, without empty ones and "."', () => {
		const inputs = ['src/a.ts', ' ./src//a.ts ', '.', '', 'api/src/'];
		assert.deepEqual(inputs.map(outcome), [
			{ returned: ['src', 'a.ts'] },
			{ returned: ['src', 'a.ts'] },
			{ returned: [] },
			{ returned: [] },
			{ returned: ['api', 'src'] },
		]);
	});

	it('returns an absolute path to place, and a file URI as the path it names', () => {
		assert.deepEqual(['/work/a.ts', 'file:///work/a%20b.ts'].map(outcome), [
			{ returned: '/work/a.ts' },
			{ returned: '/work/a b.ts' },
		]);
	});

	it('refuses by the text alone, quoting control characters rather than echoing them', () => {
		const inputs = ['../x', 'src\\a.ts', 'c:/x', 'https://example.com', 'a.ts:12', 'src/a:b', '~/x', '%2e%2e/x', '\uff0e\uff0e/x', 'a\u0000b', 'file://host:99999/x'];
		assert.deepEqual(inputs.map(outcome), [
			{ refused: 'refused ../x: ".." in path' },
			{ refused: 'refused src\\a.ts: backslash' },
			{ refused: 'refused c:/x: drive path' },
			{ refused: 'refused https://example.com: https: URI' },
			{ refused: 'refused a.ts:12: line number in path' },
			{ refused: 'refused src/a:b: colon in path' },
			{ refused: 'refused ~/x: home directory' },
			{ refused: 'refused %2e%2e/x: URL-encoded' },
			{ refused: 'refused \uff0e\uff0e/x: look-alike characters' },
			{ refused: 'refused a\\x00b: control characters' },
			{ refused: 'refused file://host:99999/x: invalid file URI' },
		]);
	});

	it('refuses invisible format characters (bidirectional overrides, zero-width, BOM) that make a path look like another, and names them', () => {
		const inputs = ['docs/notes\u202Egpj.md', 'src/a\u200B.ts', '\uFEFFsrc/a.ts', 'src/\u2066x\u2069.ts', 'a\u200Fb', 'file:///ws/a\u202Ab'];
		assert.deepEqual(inputs.map(outcome), [
			{ refused: 'refused docs/notes\\u202egpj.md: invisible characters' },
			{ refused: 'refused src/a\\u200b.ts: invisible characters' },
			{ refused: 'refused \\ufeffsrc/a.ts: invisible characters' },
			{ refused: 'refused src/\\u2066x\\u2069.ts: invisible characters' },
			{ refused: 'refused a\\u200fb: invisible characters' },
			{ refused: 'refused file:///ws/a\\u202ab: invisible characters' },
		]);
	});
});
