import * as assert from 'node:assert/strict';
import { commandParts, isAllowListed } from '../../../../src/tools/terminal/commandParts';

describe('run_command allow-list', () => {
	it('splits a command line into parts at ;, &&, ||, |, & and line breaks, honouring quotes and escapes', () => {
		assert.deepEqual([
			commandParts('npm test'),
			commandParts('git status; git diff --stat && npm run build || echo failed | tee\nls -la & wait'),
			commandParts('echo "a; b && c" \'d | e\' f\\;g'),
			commandParts('echo "it\'s" \'say "hi"\' "" x'),
			commandParts('npm test -- \\\n  --grep parser'),
			commandParts('echo "\\$HOME \\"q\\" \\n"'),
			commandParts('  ;; npm test ;  '),
			commandParts(''),
		], [
			[['npm', 'test']],
			[['git', 'status'], ['git', 'diff', '--stat'], ['npm', 'run', 'build'], ['echo', 'failed'], ['tee'], ['ls', '-la'], ['wait']],
			[['echo', 'a; b && c', 'd | e', 'f;g']],
			[['echo', 'it\'s', 'say "hi"', '', 'x']],
			[['npm', 'test', '--', '--grep', 'parser']],
			[['echo', '$HOME "q" \\n']],
			[['npm', 'test']],
			[],
		]);
	});

	it('finds no parts in a line with substitution, redirection, a subshell or an open quote, unless quoted away', () => {
		assert.deepEqual([
			'echo $(whoami)', 'echo "$(whoami)"', 'echo `whoami`', 'echo "`whoami`"', 'npm test > out.txt', 'npm test 2>&1',
			'sort < list', 'diff <(ls a) <(ls b)', '(cd x && rm -rf y)', 'echo "open', 'echo \'open', 'echo trailing\\',
			'echo \'$(whoami)\'', 'echo \'a > b\'', 'echo "a > b"', 'echo \\$\\(x\\)', 'echo \\`x\\`',
		].map((line) => commandParts(line) !== undefined), [
			false, false, false, false, false, false,
			false, false, false, false, false, false,
			true, true, true, true, true,
		]);
	});

	it('runs a command without asking only when every part starts with the words of an entry', () => {
		const list = ['npm test', 'git status', 'git diff', 'ls', 'echo'];
		const cases = [
			'npm test', 'npm test -- --grep "a b"', '"npm" test', 'git status && git diff --stat', 'ls -la | echo done',
			'npm testing', 'npm', 'npm test; rm -rf build', 'git status && git push', 'ls\nrm x', 'FOO=1 npm test',
			'npm test > log', 'echo $(rm -rf ~)', 'echo `id`', 'ls "unclosed', '', '   ',
		];
		assert.deepEqual(Object.fromEntries(cases.map((c) => [c, isAllowListed(c, list)])), {
			'npm test': true, 'npm test -- --grep "a b"': true, '"npm" test': true, 'git status && git diff --stat': true, 'ls -la | echo done': true,
			'npm testing': false, 'npm': false, 'npm test; rm -rf build': false, 'git status && git push': false, 'ls\nrm x': false, 'FOO=1 npm test': false,
			'npm test > log': false, 'echo $(rm -rf ~)': false, 'echo `id`': false, 'ls "unclosed': false, '': false, '   ': false,
		});
	});

	it('ignores entries that are empty, have several parts or substitution, so they allow nothing', () => {
		const list = ['', '   ', 'npm test && rm -rf /', 'echo $(id)', 'cat > x'];
		assert.deepEqual(['npm test', 'rm -rf /', 'echo', 'cat', 'anything'].map((c) => isAllowListed(c, list)), [false, false, false, false, false]);
	});
});
