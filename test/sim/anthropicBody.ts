// The Anthropic Messages request: checked the way the real API checks it (so a client that sends
// what the real API would refuse fails here too), then read into the internal OpenAI-like body
// that routing, the script, the default replies and token counting already understand.

import { createHmac } from 'node:crypto';
import type { ChatMessage, ChatRequestBody, ToolDefinition } from './chatBody';

/** One content block as sent (loosely typed: only the fields the simulator reads). */
export interface AnthropicBlock {
	readonly type: string;
	readonly text?: string;
	readonly source?: { readonly type?: string; readonly url?: string; readonly data?: string; readonly media_type?: string };
	readonly id?: string;
	readonly name?: string;
	readonly input?: unknown;
	readonly tool_use_id?: string;
	readonly content?: string | readonly AnthropicBlock[];
	readonly is_error?: boolean;
	readonly thinking?: string;
	readonly signature?: string;
	readonly data?: string;
}

export interface AnthropicMessage {
	readonly role: 'user' | 'assistant';
	readonly content: string | readonly AnthropicBlock[];
}

/** The fields of a `POST /anthropic/v1/messages` (or `count_tokens`) body the simulator honours. */
export interface MessagesRequestBody {
	readonly model: string;
	readonly max_tokens?: number;
	readonly messages: readonly AnthropicMessage[];
	readonly system?: string | readonly AnthropicBlock[];
	readonly tools?: ReadonlyArray<{ readonly name: string; readonly description?: string; readonly input_schema: Record<string, unknown> }>;
	readonly tool_choice?: { readonly type: 'auto' | 'any' | 'tool' | 'none'; readonly name?: string };
	readonly stream?: boolean;
}

/** Signs thinking text. Any simulator issues the same signature for the same text, so a test can check it. */
const SIGNING_SECRET = 'flux-simulator-thinking';

/** The `signature` the simulator issues for a thinking block with this text. */
export function thinkingSignature(thinking: string): string {
	return createHmac('sha256', SIGNING_SECRET).update(thinking, 'utf8').digest('base64');
}

