import { compileGlob, type GlobMatcher } from '../guard/glob';

/**
 * Why writing a file can run code: the editor runs it (tasks, launch configurations, settings
 * that name programs, recommended extensions), a tool runs it (package scripts, git hooks,
 * make, shells entering a folder, package managers), or CI runs it.
 */
export type RunsCodeKind = 'editor' | 'workspace' | 'scripts' | 'hooks' | 'ci' | 'shell' | 'build' | 'environment' | 'packageManager';

/**
 * The one list of files that run code when written, checked against the file a change really
 * writes (its real path, relative to its workspace folder). A change to one of them is marked on
 * the change card, left out of Accept All and needs its own Accept. README ("Files that run
 * code") lists them for users; keep the two in step.
 */
export const runsCodeFiles: readonly { readonly glob: string; readonly kind: RunsCodeKind }[] = [
	{ glob: '/.vscode/{tasks,launch,settings,extensions,mcp}.json', kind: 'editor' },
	{ glob: '*.code-workspace', kind: 'workspace' },
	{ glob: '/.devcontainer/**', kind: 'editor' },
	{ glob: '/.devcontainer.json', kind: 'editor' },
	{ glob: '/{.husky,.githooks}/**', kind: 'hooks' },
	{ glob: '{.pre-commit-config.yaml,lefthook.yml,.lefthook.yml,lefthook.yaml}', kind: 'hooks' },
	{ glob: '/.github/workflows/**', kind: 'ci' },
	{ glob: '/.github/actions/**', kind: 'ci' },
	{ glob: '{.gitlab-ci.yml,azure-pipelines.yml,.circleci/**,Jenkinsfile}', kind: 'ci' },
	{ glob: '{.envrc,.env.sh}', kind: 'environment' },
	{ glob: '{.yarnrc,.yarnrc.yml,.npmrc,.pnpmfile.cjs,.yarn/plugins/**}', kind: 'packageManager' },
	{ glob: '{Makefile,makefile,GNUmakefile,*.mk,justfile,Justfile,Rakefile,Taskfile.yml,Taskfile.yaml}', kind: 'build' },
	{ glob: '{gradlew,mvnw,build.gradle,build.gradle.kts,setup.py,conftest.py}', kind: 'build' },
	{ glob: '{*.sh,*.bash,*.zsh,*.fish,*.ps1,*.psm1,*.bat,*.cmd,*.command}', kind: 'shell' },
];

let matchers: readonly { readonly match: GlobMatcher; readonly kind: RunsCodeKind }[] | undefined;

/**
 * Why writing `after` to the file at `relativePath` (below its workspace folder) can run code, or
 * undefined. A `package.json` counts when its `scripts` change (or when either side is not valid
 * JSON, since then nobody can tell); its other fields run nothing by themselves.
 */
export function runsCode(relativePath: string, before: string | undefined, after: string): RunsCodeKind | undefined {
	matchers ??= runsCodeFiles.map(({ glob, kind }) => ({ match: compileGlob(glob), kind }));
	const found = matchers.find((m) => m.match(relativePath));
	if (found) return found.kind;
	if (relativePath.split('/').at(-1)?.toLowerCase() === 'package.json' && scriptsOf(before ?? '{}') !== scriptsOf(after)) return 'scripts';
	return undefined;
}

/** The scripts of a package.json as comparable text; a text that is not JSON never equals another. */
function scriptsOf(text: string): string | symbol {
	try {
		const parsed = JSON.parse(text.replace(/^\uFEFF/, '')) as { scripts?: unknown } | null;
		return JSON.stringify(parsed?.scripts ?? {});
	} catch {
		return Symbol('not JSON');
	}
}
