import * as assert from 'node:assert/strict';
import { Exclusions, globToRegExp } from '../../../src/tools/exclusions';
import { defaultFilesExclude, defaultToolsExclude } from '../../fakes/fakeWorkspace';

/** For each glob, the paths from `paths` it matches. */
function matches(globs: readonly string[], paths: readonly string[], ignoreCase = false): Record<string, string[]> {
	return Object.fromEntries(globs.map((glob) => {
		const regExp = globToRegExp(glob, { ignoreCase });
		return [glob, paths.filter((p) => regExp.test(p))];
	}));
}

describe('globToRegExp', () => {
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

	it('keeps * and ? inside one segment and classes away from "/"', () => {
		assert.deepEqual(matches(['src*', 'src?a.ts', 'src[/]a.ts', 'x/**/z', 'x**z'], ['src/a.ts', 'srcXa.ts', 'x/z', 'x/y/z', 'xyz', 'x/y']), {
			'src*': ['srcXa.ts'],
			'src?a.ts': ['srcXa.ts'],
			'src[/]a.ts': [],
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

	it('ignores case only when asked', () => {
		assert.deepEqual([matches(['**/.env*'], ['.ENV', 'src/.Env.local'], false), matches(['**/.env*'], ['.ENV', 'src/.Env.local'], true)], [
			{ '**/.env*': [] },
			{ '**/.env*': ['.ENV', 'src/.Env.local'] },
		]);
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

	it('names the pattern that excludes a path, and skips empty patterns', () => {
		const exclusions = new Exclusions(['', '  ', 'build', 'docs/private/**']);
		assert.deepEqual(['build/out.js', 'src/build/x', 'docs/private/a/b.md', 'docs/public.md', ''].map((p) => exclusions.matchingPattern(p)), [
			'build', 'build', 'docs/private/**', undefined, undefined,
		]);
	});
});
