// The default replies: deterministic answers computed from the request alone, good enough to
// exercise a chat client end to end (markdown rendering, code fences, tool loops) without a
// script. Same request in, same reply out.

import { lastUserText } from './chatBody';
import { snippetByFence, snippetFor } from './snippets';
import { contentText } from './tokens';
import type { BackingModel, Tier } from './catalogue';
import type { ChatMessage, ChatRequestBody, ToolDefinition } from './chatBody';

/** A tool call the reply makes; `arguments` is the JSON text. */
export interface ReplyToolCall {
	readonly name: string;
	readonly arguments: string;
}

/** A default reply before it is cut into chunks. */
export interface DefaultReply {
	readonly reasoning: string;
	readonly content: string;
	readonly toolCalls: readonly ReplyToolCall[];
}

/** Builds the default reply to a request served by `model` in style `tier`. */
export function defaultReply(body: ChatRequestBody, tier: Tier, model: BackingModel): DefaultReply {
	const trailingResults = trailingToolResults(body.messages);
	if (trailingResults.length > 0) {
		return { reasoning: '', content: answerFromToolResults(trailingResults), toolCalls: [] };
	}
	const question = lastUserText(body.messages);
	const toolCalls = body.messages.at(-1)?.role === 'user' ? chooseToolCalls(question, body.tools ?? [], body.tool_choice) : [];
	if (toolCalls.length > 0) {
		return { reasoning: model.reasons ? `The user needs workspace context; calling ${toolCalls.map((c) => c.name).join(', ')} first.` : '', content: '', toolCalls };
	}
	const reasoning = model.reasons ? reasoningFor(question, tier) : '';
	if (body.response_format?.type === 'json_object' || body.response_format?.type === 'json_schema') {
		return { reasoning, content: JSON.stringify({ answer: `A short answer to: ${titleOf(question)}`, model: model.name }), toolCalls: [] };
	}
	return { reasoning, content: answer(question, tier), toolCalls: [] };
}

// ---- Text answers -------------------------------------------------------------------------

