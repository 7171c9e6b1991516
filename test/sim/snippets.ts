// Code examples the default replies show, one per language, so that "in python" gets a ```python
// block. They all do the same small thing (sum the even numbers) so tests can recognise them.

/** A language the simulator can answer in: fence tag, display name, comment prefix, example. */
export interface Snippet {
	readonly fence: string;
	readonly name: string;
	readonly comment: string;
	readonly code: string;
}

const SNIPPETS: readonly Snippet[] = [
	{ fence: 'python', name: 'Python', comment: '#', code: 'def solve(values: list[int]) -> int:\n    return sum(v for v in values if v % 2 == 0)\n\n\nprint(solve([1, 2, 3, 4]))  # 6' },
	{ fence: 'typescript', name: 'TypeScript', comment: '//', code: 'export function solve(values: number[]): number {\n\treturn values.filter((v) => v % 2 === 0).reduce((a, b) => a + b, 0);\n}\n\nconsole.log(solve([1, 2, 3, 4])); // 6' },
	{ fence: 'javascript', name: 'JavaScript', comment: '//', code: 'function solve(values) {\n\treturn values.filter((v) => v % 2 === 0).reduce((a, b) => a + b, 0);\n}\n\nconsole.log(solve([1, 2, 3, 4])); // 6' },
	{ fence: 'rust', name: 'Rust', comment: '//', code: 'fn solve(values: &[i64]) -> i64 {\n    values.iter().filter(|v| *v % 2 == 0).sum()\n}\n\nfn main() {\n    println!("{}", solve(&[1, 2, 3, 4])); // 6\n}' },
	{ fence: 'go', name: 'Go', comment: '//', code: 'package main\n\nimport "fmt"\n\nfunc solve(values []int) int {\n\tsum := 0\n\tfor _, v := range values {\n\t\tif v%2 == 0 {\n\t\t\tsum += v\n\t\t}\n\t}\n\treturn sum\n}\n\nfunc main() {\n\tfmt.Println(solve([]int{1, 2, 3, 4})) // 6\n}' },
	{ fence: 'java', name: 'Java', comment: '//', code: 'import java.util.List;\n\nclass Solution {\n    static int solve(List<Integer> values) {\n        return values.stream().filter(v -> v % 2 == 0).mapToInt(Integer::intValue).sum();\n    }\n}' },
	{ fence: 'csharp', name: 'C#', comment: '//', code: 'static int Solve(IEnumerable<int> values) => values.Where(v => v % 2 == 0).Sum();' },
	{ fence: 'cpp', name: 'C++', comment: '//', code: '#include <numeric>\n#include <vector>\n\nint solve(const std::vector<int>& values) {\n    return std::accumulate(values.begin(), values.end(), 0,\n        [](int acc, int v) { return v % 2 == 0 ? acc + v : acc; });\n}' },
	{ fence: 'ruby', name: 'Ruby', comment: '#', code: 'def solve(values)\n  values.select(&:even?).sum\nend\n\nputs solve([1, 2, 3, 4]) # 6' },
	{ fence: 'bash', name: 'Bash', comment: '#', code: 'solve() {\n  local sum=0\n  for v in "$@"; do\n    (( v % 2 == 0 )) && (( sum += v ))\n  done\n  echo "$sum"\n}\n\nsolve 1 2 3 4  # 6' },
	{ fence: 'sql', name: 'SQL', comment: '--', code: 'SELECT SUM(value) AS total\nFROM numbers\nWHERE value % 2 = 0;' },
];

/** How a language may be named in a question, mapped to its fence tag. */
const NAMES: ReadonlyArray<readonly [RegExp, string]> = [
	[/\bpython\b|\.py\b/i, 'python'],
	[/\btypescript\b|\bts\b|\.tsx?\b/i, 'typescript'],
	[/\bjavascript\b|\bnode(?:\.?js)?\b|\.jsx?\b/i, 'javascript'],
	[/\brust\b|\.rs\b/i, 'rust'],
	[/\bgolang\b|\bin go\b|\.go\b/i, 'go'],
	[/\bjava\b|\.java\b/i, 'java'],
	[/\bc#|\bcsharp\b|\.cs\b/i, 'csharp'],
	[/\bc\+\+|\bcpp\b|\.cpp\b/i, 'cpp'],
	[/\bruby\b|\.rb\b/i, 'ruby'],
	[/\bbash\b|\bshell\b|\.sh\b/i, 'bash'],
	[/\bsql\b/i, 'sql'],
];

/** The language a question asks for: the earliest-named one, or undefined. */
export function snippetFor(question: string): Snippet | undefined {
	let best: { index: number; fence: string } | undefined;
	for (const [pattern, fence] of NAMES) {
		const match = pattern.exec(question);
		if (match !== null && (best === undefined || match.index < best.index)) {
			best = { index: match.index, fence };
		}
	}
	return SNIPPETS.find((s) => s.fence === (best?.fence ?? ''));
}

/** The example for a fence tag (TypeScript when unknown: this is a VS Code extension's simulator). */
export function snippetByFence(fence: string): Snippet {
	return SNIPPETS.find((s) => s.fence === fence) ?? SNIPPETS[1];
}
