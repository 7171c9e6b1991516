import * as assert from 'node:assert/strict';
import { Exclusions } from '../../../../src/tools/guard/exclusions';
import { compileGlob } from '../../../../src/tools/guard/glob';
import { secretPatterns } from '../../../../src/tools/guard/secretPatterns';
import { defaultFilesExclude, defaultToolsExclude } from '../../../fakes/fakeWorkspace';

/** For each glob, the paths from `paths` it matches. */
function matches(globs: readonly string[], paths: readonly string[]): Record<string, string[]> {
	return Object.fromEntries(globs.map((glob) => {
		const matcher = compileGlob(glob);
		return [glob, paths.filter((p) => matcher(p))];
	}));
}

describe('compileGlob', () => {
	const paths = ['a.ts', 'src/a.ts', 'src/lib/b.ts', 'src/a.js', 'src', 'node_modules', 'node_modules/x/i.js', 'pkg/node_modules/y.js', '.env', '.env.local', 'src/.env', 'a.tsx', 'b1.md', 'bb.md', 'x/y/z'];

	it('supports *, **, ?, {a,b} and [...] over segments', () => {
		assert.deepEqual(matches([
			'*.ts', 'src/*.ts', 'src/**/*.ts', '**/*.ts', '**', 'src/**', '**/node_modules/**', '**/.env*',
			'*.{ts,js}', '{src,x}/**/{a,b}.*', 'b?.md', 'b[0-9].md', 'b[!0-9].md', 'b[^0-9].md', '*', '/a.ts', './src/a.ts', 'x/', 'x/*/z', '**/y/**',
		], paths), {
			'*.ts': ['a.ts', 'src/a.ts', 'src/lib/b.ts'],
			'src/*.ts': ['src/a.ts'],
			'src/**/*.ts': ['src/a.ts', 'src/lib/b.ts'],
			'**/*.ts': ['a.ts', 'src/a.ts', 'src/lib/b.ts'],
			'**': [...paths],
			'src/**': ['src/a.ts', 'src/lib/b.ts', 'src/a.js', 'src', 'src/.env'],
			'**/node_modules/**': ['node_modules', 'node_modules/x/i.js', 'pkg/node_modules/y.js'],
			'**/.env*': ['.env', '.env.local', 'src/.env'],
			'*.{ts,js}': ['a.ts', 'src/a.ts', 'src/lib/b.ts', 'src/a.js', 'node_modules/x/i.js', 'pkg/node_modules/y.js'],
			'{src,x}/**/{a,b}.*': ['src/a.ts', 'src/lib/b.ts', 'src/a.js'],
			'b?.md': ['b1.md', 'bb.md'],
			'b[0-9].md': ['b1.md'],
			'b[!0-9].md': ['bb.md'],
			'b[^0-9].md': ['bb.md'],
			'*': [...paths],
			'/a.ts': ['a.ts'],
			'./src/a.ts': ['src/a.ts'],
			'x/': [],
			'x/*/z': ['x/y/z'],
			'**/y/**': ['x/y/z'],
		});
	});

	it('keeps * and ? inside one segment', () => {
		assert.deepEqual(matches(['src*', 'src?a.ts', 'src[/]a.ts', 'x/**/z', 'x**z'], ['src/a.ts', 'srcXa.ts', 'x/z', 'x/y/z', 'xyz', 'x/y']), {
			'src*': ['srcXa.ts'],
			'src?a.ts': ['srcXa.ts'],
			// picomatch lets a class name "/" itself; only a pattern that asks for it gets it.
			'src[/]a.ts': ['src/a.ts'],
			'x/**/z': ['x/z', 'x/y/z'],
			'x**z': ['xyz'],
		});
	});

	it('treats unclosed brackets and braces, escapes and regex characters literally', () => {
		assert.deepEqual(matches(['a[b', 'a{b', 'a\\*b', 'a+b(c).txt', '$x^', '{a,{b,c}}d'], ['a[b', 'a{b', 'a*b', 'aXb', 'a+b(c).txt', '$x^', 'ad', 'bd', 'cd', 'dd']), {
			'a[b': ['a[b'],
			'a{b': ['a{b'],
			'a\\*b': ['a*b'],
			'a+b(c).txt': ['a+b(c).txt'],
			'$x^': ['$x^'],
			'{a,{b,c}}d': ['ad', 'bd', 'cd'],
		});
	});

	it('ignores case', () => {
		assert.deepEqual(matches(['**/.env*', 'SRC/*.TS'], ['.ENV', 'src/.Env.local', 'src/a.ts']), { '**/.env*': ['.ENV', 'src/.Env.local'], 'SRC/*.TS': ['src/a.ts'] });
	});

	it('takes "!" and parentheses literally, and does not blow up on huge brace expansions', () => {
		assert.deepEqual(matches(['!a.ts', '@(a|b).ts', '(x).md', '{a,b}'.repeat(30)], ['a.ts', 'b.ts', '!a.ts', '@(a|b).ts', '(x).md', 'ab'.repeat(15), 'ba'.repeat(15), 'ab'.repeat(30)]), {
			'!a.ts': ['!a.ts'],
			'@(a|b).ts': ['@(a|b).ts'],
			'(x).md': ['(x).md'],
			['{a,b}'.repeat(30)]: ['ab'.repeat(15), 'ba'.repeat(15)],
		});
	});
});