const GREETING = /^\s*(?:hi|hello|hey|hiya|yo|good (?:morning|afternoon|evening))\b/i;
const THANKS = /^\s*(?:thanks|thank you|thx|cheers)\b/i;
const CODE_QUESTION = /```|`[^`]+`|\w\(\)|\b(?:code|function|method|class|bug|error|compile|implement|write|refactor|regex|sql|test|script|example|snippet)\b/i;

function answer(question: string, tier: Tier): string {
	if (GREETING.test(question)) {
		return 'Hello! How can I help you today?';
	}
	if (THANKS.test(question)) {
		return 'You\'re welcome! Let me know if there is anything else.';
	}
	const snippet = snippetFor(question) ?? (CODE_QUESTION.test(question) ? snippetByFence('typescript') : undefined);
	const title = titleOf(question);
	if (tier === 'fast' && snippet === undefined) {
		return `Sure. In short: **${title}** depends on the details, but the usual approach is to start simple, check the result, and refine.`;
	}
	const code = snippet === undefined ? [] : [`\`\`\`${snippet.fence}`, `${snippet.comment} ${title}`, snippet.code, '```', ''];
	const intro = `Here is how to approach it${snippet === undefined ? '' : ` in ${snippet.name}`}.`;
	if (tier !== 'reasoning') {
		return [
			`## ${title}`, '', intro, '',
			'1. Start from a small, working example.',
			'2. Check the edge cases: empty input, large input, invalid values.',
			'3. Add a test that pins the behaviour down.', '',
			...code,
			'| Step | Why |', '| --- | --- |',
			'| Example | Shows the idea in isolation |',
			'| Edge cases | Where bugs usually hide |',
			'| Test | Keeps it working |', '',
			'- **Tip:** keep functions small and named after what they return.',
		].join('\n');
	}
	return [
		`## ${title}`, '', intro, '',
		'### Reasoning', '',
		'1. Restate the problem and its constraints.',
		'2. List the options that meet them.',
		'3. Pick the simplest option that holds up, then verify it.', '',
		'### Trade-offs', '',
		'| Option | Pros | Cons |', '| --- | --- | --- |',
		'| Simple | Easy to read and test | May be slower on large inputs |',
		'| Optimised | Faster at scale | Harder to maintain |', '',
		...code,
		'### Conclusion', '',
		'Start with the simple option, measure, and optimise only where the numbers say so.',
	].join('\n');
}

function reasoningFor(question: string, tier: Tier): string {
	if (tier !== 'reasoning') {
		return 'Simple request; answer briefly.';
	}
	return [
		`The user asks: "${titleOf(question)}". Let me think step by step.`,
		'First, what exactly is being asked, and what are the constraints?',
		'Next, which approaches fit, and what does each cost?',
		'Finally, choose the simplest approach that holds and check it against an example.',
	].join('\n');
}

const TITLE_CHARS = 80;

/** A heading made from the question's first line: at most 80 characters, cut between words. */
function titleOf(question: string): string {
	const line = question.replace(/[`*#|]/g, '').trim().split('\n')[0].replace(/\s+/g, ' ');
	const space = line.lastIndexOf(' ', TITLE_CHARS);
	const cut = line.length <= TITLE_CHARS ? line : line.slice(0, space > 0 ? space : TITLE_CHARS);
	const title = cut.replace(/[\s.,;:!?]+$/, '');
	return title === '' ? 'Your question' : title.charAt(0).toUpperCase() + title.slice(1);
}

// ---- Tool results -------------------------------------------------------------------------

interface ToolResult {
	readonly name: string;
	readonly content: string;
}

/** The `tool` messages at the end of the conversation, with the names of the calls they answer. */
function trailingToolResults(messages: readonly ChatMessage[]): ToolResult[] {
	const results: ToolResult[] = [];
	let i = messages.length - 1;
	for (; i >= 0 && messages[i].role === 'tool'; i--) {
		results.unshift({ name: '', content: contentText(messages[i].content) });
	}
	const calls = messages[i]?.tool_calls ?? [];
	return results.map((result, k) => {
		const id = messages[i + 1 + k].tool_call_id;
		const call = calls.find((c) => c.id === id);
		return { ...result, name: call?.function?.name ?? 'the tool' };
	});
}

const QUOTE_LIMIT = 1500;

function answerFromToolResults(results: readonly ToolResult[]): string {
	const sections = results.map((result) => {
		const quoted = result.content.length > QUOTE_LIMIT ? `${result.content.slice(0, QUOTE_LIMIT)}\n…` : result.content;
		const fence = '`'.repeat(Math.max(3, longestBacktickRun(quoted) + 1));
		const lines = result.content === '' ? 0 : result.content.split('\n').length;
		return [
			`I used \`${result.name}\`; it returned ${lines} line${lines === 1 ? '' : 's'}:`, '',
			fence, quoted, fence,
		].join('\n');
	});
	return [...sections, '', 'Based on this result, the answer is in the quoted text above.'].join('\n');
}

function longestBacktickRun(text: string): number {
	return Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
}

// ---- Tool calls ---------------------------------------------------------------------------

/** A need the question shows, matched to an offered tool by name. */
interface Intent {
	/** The canonical tool name, normalised (lower case, letters and digits only). */
	readonly canonical: string;
	/** Name fragments that make a tool a fair match when the canonical name is not offered. */
	readonly keywords: readonly string[];
	/** Preferred argument property names, in order. */
	readonly argumentNames: readonly string[];
	readonly value: string | undefined;
}

const FILE_PATH = /(?:^|[\s`'"(])((?:\.{0,2}\/)?(?:[\w.-]+\/)*[\w-][\w.-]*\.[A-Za-z]{1,5})(?=$|[\s`'"),:;!?]|\.(?:\s|$))/g;
/** Names that look like files but are products. */
const NOT_FILES = /^(?:node|next|nuxt|vue|react|express|three|d3|chart|deno|bun)\.js$/i;
const SEARCH = /\b(?:search(?: for)?|find|grep|look for|where is)\b/i;
const SELECTION = /\bselect(?:ed|ion)\b/i;

function intentsFor(question: string): Intent[] {
	if (SELECTION.test(question)) {
		return [{ canonical: 'getselection', keywords: ['selection'], argumentNames: [], value: undefined }];
	}
	const paths = [...question.matchAll(FILE_PATH)].map((m) => m[1]).filter((p) => !NOT_FILES.test(p));
	const unique = [...new Set(paths)].slice(0, 3);
	if (unique.length > 0) {
		return unique.map((path) => ({ canonical: 'readfile', keywords: ['read', 'file'], argumentNames: ['path', 'filePath', 'file', 'uri'], value: path }));
	}
	if (SEARCH.test(question)) {
		return [{ canonical: 'searchtext', keywords: ['search', 'find', 'grep'], argumentNames: ['query', 'pattern', 'text'], value: searchQuery(question) }];
	}
	return [];
}

/** What to search for: a quoted phrase if any, else the words after the search verb. */
function searchQuery(question: string): string {
	const quoted = /["'`]([^"'`]+)["'`]/.exec(question);
	if (quoted !== null) {
		return quoted[1];
	}
	const after = question.split(SEARCH)[1] ?? question;
	const query = after
		.replace(/^\s*(?:for|all|the|every|occurrences of|usages of|uses of|references to|where)\s+/i, '')
		.replace(/\s+(?:in|across) (?:the )?(?:workspace|project|repo|repository|codebase)\b.*$/i, '')
		.replace(/[\s.?!]+$/, '')
		.trim();
	return query === '' ? question.trim() : query;
}

function normalise(name: string): string {
	return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The offered tool that best fits an intent: canonical name, else every keyword, else any. */
function toolFor(intent: Intent, tools: readonly ToolDefinition[]): ToolDefinition | undefined {
	const score = (tool: ToolDefinition): number => {
		const name = normalise(tool.function.name);
		if (name === intent.canonical || name.endsWith(intent.canonical)) {
			return 3;
		}
		if (intent.keywords.length > 1 && intent.keywords.every((k) => name.includes(k))) {
			return 2;
		}
		return intent.keywords.length === 1 && name.includes(intent.keywords[0]) ? 1 : 0;
	};
	let best: ToolDefinition | undefined;
	for (const tool of tools) {
		if (score(tool) > 0 && (best === undefined || score(tool) > score(best))) {
			best = tool;
		}
	}
	return best;
}

/** The argument object for a tool: the intent's value under the best-fitting property name. */
function argumentsFor(tool: ToolDefinition, intent: Intent | undefined): string {
	if (intent?.value === undefined) {
		return '{}';
	}
	const properties = Object.keys(tool.function.parameters?.properties ?? {});
	const key = intent.argumentNames.find((n) => properties.includes(n))
		?? tool.function.parameters?.required?.[0]
		?? properties[0]
		?? intent.argumentNames[0];
	return JSON.stringify({ [key]: intent.value });
}

function chooseToolCalls(question: string, tools: readonly ToolDefinition[], choice: ChatRequestBody['tool_choice']): ReplyToolCall[] {
	if (tools.length === 0 || choice === 'none') {
		return [];
	}
	const intents = intentsFor(question);
	if (typeof choice === 'object' && choice !== null) {
		const forced = tools.find((t) => t.function.name === choice.function?.name);
		if (forced === undefined) {
			return [];
		}
		const intent = intents.find((i) => toolFor(i, [forced]) !== undefined);
		return [{ name: forced.function.name, arguments: argumentsFor(forced, intent) }];
	}
	const calls: ReplyToolCall[] = [];
	for (const intent of intents) {
		const tool = toolFor(intent, tools);
		if (tool !== undefined) {
			calls.push({ name: tool.function.name, arguments: argumentsFor(tool, intent) });
		}
	}
	if (calls.length === 0 && choice === 'required') {
		calls.push({ name: tools[0].function.name, arguments: '{}' });
	}
	return calls;
}
