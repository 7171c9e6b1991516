// The simulator's wire format as the real openai client sees it: streams, headers, tool calls,
// usage, routing and the model list.

import * as assert from 'node:assert/strict';
import { OpenAI } from 'openai';
import { startFluxSimulator } from '../../sim/fluxSimulator';
import { collectStream } from './collectStream';
import type { ChatCompletionTool } from 'openai/resources/chat/completions';
import type { FluxSimulator } from '../../sim/fluxSimulator';

const TOOLS: ChatCompletionTool[] = [
	{ type: 'function', function: { name: 'read_file', parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } } },
	{ type: 'function', function: { name: 'search_text', parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] } } },
	{ type: 'function', function: { name: 'get_selection', parameters: { type: 'object', properties: {} } } },
];

/** The X-Flux headers of a response, by lower-case name. */
function fluxHeaders(response: Response): Record<string, string> {
	const headers: Record<string, string> = {};
	response.headers.forEach((value, name) => {
		if (name.startsWith('x-flux-')) {
			headers[name] = value;
		}
	});
	return headers;
}

describe('Flux simulator: wire format', () => {
	let sim: FluxSimulator;
	let client: OpenAI;

	before(async () => {
		sim = await startFluxSimulator();
		client = new OpenAI({ baseURL: sim.baseUrl, apiKey: 'sk-test', maxRetries: 0 });
	});
	beforeEach(() => sim.reset());
	after(() => sim.close());

	it('streams a scripted reply in token-sized deltas that assemble to the text', async () => {
		sim.enqueue({ content: 'Hello there, world! How are you?' });
		const stream = await client.chat.completions.create({ model: 'flux-auto', messages: [{ role: 'user', content: 'hi' }], stream: true });
		const collected = await collectStream(stream);
		// role chunk + 9 token deltas + finish chunk
		assert.deepEqual(collected, { content: 'Hello there, world! How are you?', reasoning: '', toolCalls: [], finishReason: 'stop', chunks: 11, usage: undefined });
	});

	it('sends the X-Flux headers, with the cost only when not streaming', async () => {
		sim.enqueue({ content: 'Hello there' }, { content: 'Hello there' });
		const plain = await client.chat.completions.create({ model: 'flux-auto', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
		const streamed = await client.chat.completions.create({ model: 'flux-auto', messages: [{ role: 'user', content: 'hi' }], stream: true }).withResponse();
		await collectStream(streamed.data);
		const common = {
			'x-flux-model': 'claude-haiku',
			'x-flux-original-model': 'flux-auto',
			'x-flux-routed': 'true',
			'x-flux-model-window': '200000',
			'x-flux-routed-model': 'claude-haiku',
		};
		assert.deepEqual(
			{ plain: fluxHeaders(plain.response), streamed: fluxHeaders(streamed.response), bodyModel: plain.data.model, usage: plain.data.usage },
			{
				plain: { ...common, 'x-flux-request-id': 'req_sim_000001', 'x-flux-cost-usd': '0.000011' },
				streamed: { ...common, 'x-flux-request-id': 'req_sim_000002' },
				bodyModel: 'flux-auto',
				// prompt: 3 priming + 4 framing + 1 ("hi") = 8, times claude-haiku's tokenizer ratio 1.15,
				// rounded: 9; completion: "Hello", " there"; $1 per 1M each way.
				usage: { prompt_tokens: 9, completion_tokens: 2, total_tokens: 11, cost_usd: 0.000011 },
			},
		);
	});

	it('adds a final usage chunk with empty choices only when include_usage is set', async () => {
		sim.enqueue({ content: 'One two three' }, { content: 'One two three' });
		const without = await collectStream(await client.chat.completions.create({ model: 'flux-standard', messages: [{ role: 'user', content: 'hi' }], stream: true }));
		const withUsage = await collectStream(await client.chat.completions.create({
			model: 'flux-standard', messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true },
		}));
		assert.deepEqual(
			{ without: [without.usage, without.chunks], withUsage: [withUsage.usage, withUsage.chunks] },
			// 8 simulator tokens, 9 by claude-sonnet's tokenizer (ratio 1.15); $2 per 1M each way.
			{ without: [undefined, 5], withUsage: [{ prompt_tokens: 9, completion_tokens: 3, total_tokens: 12, cost_usd: 0.000024 }, 6] },
		);
	});

	it('streams reasoning_content before the content', async () => {
		sim.enqueue({ reasoning: ['Thinking', ' hard'], chunks: ['Do', 'ne'] });
		const collected = await collectStream(await client.chat.completions.create({ model: 'flux-reasoning', messages: [{ role: 'user', content: 'hi' }], stream: true }));
		assert.deepEqual(collected, { content: 'Done', reasoning: 'Thinking hard', toolCalls: [], finishReason: 'stop', chunks: 6, usage: undefined });
	});

	it('streams a default tool call in fragments, with id and name first, using the offered name', async () => {
		const stream = await client.chat.completions.create({
			model: 'flux-auto', messages: [{ role: 'user', content: 'What does src/foo.ts export?' }], tools: TOOLS, stream: true,
		});
		const collected = await collectStream(stream);
		assert.deepEqual(
			{ toolCalls: collected.toolCalls, finishReason: collected.finishReason, content: collected.content },
			{
				toolCalls: [{ id: 'call_sim_000001_0', name: 'read_file', arguments: '{"path":"src/foo.ts"}', fragments: 4 }],
				finishReason: 'tool_calls',
				content: '',
			},
		);
	});

	it('picks tools by intent and by the names actually offered', async () => {
		const custom: ChatCompletionTool[] = [{ type: 'function', function: { name: 'workspace_readFile', parameters: { type: 'object', properties: { filePath: { type: 'string' } } } } }];
		const ask = async (content: string, tools: ChatCompletionTool[]): Promise<unknown> => {
			const completion = await client.chat.completions.create({ model: 'flux-standard', messages: [{ role: 'user', content }], tools });
			const message = completion.choices[0].message;
			return message.tool_calls?.map((c) => (c.type === 'function' ? [c.function.name, c.function.arguments] : [])) ?? message.content?.slice(0, 2);
		};
		assert.deepEqual(
			[
				await ask('Explain the selected code', TOOLS),
				await ask('Search for "TODO" in the workspace', TOOLS),
				await ask('find usages of parseConfig', TOOLS),
				await ask('Compare src/a.ts with lib/b.py', TOOLS),
				await ask('What is in README.md?', custom),
				await ask('Explain the selected code', custom),
			],
			[
				[['get_selection', '{}']],
				[['search_text', '{"query":"TODO"}']],
				[['search_text', '{"query":"parseConfig"}']],
				[['read_file', '{"path":"src/a.ts"}'], ['read_file', '{"path":"lib/b.py"}']],
				[['workspace_readFile', '{"filePath":"README.md"}']],
				'##',
			],
		);
	});

	it('answers from the tool result when the last messages are tool results', async () => {
		const completion = await client.chat.completions.create({
			model: 'flux-auto',
			tools: TOOLS,
			messages: [
				{ role: 'user', content: 'What does src/foo.ts export?' },
				{ role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'read_file', arguments: '{"path":"src/foo.ts"}' } }] },
				{ role: 'tool', tool_call_id: 'call_1', content: 'export const foo = 1;\nexport const bar = 2;' },
			],
		});
		assert.deepEqual(completion.choices[0].message.content, [
			'I used `read_file`; it returned 2 lines:', '',
			'```', 'export const foo = 1;\nexport const bar = 2;', '```', '',
			'Based on this result, the answer is in the quoted text above.',
		].join('\n'));
	});

	it('answers in markdown with a code block in the language asked', async () => {
		const completion = await client.chat.completions.create({ model: 'flux-auto', messages: [{ role: 'user', content: 'How do I sum even numbers in python?' }] });
		const content = completion.choices[0].message.content ?? '';
		assert.deepEqual(
			{ heading: content.split('\n')[0], fences: [...content.matchAll(/^```(\w+)$/gm)].map((m) => m[1]), hasTable: content.includes('| --- |'), hasList: content.includes('\n1. ') },
			{ heading: '## How do I sum even numbers in python', fences: ['python'], hasTable: true, hasList: true },
		);
	});

	it('routes flux-auto by difficulty and serves aliases and pinned ids as asked', async () => {
		const long = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ');
		const cases: Array<[model: string, content: OpenAI.Chat.ChatCompletionUserMessageParam['content']]> = [
			['flux-auto', 'hello, how are you?'],
			['flux-auto', 'Fix the bug in this function: `add(a, b)`'],
			['flux-auto', 'Walk me through, step by step, how to prove this loop terminates.'],
			['flux-auto', long],
			['flux-auto', [{ type: 'text', text: 'Analyze this diagram step by step' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }]],
			['flux-fast', 'Refactor this class'],
			['flux-pinned-gpt-5', 'hi'],
		];
		const seen = [];
		for (const [model, content] of cases) {
			const { response } = await client.chat.completions.create({ model, messages: [{ role: 'user', content }] }).withResponse();
			seen.push([response.headers.get('x-flux-model'), response.headers.get('x-flux-routed')]);
		}
		assert.deepEqual(seen, [
			['claude-haiku', 'true'],
			['claude-sonnet', 'true'],
			['deepseek-v4', 'true'],
			['deepseek-v4', 'true'],
			['gpt-5', 'true'], // deepseek-v4 takes no images: the router falls back
			['claude-haiku', 'false'],
			['gpt-5', 'false'],
		]);
	});

	it('rejects tools for the pinned model without tool support and unknown models, like the real service', async () => {
		const failure = async (request: Promise<unknown>): Promise<unknown> => {
			const error = await request.then(() => undefined, (e: unknown) => e);
			assert.ok(error instanceof OpenAI.APIError, `expected an APIError, got ${String(error)}`);
			return { type: error.constructor.name, status: error.status, error: error.error };
		};
		assert.deepEqual(
			[
				await failure(client.chat.completions.create({ model: 'flux-pinned-gemini-3-flash', messages: [{ role: 'user', content: 'hi' }], tools: TOOLS })),
				await failure(client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] })),
			],
			[
				{
					type: 'BadRequestError', status: 400,
					error: { message: 'The model \'flux-pinned-gemini-3-flash\' (gemini-3-flash) does not support tools. Pin a tool-capable model or use flux-auto.', type: 'invalid_request_error', code: 'tools_not_supported', param: 'tools' },
				},
				{
					type: 'PermissionDeniedError', status: 403,
					error: { message: 'The model \'gpt-4o\' does not exist or is not allowed for this key. See GET /v1/models.', type: 'permission_error', code: '403' },
				},
			],
		);
	});

	it('cuts a reply at max_tokens with finish_reason length, reasoning spending the budget first', async () => {
		const completion = await client.chat.completions.create({ model: 'flux-reasoning', max_tokens: 5, messages: [{ role: 'user', content: 'Explain step by step' }] });
		const message = completion.choices[0].message as typeof completion.choices[0]['message'] & { reasoning_content?: string };
		assert.deepEqual(
			{ content: message.content, reasoning: message.reasoning_content, finish: completion.choices[0].finish_reason, completionTokens: completion.usage?.completion_tokens },
			{ content: '', reasoning: 'The user asks: "', finish: 'length', completionTokens: 5 },
		);
	});

	it('lists the catalogue in OpenAI list format, restricted by allowedModels', async () => {
		const all = (await client.models.list()).data.map((m) => m.id);
		sim.configure({ allowedModels: ['flux-auto', 'flux-pinned-gpt-5'] });
		const page = await client.models.list();
		assert.deepEqual({ all, restricted: page.data }, {
			all: ['flux-auto', 'flux-fast', 'flux-standard', 'flux-reasoning', 'flux-pinned-claude-haiku', 'flux-pinned-claude-sonnet', 'flux-pinned-deepseek-v4', 'flux-pinned-gpt-5', 'flux-pinned-gemini-3-flash'],
			restricted: [
				{ id: 'flux-auto', object: 'model', created: 1767225600, owned_by: 'fluxrouter', context_window: 200000, supports_tools: true, supports_images: true, pricing: { input_per_million: 1, output_per_million: 1 } },
				{ id: 'flux-pinned-gpt-5', object: 'model', created: 1767225600, owned_by: 'fluxrouter', context_window: 400000, supports_tools: true, supports_images: true, pricing: { input_per_million: 4, output_per_million: 4 } },
			],
		});
	});

	it('records each request without the key, with status, served model and timings', async () => {
		sim.enqueue({ content: 'ok' });
		await client.chat.completions.create({ model: 'flux-auto', messages: [{ role: 'user', content: 'hi' }] });
		await sim.idle();
		const [record] = sim.requests;
		const { receivedAt, firstByteAt, endedAt, headers, ...rest } = record;
		assert.deepEqual({
			...rest,
			keyHidden: !('authorization' in headers) && !JSON.stringify(record).includes('sk-test'),
			ordered: receivedAt <= (firstByteAt ?? 0) && (firstByteAt ?? 0) <= (endedAt ?? 0),
		}, {
			id: 'req_sim_000001', method: 'POST', path: '/v1/chat/completions', credentialHeaders: ['authorization'],
			body: { model: 'flux-auto', messages: [{ role: 'user', content: 'hi' }] },
			status: 200, requestedModel: 'flux-auto', servedModel: 'claude-haiku', routed: true, promptTokens: 9, completionTokens: 1,
			stream: false, scripted: true, fault: undefined, clientAborted: false, droppedByServer: false,
			deltaSentAt: [], keyHidden: true, ordered: true,
		});
	});

	it('sends each paced delta as it is produced and records when it left', async () => {
		sim.enqueue({ chunks: ['a', 'b', 'c'], tokenDelayMs: 60, ttftMs: 0 });
		const arrived: number[] = [];
		const stream = await client.chat.completions.create({ model: 'flux-auto', stream: true, messages: [{ role: 'user', content: 'hi' }] });
		for await (const chunk of stream) if (chunk.choices[0]?.delta.content) arrived.push(Date.now());
		await sim.idle();
		const sent = sim.requests[0].deltaSentAt;
		// Each delta reaches the client long before the next one is due (not one delay late).
		assert.deepEqual({ sent: sent.length, lag: arrived.map((t, i) => t - sent[i] < 40) }, { sent: 3, lag: [true, true, true] });
	});
});