const BLOCK_TYPES = new Set(['text', 'image', 'tool_use', 'tool_result', 'thinking', 'redacted_thinking']);
const ASSISTANT_ONLY = new Set(['tool_use', 'thinking', 'redacted_thinking']);
const TOOL_CHOICES = new Set(['auto', 'any', 'tool', 'none']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks a parsed body; returns why the real API would refuse it (worded like its 400s), if it
 * would. `count_tokens` takes the same body without `max_tokens`.
 */
export function invalidMessagesBody(body: unknown, needsMaxTokens: boolean): string | undefined {
	if (!isObject(body)) {
		return 'Request body must be a JSON object.';
	}
	const { model, max_tokens: maxTokens, messages, system, tools, tool_choice: toolChoice, stream } = body;
	if (typeof model !== 'string' || model === '') {
		return 'model: Field required';
	}
	if (needsMaxTokens && maxTokens === undefined) {
		return 'max_tokens: Field required';
	}
	if (maxTokens !== undefined && !(Number.isInteger(maxTokens) && (maxTokens as number) > 0)) {
		return 'max_tokens: Input should be a positive integer';
	}
	if (stream !== undefined && typeof stream !== 'boolean') {
		return 'stream: Input should be a valid boolean';
	}
	const invalidSystem = invalidSystemField(system);
	if (invalidSystem !== undefined) {
		return invalidSystem;
	}
	const invalidTools = invalidToolsField(tools, toolChoice);
	if (invalidTools !== undefined) {
		return invalidTools;
	}
	if (!Array.isArray(messages) || messages.length === 0) {
		return 'messages: at least one message is required';
	}
	return invalidMessages(messages as unknown[]);
}

function invalidSystemField(system: unknown): string | undefined {
	if (system === undefined || typeof system === 'string') {
		return undefined;
	}
	if (Array.isArray(system) && system.every((b) => isObject(b) && b.type === 'text' && typeof b.text === 'string')) {
		return undefined;
	}
	return 'system: Input should be a valid string or a list of text blocks';
}

function invalidToolsField(tools: unknown, toolChoice: unknown): string | undefined {
	if (tools !== undefined) {
		if (!Array.isArray(tools)) {
			return 'tools: Input should be a valid list';
		}
		for (const [i, tool] of tools.entries()) {
			if (!isObject(tool) || typeof tool.name !== 'string' || tool.name === '') {
				return `tools.${i}.name: Field required`;
			}
			if (!isObject(tool.input_schema)) {
				return `tools.${i}.input_schema: Field required`;
			}
		}
	}
	if (toolChoice === undefined) {
		return undefined;
	}
	if (!isObject(toolChoice) || typeof toolChoice.type !== 'string' || !TOOL_CHOICES.has(toolChoice.type)) {
		return 'tool_choice.type: Input should be \'auto\', \'any\', \'tool\' or \'none\'';
	}
	if (toolChoice.type === 'tool') {
		const names = Array.isArray(tools) ? tools.map((t: { name?: unknown }) => t.name) : [];
		if (typeof toolChoice.name !== 'string' || !names.includes(toolChoice.name)) {
			return `tool_choice: Tool '${String(toolChoice.name)}' not found in tools`;
		}
	}
	return undefined;
}

function invalidMessages(messages: readonly unknown[]): string | undefined {
	for (const [i, message] of messages.entries()) {
		if (!isObject(message)) {
			return `messages.${i}: Input should be an object`;
		}
		if (message.role === 'system') {
			return 'messages: Unexpected role "system". The Messages API accepts a top-level `system` parameter, not "system" as an input message role.';
		}
		if (message.role !== 'user' && message.role !== 'assistant') {
			return `messages.${i}.role: Input should be 'user' or 'assistant'`;
		}
		if (i === 0 && message.role !== 'user') {
			return 'messages: first message must use the "user" role';
		}
		if (i > 0 && (messages[i - 1] as { role: unknown }).role === message.role) {
			return `messages: roles must alternate between "user" and "assistant", but found multiple "${message.role}" roles in a row`;
		}
		const invalidContent = invalidContentField(message.content, message.role, `messages.${i}.content`);
		if (invalidContent !== undefined) {
			return invalidContent;
		}
	}
	return invalidToolPairing(messages as readonly AnthropicMessage[]);
}

function invalidContentField(content: unknown, role: string, where: string): string | undefined {
	if (typeof content === 'string') {
		return undefined;
	}
	if (!Array.isArray(content)) {
		return `${where}: Input should be a valid string or a list of content blocks`;
	}
	for (const [j, block] of content.entries()) {
		const invalid = invalidBlock(block, role, `${where}.${j}`);
		if (invalid !== undefined) {
			return invalid;
		}
	}
	return undefined;
}

function invalidBlock(block: unknown, role: string, where: string): string | undefined {
	if (!isObject(block) || typeof block.type !== 'string' || !BLOCK_TYPES.has(block.type)) {
		return `${where}.type: Input should be 'text', 'image', 'tool_use', 'tool_result', 'thinking' or 'redacted_thinking'`;
	}
	if (role === 'user' && ASSISTANT_ONLY.has(block.type)) {
		return `${where}: \`${block.type}\` blocks can only be in \`assistant\` messages`;
	}
	if (role === 'assistant' && block.type === 'tool_result') {
		return `${where}: \`tool_result\` blocks can only be in \`user\` messages`;
	}
	switch (block.type) {
		case 'text':
			return typeof block.text === 'string' ? undefined : `${where}.text: Field required`;
		case 'image':
			return isObject(block.source) ? undefined : `${where}.source: Field required`;
		case 'tool_use':
			return typeof block.id === 'string' && typeof block.name === 'string' && isObject(block.input)
				? undefined
				: `${where}: a \`tool_use\` block needs a string \`id\`, a string \`name\` and an object \`input\``;
		case 'tool_result':
			if (typeof block.tool_use_id !== 'string') {
				return `${where}.tool_use_id: Field required`;
			}
			if (block.content !== undefined && typeof block.content !== 'string'
				&& !(Array.isArray(block.content) && block.content.every((b) => isObject(b) && (b.type === 'text' || b.type === 'image')))) {
				return `${where}.content: Input should be a valid string or a list of text and image blocks`;
			}
			return undefined;
		case 'thinking':
			if (typeof block.thinking !== 'string') {
				return `${where}.thinking: Field required`;
			}
			// The real API refuses a thinking block it did not issue: tests rely on this to prove
			// the client sends thinking back unchanged.
			return block.signature === thinkingSignature(block.thinking) ? undefined : `${where}: Invalid \`signature\` in \`thinking\` block`;
		default: // redacted_thinking
			return typeof block.data === 'string' ? undefined : `${where}.data: Field required`;
	}
}

/** Every tool_use must be answered in the next user message, and every tool_result answer one. */
function invalidToolPairing(messages: readonly AnthropicMessage[]): string | undefined {
	for (const [i, message] of messages.entries()) {
		const blocks = typeof message.content === 'string' ? [] : message.content;
		if (message.role === 'assistant') {
			const asked = blocks.filter((b) => b.type === 'tool_use').map((b) => b.id!);
			const next = messages[i + 1];
			const answered = new Set(next === undefined || typeof next.content === 'string' ? [] : next.content.filter((b) => b.type === 'tool_result').map((b) => b.tool_use_id));
			const unanswered = asked.filter((id) => !answered.has(id));
			if (unanswered.length > 0) {
				return `messages.${i}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${unanswered.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
			}
		} else {
			const previous = messages[i - 1];
			const asked = new Set(previous === undefined || typeof previous.content === 'string' ? [] : previous.content.filter((b) => b.type === 'tool_use').map((b) => b.id));
			const stray = blocks.filter((b) => b.type === 'tool_result' && !asked.has(b.tool_use_id)).map((b) => b.tool_use_id!);
			if (stray.length > 0) {
				return `messages.${i}.content: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${stray.join(', ')}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
			}
		}
	}
	return undefined;
}

/**
 * The internal body for a checked Messages body: `system` becomes a system message, tool_use
 * blocks become tool calls, tool_result blocks `tool` messages (before the rest of their user
 * turn, as the OpenAI shape needs them right after the calls), thinking blocks are left out
 * (the real API does not count earlier turns' thinking either).
 */
export function toChatBody(body: MessagesRequestBody): ChatRequestBody {
	const messages: ChatMessage[] = [];
	const system = typeof body.system === 'string' ? body.system : (body.system ?? []).map((b) => b.text ?? '').join('\n');
	if (system !== '') {
		messages.push({ role: 'system', content: system });
	}
	for (const message of body.messages) {
		messages.push(...(message.role === 'user' ? userMessages(message.content) : [assistantMessage(message.content)]));
	}
	const tools = body.tools?.map((t): ToolDefinition => ({
		type: 'function',
		function: { name: t.name, ...(t.description === undefined ? {} : { description: t.description }), parameters: t.input_schema },
	}));
	return {
		model: body.model,
		messages,
		...(body.stream === undefined ? {} : { stream: body.stream }),
		...(tools === undefined ? {} : { tools }),
		...(body.tool_choice === undefined ? {} : { tool_choice: toolChoice(body.tool_choice) }),
		...(body.max_tokens === undefined ? {} : { max_tokens: body.max_tokens }),
	};
}

function toolChoice(choice: NonNullable<MessagesRequestBody['tool_choice']>): NonNullable<ChatRequestBody['tool_choice']> {
	switch (choice.type) {
		case 'any':
			return 'required';
		case 'tool':
			return { type: 'function', function: { name: choice.name! } };
		default:
			return choice.type;
	}
}

function userMessages(content: AnthropicMessage['content']): ChatMessage[] {
	if (typeof content === 'string') {
		return [{ role: 'user', content }];
	}
	const results: ChatMessage[] = content.filter((b) => b.type === 'tool_result').map((b) => ({
		role: 'tool',
		tool_call_id: b.tool_use_id,
		content: typeof b.content === 'string' ? b.content : textOf(b.content ?? []),
	}));
	const parts = content.filter((b) => b.type === 'text' || b.type === 'image').map((b) => (b.type === 'text'
		? { type: 'text', text: b.text }
		: { type: 'image_url', image_url: { url: b.source?.url ?? `data:${b.source?.media_type ?? 'image/png'};base64,${b.source?.data ?? ''}` } }));
	return parts.length === 0 ? results : [...results, { role: 'user', content: parts }];
}

function assistantMessage(content: AnthropicMessage['content']): ChatMessage {
	if (typeof content === 'string') {
		return { role: 'assistant', content };
	}
	const calls = content.filter((b) => b.type === 'tool_use').map((b) => ({ id: b.id!, type: 'function', function: { name: b.name!, arguments: JSON.stringify(b.input) } }));
	const text = textOf(content);
	return { role: 'assistant', content: text === '' && calls.length > 0 ? null : text, ...(calls.length === 0 ? {} : { tool_calls: calls }) };
}

function textOf(blocks: readonly AnthropicBlock[]): string {
	return blocks.filter((b) => b.type === 'text').map((b) => b.text ?? '').join('\n');
}