describe('Exclusions', () => {
	it('excludes what the default settings name, including everything below an excluded folder', () => {
		const exclusions = new Exclusions([...defaultFilesExclude, ...defaultToolsExclude()]);
		const paths = [
			'.git', '.git/config', 'sub/.git/HEAD', 'node_modules/x/index.js', 'a/node_modules', '.env', '.env.production', 'config/.env.local',
			'certs/server.pem', 'server.key', 'id_rsa', 'id_rsa.pub', '.ssh/id_ed25519', '.npmrc', '.netrc', '.aws/credentials',
			'secrets/credentials.json', 'cert.p12', 'cert.PFX', '.ENV', '.DS_Store',
			'src/env.ts', 'src/environment.ts', 'keyboard.ts', 'src/key.ts', 'docs/credentials.md', 'git.md', 'README.md',
		];
		assert.deepEqual(Object.fromEntries(paths.map((p) => [p, exclusions.isExcluded(p)])), {
			'.git': true, '.git/config': true, 'sub/.git/HEAD': true, 'node_modules/x/index.js': true, 'a/node_modules': true, '.env': true,
			'.env.production': true, 'config/.env.local': true, 'certs/server.pem': true, 'server.key': true, 'id_rsa': true, 'id_rsa.pub': true,
			'.ssh/id_ed25519': true, '.npmrc': true, '.netrc': true, '.aws/credentials': true, 'secrets/credentials.json': true, 'cert.p12': true,
			'cert.PFX': true, '.ENV': true, '.DS_Store': true,
			'src/env.ts': false, 'src/environment.ts': false, 'keyboard.ts': false, 'src/key.ts': false, 'docs/credentials.md': false, 'git.md': false, 'README.md': false,
		});
	});

	it('always applies the secret patterns and .git/node_modules, before the settings\' patterns', () => {
		assert.deepEqual(new Exclusions(['build']).allPatterns(), [...secretPatterns, '**/.git', '**/node_modules', 'build']);
		assert.deepEqual(new Exclusions([]).match('config/.kube/config'), { pattern: '**/.kube/config', reason: 'secret' });
		assert.deepEqual(new Exclusions(['**/.env*']).match('a/.env'), { pattern: '**/.env*', reason: 'secret' });
		assert.deepEqual(new Exclusions([]).with(['**/dist']).match('dist/a.js'), { pattern: '**/dist', reason: 'setting' });
	});

	it('names the pattern that excludes a path, and skips empty patterns', () => {
		const exclusions = new Exclusions(['', '  ', 'build', 'docs/private/**']);
		assert.deepEqual(['build/out.js', 'src/build/x', 'docs/private/a/b.md', 'docs/public.md', ''].map((p) => exclusions.matchingPattern(p)), [
			'build', 'build', 'docs/private/**', undefined, undefined,
		]);
	});
});
