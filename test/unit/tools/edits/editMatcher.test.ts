import * as assert from 'node:assert/strict';
import type { EditCall, EditOutcome } from '../../../../src/tools/edits/editMatcher';
import { applyEdit } from '../../../../src/tools/edits/editMatcher';

/** The file after the edit, failing the test with the refusal if there was one. */
function applied(file: string, call: EditCall): Extract<EditOutcome, { ok: true }> {
	const outcome = applyEdit(file, call);
	if (!outcome.ok) assert.fail(`refused: ${outcome.message}`);
	return outcome;
}

/** The refusal's message, failing the test if the edit was applied. */
function refused(file: string, call: EditCall): string {
	const outcome = applyEdit(file, call);
	if (outcome.ok) assert.fail(`applied:\n${outcome.text}`);
	return outcome.message;
}

const lines = (...text: string[]): string => text.join('\n') + '\n';

describe('applyEdit', () => {
	describe('exact matches', () => {
		it('replaces the one occurrence and says where', () => {
			const file = lines('const a = 1;', 'const b = 2;', 'const c = 3;');
			const result = applied(file, { old_text: 'const b = 2;', new_text: 'const b = 20;' });
			assert.deepEqual(result, { ok: true, text: lines('const a = 1;', 'const b = 20;', 'const c = 3;'), replacements: 1, strategy: 'exact', firstLine: 2 });
		});

		it('matches part of a line as an exact substring', () => {
			const file = lines('export const timeout = 30_000; // ms');
			const result = applied(file, { old_text: '30_000', new_text: '60_000' });
			assert.equal(result.text, lines('export const timeout = 60_000; // ms'));
			assert.equal(result.strategy, 'exact');
		});

		it('replaces every occurrence with replace_all', () => {
			const file = lines('log(a);', 'x();', 'log(b);', 'log(c);');
			const result = applied(file, { old_text: 'log(', new_text: 'logger.info(', replace_all: true });
			assert.equal(result.text, lines('logger.info(a);', 'x();', 'logger.info(b);', 'logger.info(c);'));
			assert.equal(result.replacements, 3);
			assert.equal(result.firstLine, 1);
		});

		it('keeps new_text as written when only the first line\'s indentation was left out', () => {
			const file = lines('function f() {', '\tif (a) {', '\t\tgo();', '\t}', '}');
			const result = applied(file, { old_text: 'if (a) {\n\t\tgo();\n\t}', new_text: 'if (a && b) {\n\t\tgo();\n\t}' });
			assert.equal(result.text, lines('function f() {', '\tif (a && b) {', '\t\tgo();', '\t}', '}'));
		});

		it('refuses when a match inside the indentation leaves later lines\' indentation unclear', () => {
			const file = lines('const list = [', '\t1,', '];');
			const message = refused(file, { old_text: '1,\n];', new_text: '1,\n2,\n];' });
			assert.match(message, /inside the indentation of line 2/);
			// With nothing after its first line to indent, the same match is plain.
			assert.equal(applied(file, { old_text: '1,\n];', new_text: '1, 2];' }).text, lines('const list = [', '\t1, 2];'));
		});

		it('deletes text when new_text is empty', () => {
			const file = lines('a', 'debugger;', 'b');
			assert.equal(applied(file, { old_text: 'debugger;\n', new_text: '' }).text, lines('a', 'b'));
		});
	});

	describe('several matches', () => {
		it('refuses, listing the 1-based lines and both ways out', () => {
			const file = lines('if (x) {', '\treturn null;', '}', 'if (y) {', '\treturn null;', '}');
			const message = refused(file, { old_text: 'return null;', new_text: 'return undefined;' });
			assert.match(message, /matches 2 places \(starting at lines 2, 5\)/);
			assert.match(message, /Add surrounding lines/);
			assert.match(message, /replace_all/);
		});

		it('names a line once when both matches are on it', () => {
			assert.match(refused(lines('x', 'f(a, a);'), { old_text: 'a', new_text: 'b' }), /matches 2 places \(starting at line 2\)/);
		});

		it('refuses a whitespace-tolerant match found twice, saying so', () => {
			const file = lines('  a();', '  b();', 'x', '    a();', '    b();');
			const message = refused(file, { old_text: 'a();  \nb();', new_text: 'c();' });
			assert.match(message, /matches 2 places when indentation and trailing whitespace are ignored \(starting at lines 1, 4\)/);
		});

		it('refuses overlapping matches even with replace_all', () => {
			const message = refused('aaa\n', { old_text: 'aa', new_text: 'b', replace_all: true });
			assert.match(message, /overlap/);
		});
	});

	describe('whitespace-tolerant matches', () => {
		const file = lines(
			'class Cache {',
			'    get(key: string) {',
			'        if (!this.map.has(key)) {',
			'            return undefined;',
			'        }',
			'        return this.map.get(key);',
			'    }',
			'}',
		);

		it('re-indents new_text deeper when old_text was written shallower', () => {
			const result = applied(file, {
				old_text: 'if (!this.map.has(key)) {\n    return undefined;\n}',
				new_text: 'if (!this.map.has(key)) {\n    this.misses++;\n    return undefined;\n}',
			});
			assert.equal(result.strategy, 'whitespace');
			assert.equal(result.firstLine, 3);
			assert.equal(result.text, lines(
				'class Cache {',
				'    get(key: string) {',
				'        if (!this.map.has(key)) {',
				'            this.misses++;',
				'            return undefined;',
				'        }',
				'        return this.map.get(key);',
				'    }',
				'}',
			));
		});

		it('re-indents new_text shallower when old_text was written deeper', () => {
			const result = applied(file, {
				old_text: '            return this.map.get(key);\n        }',
				new_text: '            const value = this.map.get(key);\n            return value;\n        }',
			});
			assert.equal(result.text, lines(
				'class Cache {',
				'    get(key: string) {',
				'        if (!this.map.has(key)) {',
				'            return undefined;',
				'        }',
				'        const value = this.map.get(key);',
				'        return value;',
				'    }',
				'}',
			));
		});

		it('ignores trailing spaces on either side', () => {
			const withTrailing = lines('def area(r):   ', '    return 3.14 * r * r  ', '');
			const result = applied(withTrailing, { old_text: 'def area(r):\n    return 3.14 * r * r', new_text: 'def area(r):\n    return math.pi * r * r' });
			assert.equal(result.text, lines('def area(r):', '    return math.pi * r * r', ''));
		});

		it('writes tabs when the model used spaces in a tab-indented file', () => {
			const tabbed = lines('function f() {', '\tif (a) {', '\t\tgo();', '\t}', '}');
			const result = applied(tabbed, {
				old_text: '    if (a) {\n        go();\n    }',
				new_text: '    if (a) {\n        go();\n    } else {\n        stay();\n    }',
			});
			assert.equal(result.text, lines('function f() {', '\tif (a) {', '\t\tgo();', '\t} else {', '\t\tstay();', '\t}', '}'));
		});

		it('keeps alignment spaces after the tabs (doc comments)', () => {
			const tabbed = lines('class A {', '\t/**', '\t * Old.', '\t */', '\tf() {}', '}');
			const result = applied(tabbed, { old_text: '  /**\n   * Old.\n   */', new_text: '  /**\n   * New.\n   * Second line.\n   */' });
			assert.equal(result.text, lines('class A {', '\t/**', '\t * New.', '\t * Second line.', '\t */', '\tf() {}', '}'));
		});

		it('writes spaces when the model used tabs in a space-indented file', () => {
			const spaced = lines('def f():', '  if a:', '    go()', '  return 1');
			const result = applied(spaced, { old_text: '\tif a:\n\t\tgo()', new_text: '\tif a:\n\t\tgo()\n\t\tstay()' });
			assert.equal(result.text, lines('def f():', '  if a:', '    go()', '    stay()', '  return 1'));
		});

		it('scales new_text\'s steps when the model indents by 2 where the file uses 4', () => {
			const py = lines('class A:', '    def f(self):', '        return 1');
			const result = applied(py, { old_text: '  def f(self):\n    return 1', new_text: '  def f(self):\n    if self.ok:\n      return 1\n    return 0' });
			assert.equal(result.text, lines('class A:', '    def f(self):', '        if self.ok:', '            return 1', '        return 0'));
		});

		it('reads a first line without indentation as left out when the other lines line up', () => {
			const file = lines('function f() {', '\tif (a) {', '\t\tgo();', '\t}', '}');
			const result = applied(file, { old_text: 'if (a) {  \n\t\tgo();\n\t}', new_text: 'if (a) {\n\t\tgo();\n\t\tstop();\n\t}' });
			assert.equal(result.strategy, 'whitespace');
			assert.equal(result.text, lines('function f() {', '\tif (a) {', '\t\tgo();', '\t\tstop();', '\t}', '}'));
		});

		it('refuses when the matched lines disagree on how indentation maps', () => {
			const file = lines('a:', '  b:', '    c: 1');
			const message = refused(file, { old_text: 'a:\n    b:\n  c: 1', new_text: 'a:\n    b:\n  c: 2\n  d: 3' });
			assert.match(message, /indented differently relative to each other/);
			// A new_text of one line has nothing to keep in step with: it is shifted like old_text's first line.
			assert.equal(applied(file, { old_text: 'a:\n    b:\n  c: 1', new_text: 'a: {}' }).text, lines('a: {}'));
		});

		it('never matches part of a line when indentation is ignored', () => {
			const file2 = lines('const total = sum(items);', 'render(total);');
			// Each line is a substring of a file line, but the lines do not match whole.
			const message = refused(file2, { old_text: 'total = sum(items);\n  render(total);', new_text: 'x' });
			assert.match(message, /not found/);
		});

		it('ignores only spaces, tabs and CR: a byte order mark or no-break space is content', () => {
			const file = '\ufeffconst a = 1;\nconst b = 2;\n';
			assert.match(refused(file, { old_text: 'const a = 1; \nconst b = 2;', new_text: 'x' }), /not found/);
			assert.match(refused(lines('a();\u00a0', 'b();'), { old_text: '  a();\nb();', new_text: 'x' }), /not found/);
		});

		it('does not match blank-only old_text by ignoring its whitespace', () => {
			const message = refused(lines('a', '', 'b'), { old_text: '   \n  ', new_text: 'x' });
			assert.match(message, /not found/);
		});

		it('refuses an edit that whitespace adjustment turns into no change', () => {
			const message = refused(lines('    a();'), { old_text: 'a();  \n', new_text: 'a();\n' });
			assert.match(message, /unchanged/);
		});
	});

	describe('line endings', () => {
		it('keeps a CRLF file CRLF, converting new_text', () => {
			const file = 'one\r\ntwo\r\nthree\r\n';
			const result = applied(file, { old_text: 'two\nthree', new_text: 'two\nTHREE\nfour' });
			assert.equal(result.strategy, 'exact');
			assert.equal(result.text, 'one\r\ntwo\r\nTHREE\r\nfour\r\n');
		});

		it('keeps a LF file LF when the model sent CRLF', () => {
			const result = applied('a\nb\n', { old_text: 'a\r\nb', new_text: 'a\r\nc' });
			assert.equal(result.text, 'a\nc\n');
		});

		it('keeps CRLF through a whitespace-tolerant match', () => {
			const file = 'root:\r\n  child: 1\r\n  other: 2\r\n';
			const result = applied(file, { old_text: 'child: 1\nother: 2\n', new_text: 'child: 1\nother: 3\n' });
			assert.equal(result.strategy, 'whitespace');
			assert.equal(result.text, 'root:\r\n  child: 1\r\n  other: 3\r\n');
		});

		it('keeps the final newline when the edit drops it', () => {
			assert.equal(applied('a\nb\n', { old_text: 'b\n', new_text: 'c' }).text, 'a\nc\n');
		});

		it('adds no final newline to a file that had none', () => {
			assert.equal(applied('a\nb', { old_text: 'b', new_text: 'c\n' }).text, 'a\nc');
		});
	});

	describe('no match', () => {
		it('shows the closest region with line numbers and the first difference', () => {
			const file = lines('import x from "x";', '', 'export function load(path) {', '  const data = read(path);', '  return parse(data);', '}');
			const message = refused(file, { old_text: 'const data = readFile(path);\nreturn parse(data);', new_text: 'x' });
			assert.match(message, /not found/);
			assert.match(message, /lines 4-5:\n4\| {3}const data = read\(path\);\n5\| {3}return parse\(data\);/);
			assert.match(message, /first difference is at line 4/);
		});

		it('shows no region when nothing is close', () => {
			const message = refused(lines('alpha', 'beta'), { old_text: 'zzzz qqqq', new_text: 'x' });
			assert.match(message, /Nothing in the file is close/);
			assert.doesNotMatch(message, /\d\|/);
		});
	});

	describe('calls that cannot be edits', () => {
		it('refuses an empty old_text, pointing at create_file', () => {
			assert.match(refused('a\n', { old_text: '', new_text: 'b' }), /create_file/);
		});

		it('refuses identical texts', () => {
			assert.match(refused('a\n', { old_text: 'a', new_text: 'a' }), /identical/);
		});
	});
});
