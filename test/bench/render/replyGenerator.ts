/**
 * A long, varied markdown reply for the rendering benchmark: sections with headings, paragraphs
 * with inline markup, bullet and numbered lists, tables, quotes and fenced code in many
 * languages. Deterministic (seeded), so every run renders the same text.
 */

/** mulberry32: small, fast, good enough to vary the text. */
function random(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state + 0x6d2b79f5) | 0;
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const vocabulary = (
	'the router picks a model sized for every turn so quick answers stay cheap and hard questions get a strong ' +
	'model request response stream token latency budget context window cache retry backoff header cost estimate ' +
	'extension webview message snapshot delta sequence render frame block paragraph editor workspace file folder ' +
	'function class method value result error handler option setting user question answer reply people often ' +
	'when because while after before during without within between through across under over into onto from ' +
	'this that these those which what where how why who each every some many most few more less first last next'
).split(' ');

const identifiers = ['total', 'items', 'config', 'result', 'buffer', 'index', 'count', 'client', 'request', 'reply', 'cache', 'limit', 'offset', 'parser', 'tokens', 'model', 'route', 'stream'];

/** Splits text into model-sized pieces: each word with the whitespace before it. */
export function tokenize(text: string): string[] {
	return text.match(/\s*\S+|\s+$/g) ?? [];
}

export interface GeneratedReply {
	readonly text: string;
	readonly tokens: readonly string[];
	readonly codeBlocks: number;
}

