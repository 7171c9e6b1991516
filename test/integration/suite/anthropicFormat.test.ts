import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FluxTestApi } from '../../../src/extension';
import { startFluxSimulator, type FluxSimulator } from '../../sim/fluxSimulator';

type Block = { type: string; text?: string; tool_use_id?: string; content?: unknown; name?: string; input?: unknown };
type AnthropicBody = { system?: string; max_tokens: number; messages: { role: string; content: Block[] }[] };

/** `flux.apiFormat: anthropic` in a real extension host: the same chat over the Messages API. */
describe('Flux chat on the Anthropic-compatible base in a real VS Code', () => {
	let sim: FluxSimulator;
	let api: FluxTestApi;
	const config = () => vscode.workspace.getConfiguration('flux');
	const messagesRequests = () => sim.requests.filter((r) => r.path === '/anthropic/v1/messages');

	before(async () => {
		sim = await startFluxSimulator({ apiKeys: ['sk-anthropic-format'] });
		api = (await vscode.extensions.getExtension<FluxTestApi>('fluxchat.flux-chat')!.activate())!;
		await config().update('baseUrl', sim.baseUrl, vscode.ConfigurationTarget.Global);
		await config().update('apiFormat', 'anthropic', vscode.ConfigurationTarget.Global);
		await api.apiKeys.set('sk-anthropic-format');
	});

	after(async () => {
		for (const key of ['baseUrl', 'apiFormat', 'systemPrompt']) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
		await api.apiKeys.clear();
		await sim.close();
	});

	beforeEach(async () => {
		sim.reset();
		await api.runner.newChat();
	});

	async function ask(question: string) {
		api.runner.send(question);
		await api.runner.idle();
		return api.runner.snapshot().turns.at(-1)!.reply;
	}

	it('streams a turn from /anthropic/v1/messages with the system prompt on top and the served model named', async () => {
		await config().update('systemPrompt', 'Answer briefly.', vscode.ConfigurationTarget.Global);
		const reply = await ask('hello there');
		const [request] = messagesRequests();
		const body = request.body as AnthropicBody;
		assert.deepEqual({
			status: reply.status, served: reply.meta?.servedModel, routed: reply.meta?.routed, text: reply.text.length > 0,
			paths: sim.requests.filter((r) => r.path !== '/v1/models').map((r) => r.path), version: typeof request.headers['anthropic-version'],
			system: body.system, maxTokens: body.max_tokens, roles: body.messages.map((m) => m.role),
			usage: reply.usage && [reply.usage.promptTokens === request.promptTokens, reply.usage.completionTokens === request.completionTokens],
		}, {
			status: 'done', served: 'claude-haiku', routed: true, text: true,
			paths: ['/anthropic/v1/messages'], version: 'string',
			system: 'Answer briefly.', maxTokens: 8192, roles: ['user'],
			usage: [true, true],
		});
	});

	it('runs a read_file round trip: the file goes back in a tool_result block answering the tool_use', async () => {
		const reply = await ask('What does src/math.ts export?');
		const [first, second] = messagesRequests();
		const body = second.body as AnthropicBody;
		const called = (first.status === 200) && reply.tools?.[0];
		const assistant = body.messages[1].content.find((b) => b.type === 'tool_use');
		const result = body.messages[2].content.find((b) => b.type === 'tool_result');
		assert.deepEqual({
			status: reply.status, card: called && [called.name, called.status],
			roles: body.messages.map((m) => m.role),
			answers: result?.tool_use_id === (assistant as { id?: string } | undefined)?.id,
			input: assistant?.input,
		}, {
			status: 'done', card: ['read_file', 'done'],
			roles: ['user', 'assistant', 'user'],
			answers: true,
			input: { path: 'src/math.ts' },
		});
		assert.match(String(result?.content), /export function add\(a: number, b: number\): number \{/);
		// The simulator's answer to tool results quotes them: the reply saw the file.
		assert.match(reply.text, /export function add/);
	});
});
