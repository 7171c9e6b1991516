import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FluxTestApi } from '../../../src/extension';
import { startFluxSimulator, type FluxSimulator } from '../../sim/fluxSimulator';
import { eventually, lmClient, type LmClientApi } from '../lmClientApi';

const readFileTool: vscode.LanguageModelChatTool = {
	name: 'read_file',
	description: 'Reads a file of the workspace.',
	inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
};

/** Flux's models used by another extension through vscode.lm (VS Code 1.104+). */
describe('Flux models through vscode.lm in a real VS Code', function () {
	let sim: FluxSimulator;
	let api: FluxTestApi;
	let client: LmClientApi;
	const config = () => vscode.workspace.getConfiguration('flux');
	// VS Code reads the model list (GET /v1/models) whenever the provider says it changed: only chats count here.
	const chats = () => sim.requests.filter((r) => r.path === '/v1/chat/completions');
	const fluxModels = () => client.selectChatModels({ vendor: 'flux' });
	const model = async (id: string) => {
		const found = (await eventually(fluxModels, (models) => models.some((m) => m.id === id))).find((m) => m.id === id);
		assert.ok(found, `no Flux model ${id}`);
		return found;
	};

	before(async function () {
		client = await lmClient();
		api = (await vscode.extensions.getExtension<FluxTestApi>('fluxchat.flux-chat')!.activate())!;
		// Feature detection, as the extension itself does: older VS Code has no provider API.
		if (!client.hasProviderApi) this.skip();
		sim = await startFluxSimulator({ apiKeys: ['sk-lm-provider'] });
		await config().update('baseUrl', sim.baseUrl, vscode.ConfigurationTarget.Global);
		await api.apiKeys.set('sk-lm-provider');
	});

	after(async () => {
		if (!sim) return;
		await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
		await api.apiKeys.clear();
		await sim.close();
	});

	beforeEach(() => sim.reset());

	it('lists flux-auto, the tiers and the key\'s pinned ids under the vendor flux, sized from /v1/models', async () => {
		await model('flux-pinned-gpt-5');
		const models = await fluxModels();
		const auto = models.find((m) => m.id === 'flux-auto')!;
		assert.deepEqual({
			ids: models.map((m) => m.id).sort(),
			auto: [auto.name, auto.vendor, auto.family, auto.version, auto.maxInputTokens],
		}, {
			ids: ['flux-auto', 'flux-fast', 'flux-pinned-claude-haiku', 'flux-pinned-claude-sonnet', 'flux-pinned-deepseek-v4', 'flux-pinned-gemini-3-flash', 'flux-pinned-gpt-5', 'flux-reasoning', 'flux-standard'],
			auto: ['Flux Auto (routed)', 'flux', 'flux-auto', 'flux-auto', 200_000 - 8192],
		});
	});

	it('streams a reply from the simulator as text parts and counts it in today\'s spend', async () => {
		const before = api.spentToday();
		sim.script.push({ chunks: ['Hello', ' from', ' Flux.'], model: 'claude-sonnet' });
		const reply = await client.ask(await model('flux-standard'), [vscode.LanguageModelChatMessage.User('Say hello.')]);
		const [request] = chats();
		assert.deepEqual({
			text: reply.text.join(''), parts: reply.text.length, toolCalls: reply.toolCalls,
			asked: request.requestedModel, served: request.servedModel,
			sent: (request.body as { messages: unknown[] }).messages,
			spent: api.spentToday() > before,
		}, {
			text: 'Hello from Flux.', parts: 3, toolCalls: [],
			asked: 'flux-standard', served: 'claude-sonnet',
			sent: [{ role: 'user', content: 'Say hello.' }],
			spent: true,
		});
	});

	it('gives a tool call with its input, and sends the tool result back on the next request', async () => {
		sim.script.push({ toolCalls: [{ name: 'read_file', arguments: { path: 'src/math.ts' }, argumentChunks: ['{"pa', 'th": "src/', 'math.ts"}'] }] });
		const flux = await model('flux-fast');
		const question = vscode.LanguageModelChatMessage.User('What does src/math.ts export?');
		const first = await client.ask(flux, [question], { tools: [readFileTool], toolMode: vscode.LanguageModelChatToolMode.Required });
		const [call] = first.toolCalls;
		const second = await client.ask(flux, [
			question,
			vscode.LanguageModelChatMessage.Assistant([new vscode.LanguageModelToolCallPart(call.callId, call.name, call.input)]),
			vscode.LanguageModelChatMessage.User([new vscode.LanguageModelToolResultPart(call.callId, [new vscode.LanguageModelTextPart('export function add(a, b) {}')])]),
		], { tools: [readFileTool] });
		type Sent = { tool_choice?: unknown; messages: { role: string; tool_call_id?: string; content?: unknown; tool_calls?: { id: string; function: { arguments: string } }[] }[] };
		const [asked, answered] = chats().map((r) => r.body as Sent);
		assert.deepEqual({
			call: { name: call.name, input: call.input },
			forced: asked.tool_choice,
			roles: answered.messages.map((m) => m.role),
			callSentBack: answered.messages[1].tool_calls?.map((c) => [c.id === call.callId, JSON.parse(c.function.arguments)]),
			result: [answered.messages[2].tool_call_id === call.callId, answered.messages[2].content],
			quoted: /export function add/.test(second.text.join('')),
		}, {
			call: { name: 'read_file', input: { path: 'src/math.ts' } },
			forced: { type: 'function', function: { name: 'read_file' } },
			roles: ['user', 'assistant', 'tool'],
			callSentBack: [[true, { path: 'src/math.ts' }]],
			result: [true, 'export function add(a, b) {}'],
			quoted: true,
		});
	});

	it('counts tokens of a text and of a message', async () => {
		const flux = await model('flux-auto');
		const text = await client.countTokens(flux, 'The quick brown fox jumps over the lazy dog.');
		const message = await client.countTokens(flux, vscode.LanguageModelChatMessage.User('The quick brown fox jumps over the lazy dog.'));
		assert.deepEqual({ text: Number.isInteger(text) && text > 0, framed: message > text }, { text: true, framed: true });
	});

	it('cancels a request: the HTTP request is aborted and the simulator sees the client leave', async () => {
		sim.script.push({ chunks: Array.from({ length: 200 }, () => 'tick '), tokenDelayMs: 25 });
		const source = new vscode.CancellationTokenSource();
		const seen: string[] = [];
		const outcome = await client.ask(await model('flux-fast'), [vscode.LanguageModelChatMessage.User('Count slowly.')], {}, source.token, (text) => {
			seen.push(text);
			if (seen.length === 3) source.cancel();
		}).then(() => 'finished', (error: unknown) => error instanceof Error ? error.name : String(error));
		await sim.idle();
		assert.deepEqual({ aborted: chats()[0].clientAborted, fewParts: seen.length < 200, finishedEarly: outcome !== 'finished' || seen.length < 200 }, { aborted: true, fewParts: true, finishedEarly: true });
		source.dispose();
	});

	it('fails a rate-limited request with a LanguageModelError carrying FluxRouter\'s message and wait', async () => {
		sim.script.push({ fault: { kind: 'rateLimited', retryAfter: 20 } });
		const error = await client.ask(await model('flux-fast'), [vscode.LanguageModelChatMessage.User('hi')]).then(() => undefined, (e: unknown) => e as Error);
		assert.ok(error, 'the request did not fail');
		assert.deepEqual({ type: error instanceof vscode.LanguageModelError, code: (error as vscode.LanguageModelError).code }, { type: true, code: 'Blocked' });
		assert.match(error.message, /rate limiting this key: .* Try again in 20 s\./);
	});

	it('ends a request the server only keeps alive after flux.stream.noProgressTimeoutSeconds (raised to its 10 s minimum) with a LanguageModelError', async function () {
		this.timeout(40_000);
		// Below the minimum: the setting is read as 10 s.
		await config().update('stream.noProgressTimeoutSeconds', 5, vscode.ConfigurationTarget.Global);
		try {
			// Some text, then keep-alives every half second for two minutes (well inside the 60 s idle limit).
			sim.script.push({ chunks: ['Thinking about it', ' never sent'], fault: { kind: 'stall', seconds: 120, afterChunks: 1, keepAliveMs: 500 } });
			const started = Date.now();
			const seen: string[] = [];
			const error = await client.ask(await model('flux-fast'), [vscode.LanguageModelChatMessage.User('hi')], {}, undefined, (text) => seen.push(text))
				.then(() => undefined, (e: unknown) => e as Error);
			const tookMs = Date.now() - started;
			await sim.idle();
			assert.deepEqual({
				type: error instanceof vscode.LanguageModelError,
				message: error?.message,
				seen,
				aborted: chats()[0].clientAborted,
				inTime: tookMs >= 10_000 && tookMs < 25_000,
			}, {
				type: true,
				message: 'FluxRouter kept the connection open for 10 s without sending any answer, reasoning or tool call, so the reply was given up. Retry, or raise "flux.stream.noProgressTimeoutSeconds" for a model that thinks that long without showing it.',
				seen: ['Thinking about it'],
				aborted: true,
				inTime: true,
			}, `took ${tookMs} ms`);
		} finally {
			await config().update('stream.noProgressTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
		}
	});

	it('offers no models once the key is cleared, and them again when it is set', async () => {
		await api.apiKeys.clear();
		const without = await eventually(fluxModels, (models) => models.length === 0);
		await api.apiKeys.set('sk-lm-provider');
		const again = await eventually(fluxModels, (models) => models.length > 0);
		assert.deepEqual({ without: without.length, again: again.some((m) => m.id === 'flux-auto') }, { without: 0, again: true });
	});
});

/** Where VS Code has no provider API (1.100), the extension still works and offers nothing to vscode.lm. */
describe('Flux Chat without the language model provider API', () => {
	it('activates and registers no Flux models', async function () {
		const client = await lmClient();
		if (client.hasProviderApi) this.skip();
		const ext = vscode.extensions.getExtension('fluxchat.flux-chat')!;
		await ext.activate();
		assert.deepEqual({ active: ext.isActive, models: (await client.selectChatModels({ vendor: 'flux' })).length }, { active: true, models: 0 });
	});
});