/** Generates a reply of at least `minTokens` word-sized tokens. */
export function generateReply(minTokens: number, seed = 20251123): GeneratedReply {
	const next = random(seed);
	const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
	const between = (low: number, high: number) => low + Math.floor(next() * (high - low + 1));
	const name = () => `${pick(identifiers)}${pick(['', 'Count', 'Total', 'Value', 'List', 'Map'])}`;

	const sentence = (): string => {
		const words = Array.from({ length: between(6, 18) }, () => pick(vocabulary));
		const roll = next();
		if (roll < 0.12) words[1] = `**${words[1]}**`;
		else if (roll < 0.22) words[2] = `\`${name()}()\``;
		else if (roll < 0.27) words[3] = `[${words[3]}](https://example.com/docs/${words[3]})`;
		else if (roll < 0.32) words[2] = `*${words[2]}*`;
		words[0] = words[0][0].toUpperCase() + words[0].slice(1);
		return `${words.join(' ')}${pick(['.', '.', '.', '?', ':', '!'])}`;
	};
	const paragraph = () => Array.from({ length: between(2, 6) }, sentence).join(' ');
	const bullets = () => Array.from({ length: between(3, 7) }, () => `- ${sentence()}`).join('\n');
	const numbered = () => Array.from({ length: between(3, 6) }, (_, i) => `${i + 1}. **${pick(vocabulary)}**: ${sentence()}`).join('\n');
	const nested = () => `- ${sentence()}\n  - ${sentence()}\n  - ${sentence()}\n- ${sentence()}`;
	const quote = () => `> ${sentence()}\n> ${sentence()}`;
	const table = () => {
		const columns = between(3, 4);
		const header = `| ${Array.from({ length: columns }, () => pick(vocabulary)).join(' | ')} |`;
		const rule = `|${Array.from({ length: columns }, (_, i) => (i === columns - 1 ? '---:' : '---')).join('|')}|`;
		const rows = Array.from({ length: between(3, 7) }, () =>
			`| ${Array.from({ length: columns }, (_, i) => (i === 0 ? `\`${name()}\`` : Array.from({ length: between(1, 4) }, () => pick(vocabulary)).join(' '))).join(' | ')} |`);
		return [header, rule, ...rows].join('\n');
	};

	const code: Record<string, () => string> = {
		typescript: () => `export async function ${name()}(${name()}: string[], ${name()} = ${between(1, 99)}): Promise<number> {\n${lines(() => `\tconst ${name()} = await fetch(\`/api/${pick(vocabulary)}?n=\${${between(1, 9)}}\`);`)}\n\treturn ${name()}.length;\n}`,
		javascript: () => `function ${name()}(${name()}) {\n${lines(() => `  if (${name()} > ${between(1, 500)}) return '${pick(vocabulary)}';`)}\n  return null;\n}`,
		python: () => `def ${name()}(${name()}, ${name()}=None):\n    """${sentence()}"""\n${lines(() => `    ${name()} = [x * ${between(2, 9)} for x in range(${between(3, 90)})]`)}\n    return ${name()}`,
		go: () => `func ${name()}(${name()} []string) (int, error) {\n${lines(() => `\t${name()} := len(${name()}) + ${between(1, 40)}`)}\n\treturn 0, nil\n}`,
		rust: () => `fn ${name()}(${name()}: &[u32]) -> Option<u32> {\n${lines(() => `    let ${name()} = ${name()}.iter().map(|x| x * ${between(2, 7)}).sum::<u32>();`)}\n    None\n}`,
		json: () => `{\n${lines(() => `  "${name()}": ${pick(['true', 'false', 'null', String(between(0, 9999)), `"${pick(vocabulary)}"`])},`)}\n  "done": true\n}`,
		bash: () => lines(() => `${pick(['npm run', 'git', 'ls -la', 'echo', 'curl -s'])} ${pick(vocabulary)} --${pick(vocabulary)}=${between(1, 9)}`),
		sql: () => `SELECT ${name()}, COUNT(*) AS ${name()}\nFROM ${pick(vocabulary)}s\n${lines(() => `  AND ${name()} > ${between(1, 1000)}`)}\nGROUP BY 1;`,
		yaml: () => `${pick(vocabulary)}:\n${lines(() => `  ${name()}: ${pick(['true', String(between(1, 99)), pick(vocabulary)])}`)}`,
		java: () => `public final class ${pick(['Router', 'Cache', 'Client'])} {\n${lines(() => `    private final int ${name()} = ${between(1, 512)};`)}\n}`,
		cpp: () => `#include <vector>\nint ${name()}(const std::vector<int>& ${name()}) {\n${lines(() => `    auto ${name()} = ${name()}.size() * ${between(2, 8)};`)}\n    return 0;\n}`,
		css: () => `.${pick(vocabulary)} {\n${lines(() => `  ${pick(['margin', 'padding', 'gap', 'width'])}: ${between(1, 40)}px;`)}\n}`,
		diff: () => lines(() => `${pick(['+', '-', ' '])} ${pick(vocabulary)} ${name()} = ${between(1, 9)};`),
	};
	function lines(line: () => string): string {
		return Array.from({ length: between(4, 18) }, line).join('\n');
	}
	const languages = Object.keys(code);

	const blocks: string[] = [];
	let tokens = 0;
	let codeBlocks = 0;
	let section = 0;
	const add = (block: string) => {
		blocks.push(block);
		tokens += tokenize(block).length;
	};
	while (tokens < minTokens) {
		section++;
		add(`## ${section}. ${sentence().replace(/[.?:!]$/, '')}`);
		add(paragraph());
		for (let i = between(2, 4); i > 0 && tokens < minTokens; i--) {
			const roll = next();
			if (roll < 0.3) add(paragraph());
			else if (roll < 0.42) add(bullets());
			else if (roll < 0.5) add(numbered());
			else if (roll < 0.56) add(nested());
			else if (roll < 0.64) add(table());
			else if (roll < 0.69) add(quote());
			else {
				const language = languages[codeBlocks % languages.length];
				add(`${paragraph()}\n\n\`\`\`${language}\n${code[language]()}\n\`\`\``);
				codeBlocks++;
			}
		}
	}
	const text = blocks.join('\n\n');
	return { text, tokens: tokenize(text), codeBlocks };
}
