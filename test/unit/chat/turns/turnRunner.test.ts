import * as assert from 'node:assert/strict';
import { ContextBudget } from '../../../../src/chat/context/contextBudget';
import { countRequestTokens, type TokenCounter } from '../../../../src/chat/context/tokenCounter';
import { ToolApprovals } from '../../../../src/chat/turns/toolApprovals';
import { runTurn, type TurnContext, type TurnTools } from '../../../../src/chat/turns/turnRunner';
import type { FluxToolCall } from '../../../../src/flux/fluxClient';
import { silentLogger } from '../../../../src/flux/logger';
import type { ContextView, HostMessage, ReplyView, ToolCallView } from '../../../../src/protocol/messages';
import { startFluxSimulator, type FluxSimulator } from '../../../sim/fluxSimulator';
import { readStreamExpectation } from '../../../sim/streamFixtures';
import { thinkingSignature } from '../../../sim/anthropicBody';
import { apiFormats, chatRecords, RecordingClient } from '../../formats';
import { bpeTokenizer } from '../../../../src/chat/context/bpeTokenizer';

const definitions = ['read_file', 'search_text'].map((name) => ({ name, description: name, parameters: { type: 'object', properties: { path: { type: 'string' } } } }));

/** Tools that answer from a table, optionally slowly, and remember what ran when. */
function fakeTools(maxRounds = 8, delayMs = 0): TurnTools & { ran: { name: string; start: number; end: number; aborted: boolean }[] } {
	const ran: { name: string; start: number; end: number; aborted: boolean }[] = [];
	return {
		definitions, maxRounds, ran,
		async run(call: FluxToolCall, signal: AbortSignal) {
			const start = Date.now();
			await new Promise<void>((resolve) => {
				const timer = setTimeout(resolve, delayMs);
				signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
			});
			ran.push({ name: call.name, start, end: Date.now(), aborted: signal.aborted });
			return { content: `contents of ${call.arguments}`, summary: `${call.name} ok`, ok: true };
		},
	};
}

for (const format of apiFormats) describe(`runTurn: the tool loop against the simulator (${format} format)`, () => {
	let sim: FluxSimulator;
	let events: HostMessage[];
	let client: RecordingClient;
	/** What the chat asked for, request by request, whatever the wire. */
	const sent = () => client.sent;

	const context = (): TurnContext => ({
		createClient: async () => client,
		logger: silentLogger,
		onReply: () => {},
		emit: (m) => events.push(m),
		sleep: async () => {},
	});
	const turn = (tools: TurnTools | undefined, signal = new AbortController().signal): Promise<ReplyView> =>
		runTurn({ turnId: 't1', model: 'flux-auto', messages: [{ role: 'user', content: 'what is in src/a.ts?' }], ...(tools ? { tools } : {}) }, signal, context());

	before(async () => { sim = await startFluxSimulator(); });
	after(async () => { await sim.close(); });
	beforeEach(() => { sim.reset(); events = []; client = new RecordingClient(sim, format); });

	it('runs the calls, sends one tool message per call id, and streams the final answer', async () => {
		sim.script.push(
			{ toolCalls: [{ id: 'c1', name: 'read_file', arguments: { path: 'src/a.ts' } }, { id: 'c2', name: 'search_text', arguments: { path: 'b' } }] },
			{ content: 'It exports a.' },
		);
		const tools = fakeTools();
		const reply = await turn(tools);
		const second = sent()[1];
		assert.deepEqual({
			status: reply.status, text: reply.text,
			cards: reply.tools?.map((c) => [c.id, c.name, c.status, c.summary]),
			messages: second.messages.slice(1),
			toolChoice: second.toolChoice,
			// The simulator refuses a tool result that answers no call of the turn before.
			accepted: chatRecords(sim).map((r) => r.status),
		}, {
			status: 'done', text: 'It exports a.',
			cards: [['c1', 'read_file', 'done', 'read_file ok'], ['c2', 'search_text', 'done', 'search_text ok']],
			messages: [
				{ role: 'assistant', content: '', toolCalls: [
					{ id: 'c1', name: 'read_file', arguments: '{"path":"src/a.ts"}' },
					{ id: 'c2', name: 'search_text', arguments: '{"path":"b"}' },
				] },
				{ role: 'tool', toolCallId: 'c1', content: 'contents of {"path":"src/a.ts"}' },
				{ role: 'tool', toolCallId: 'c2', content: 'contents of {"path":"b"}' },
			],
			toolChoice: 'auto',
			accepted: [200, 200],
		});
		assert.deepEqual(events.filter((e) => e.type === 'turn/tool').map((e) => e.type === 'turn/tool' && `${e.call.id}:${e.call.status}`), ['c1:running', 'c2:running', 'c1:done', 'c2:done']);
	});

	it('sends the reasoning of a tool round back with its calls, unchanged, where the format signs it', async () => {
		sim.script.push(
			{ model: 'claude-haiku', reasoning: 'Read the file first.', toolCalls: [{ id: 'c1', name: 'read_file', arguments: { path: 'src/a.ts' } }] },
			{ content: 'It exports a.' },
		);
		const reply = await turn(fakeTools());
		const assistant = sent()[1].messages.find((m) => m.role === 'assistant');
		assert.deepEqual({
			status: reply.status, reasoning: reply.reasoning,
			sentBack: assistant?.role === 'assistant' ? assistant.thinking : undefined,
			// The simulator refuses a thinking block whose signature is not the one it issued.
			statuses: chatRecords(sim).map((r) => r.status),
		}, {
			status: 'done', reasoning: 'Read the file first.',
			sentBack: format === 'anthropic' ? [{ kind: 'thinking', text: 'Read the file first.', signature: thinkingSignature('Read the file first.') }] : undefined,
			statuses: [200, 200],
		});
	});

	it('marks an answer the model did not finish as incomplete, keeping its text, with the reason and what to do', async () => {
		const ended = async (fixture: string, tools?: TurnTools) => {
			sim.script.push({ fixture });
			const { status, text, error } = await turn(tools);
			return { status, text, error };
		};
		const textOf = (fixture: string) => (readStreamExpectation(fixture) as { text: string }).text;
		const shapes = format === 'openai'
			? { length: 'finishLength', filtered: 'finishContentFilter', complete: 'crlf' }
			: { length: 'anthropic/maxTokens', filtered: 'anthropic/refusal', complete: 'anthropic/crlf' };
		assert.deepEqual({
			length: await ended(shapes.length),
			filtered: await ended(shapes.filtered),
			complete: await ended(shapes.complete),
		}, {
			length: { status: 'incomplete', text: textOf(shapes.length), error: { message: 'Cut off at the model\'s length limit.', actions: ['continue', 'retry'] } },
			filtered: { status: 'incomplete', text: textOf(shapes.filtered), error: { message: 'The provider\'s content filter stopped this reply.', actions: ['retry'] } },
			complete: { status: 'done', text: textOf(shapes.complete), error: undefined },
		});
		if (format === 'openai') {
			// Only the OpenAI format has a refusal in words (`delta.refusal`).
			assert.deepEqual(await ended('refusal'), { status: 'incomplete', text: '', error: { message: 'I can\'t help with that request.', actions: ['retry'] } });
		}
	});

	it('ends a reply that only gets keep-alives with a clear message and Retry, keeping what streamed, without retrying on its own', async () => {
		client = new RecordingClient(sim, format, { idleTimeoutMs: 200, noProgressTimeoutMs: 400 });
		const keptAlive = async (chunks: string[], afterChunks: number) => {
			// A minute of keep-alives every 30 ms where the rest of the reply would be.
			sim.script.push({ chunks, fault: { kind: 'stall', seconds: 60, afterChunks, keepAliveMs: 30 } });
			const { status, text, error } = await turn(undefined);
			return { status, text, error };
		};
		const error = {
			message: 'FluxRouter kept the connection open for 1 s without sending any answer, reasoning or tool call, so the reply was given up. Retry, or raise "flux.stream.noProgressTimeoutSeconds" for a model that thinks that long without showing it.',
			actions: ['retry', 'openSettings'],
		};
		assert.deepEqual({
			nothing: await keptAlive(['never sent'], 0),
			half: await keptAlive(['Half ', 'an answer'], 1),
			requests: chatRecords(sim).length,
		}, {
			nothing: { status: 'error', text: '', error },
			half: { status: 'incomplete', text: 'Half ', error },
			requests: 2,
		});
	});

	it('runs the interleaved calls of a real upstream (names repeated, CRLF) and then answers', async () => {
		const fixture = format === 'openai' ? 'parallelRepeatedCrlf' : 'anthropic/twoToolUses';
		sim.script.push({ fixture }, { content: 'Both read.' });
		const tools = fakeTools();
		const reply = await turn(tools);
		const calls = (readStreamExpectation(fixture) as { toolCalls: FluxToolCall[] }).toolCalls;
		assert.deepEqual({ status: reply.status, text: reply.text, cards: reply.tools?.map((c) => [c.id, c.name, c.arguments, c.status]) }, {
			status: 'done', text: 'Both read.',
			cards: calls.map((c) => [c.id, c.name, c.arguments, 'done']),
		});
		assert.equal(calls.length, 2);
	});

	it('runs independent calls of one round in parallel', async () => {
		sim.script.push({ toolCalls: [{ name: 'read_file' }, { name: 'read_file' }, { name: 'read_file' }] }, { content: 'done' });
		const tools = fakeTools(8, 150);
		await turn(tools);
		const [a, b, c] = tools.ran;
		assert.ok(Math.max(a.start, b.start, c.start) < Math.min(a.end, b.end, c.end), 'the three calls overlapped');
	});

	it('cuts a loop that never stops at the round limit with tool_choice "none" and a visible note', async () => {
		for (let i = 0; i < 5; i++) sim.script.push({ toolCalls: [{ name: 'read_file', arguments: { path: `f${i}` } }] });
		const reply = await turn(fakeTools(2));
		assert.deepEqual({
			choices: sent().map((b) => b.toolChoice),
			rounds: reply.tools?.length,
			status: reply.status,
			notices: reply.notices?.map((n) => n.includes('limit of 2 tool rounds')),
		}, { choices: ['auto', 'auto', 'none'], rounds: 2, status: 'done', notices: [true] });
	});

	it('asks again without tools when the model rejects them, and says how to pin a tool-capable model', async () => {
		sim.script.push({ fault: { kind: 'http', status: 400, message: 'This model does not support tools.', code: 'tools_not_supported' } }, { content: 'Answer without tools.' });
		const reply = await turn(fakeTools());
		assert.deepEqual({
			offered: sent().map((b) => Array.isArray(b.tools)),
			text: reply.text,
			status: reply.status,
			notice: /pin a tool-capable model/.test(reply.notices?.[0] ?? ''),
		}, { offered: [true, false], text: 'Answer without tools.', status: 'done', notice: true });
	});

	it('Stop cancels a running tool; its card says cancelled', async () => {
		sim.script.push({ toolCalls: [{ id: 'slow', name: 'read_file' }] }, { content: 'never' });
		const controller = new AbortController();
		const tools = fakeTools(8, 5000);
		setTimeout(() => controller.abort(), 200);
		const reply = await turn(tools, controller.signal);
		assert.deepEqual({ status: reply.status, cards: reply.tools?.map((c) => c.status), aborted: tools.ran.map((r) => r.aborted), requests: chatRecords(sim).length },
			{ status: 'stopped', cards: ['cancelled'], aborted: [true], requests: 1 });
	});

	describe('a call that needs the user\'s approval', () => {
		const choices = [{ id: 'allow', label: 'Allow', allows: true }, { id: 'deny', label: 'Deny', allows: false }];
		/** Tools whose every call asks first, and run only when allowed. */
		function askingTools(): TurnTools & { ran: string[] } {
			const ran: string[] = [];
			return {
				definitions, maxRounds: 8, ran,
				async run(call, _signal, ask) {
					const chosen = await ask({ prompt: `Run ${call.name}?`, choices });
					if (chosen !== 'allow') return { content: 'Error: the user declined this call.', summary: 'declined', ok: false, declined: true };
					ran.push(call.arguments);
					return { content: `ran ${call.arguments}`, summary: 'ran', ok: true };
				},
			};
		}
		/** Runs a turn with approvals, answering each card once it shows with `answer` (or never). */
		async function turnAnswering(tools: TurnTools, answer: (card: ToolCallView) => string | undefined, signal = new AbortController().signal) {
			const approvals = new ToolApprovals();
			const seen: ToolCallView[] = [];
			const reply = await runTurn({ turnId: 't1', model: 'flux-auto', messages: [{ role: 'user', content: 'go' }], tools }, signal, {
				...context(),
				approvals,
				emit: (m) => {
					if (m.type !== 'turn/tool') return;
					seen.push(m.call);
					const choice = m.call.status === 'awaiting' ? answer(m.call) : undefined;
					if (choice) setTimeout(() => approvals.decide('t1', m.call.id, choice), 50);
				},
			});
			return { reply, seen };
		}

		it('runs nothing before the click; Allow runs it once with the model\'s arguments and its result goes to the model', async () => {
			sim.script.push({ toolCalls: [{ id: 'c1', name: 'read_file', arguments: { path: 'x' } }] }, { content: 'Used it.' });
			const tools = askingTools();
			let ranBeforeClick: number | undefined;
			const { reply, seen } = await turnAnswering(tools, () => { ranBeforeClick = tools.ran.length; return 'allow'; });
			assert.deepEqual({
				ranBeforeClick, ran: tools.ran, text: reply.text,
				statuses: seen.map((c) => c.status),
				final: reply.tools?.map((c) => [c.status, c.approval?.chosen]),
				toolMessage: sent()[1].messages.at(-1),
			}, {
				ranBeforeClick: 0, ran: ['{"path":"x"}'], text: 'Used it.',
				statuses: ['running', 'awaiting', 'running', 'done'],
				final: [['done', 'allow']],
				toolMessage: { role: 'tool', toolCallId: 'c1', content: 'ran {"path":"x"}' },
			});
		});

		it('a command that ran puts its run (how it ran, exit code, output) on its card, beside the approval', async () => {
			sim.script.push({ toolCalls: [{ id: 'c1', name: 'read_file', arguments: { path: 'x' } }] }, { content: 'It failed.' });
			const terminal = { command: 'npm test', folder: 'app', via: 'process' as const, ended: 'exited' as const, exitCode: 1, output: '1 failing' };
			const tools: TurnTools = {
				definitions, maxRounds: 8,
				async run(_call, _signal, ask) {
					await ask({ prompt: 'Run this command in "app"?', detail: 'npm test', choices });
					return { content: 'Error: the command failed with exit code 1.', summary: 'exit code 1 (child process)', ok: false, terminal };
				},
			};
			const { reply } = await turnAnswering(tools, () => 'allow');
			assert.deepEqual(reply.tools?.map(({ durationMs: _, ...card }) => card), [{
				id: 'c1', name: 'read_file', arguments: '{"path":"x"}', status: 'error', summary: 'exit code 1 (child process)',
				approval: { prompt: 'Run this command in "app"?', detail: 'npm test', choices, chosen: 'allow' }, terminal,
			}]);
		});

		it('Deny runs nothing and tells the model the user declined; the card says declined', async () => {
			sim.script.push({ toolCalls: [{ id: 'c1', name: 'read_file', arguments: { path: 'x' } }] }, { content: 'OK, without it.' });
			const tools = askingTools();
			const { reply } = await turnAnswering(tools, () => 'deny');
			assert.deepEqual({ ran: tools.ran, card: reply.tools?.map((c) => [c.status, c.approval?.chosen]), toolMessage: sent()[1].messages.at(-1) }, {
				ran: [], card: [['declined', 'deny']],
				toolMessage: { role: 'tool', toolCallId: 'c1', content: 'Error: the user declined this call.' },
			});
		});

		it('Stop while a card waits runs nothing, sends nothing more, and the card says cancelled', async () => {
			sim.script.push({ toolCalls: [{ id: 'c1', name: 'read_file', arguments: { path: 'x' } }] }, { content: 'never' });
			const tools = askingTools();
			const controller = new AbortController();
			const { reply } = await turnAnswering(tools, () => { setTimeout(() => controller.abort(), 50); return undefined; }, controller.signal);
			assert.deepEqual({ status: reply.status, ran: tools.ran, cards: reply.tools?.map((c) => c.status), requests: chatRecords(sim).length },
				{ status: 'stopped', ran: [], cards: ['cancelled'], requests: 1 });
		});

		it('a click on a choice the card did not offer, or on another turn\'s card, changes nothing', async () => {
			const approvals = new ToolApprovals();
			const controller = new AbortController();
			const waiting = approvals.wait('t1', 'c1', ['allow', 'deny'], controller.signal);
			const answers = [approvals.decide('t1', 'c1', 'always'), approvals.decide('t2', 'c1', 'allow'), approvals.decide('t1', 'c1', 'deny'), approvals.decide('t1', 'c1', 'allow')];
			assert.deepEqual({ answers, chosen: await waiting }, { answers: [false, false, true, false], chosen: 'deny' });
		});
	});

	it('without tools, sends no tools at all', async () => {
		await turn(undefined);
		const body = chatRecords(sim)[0].body as object;
		assert.deepEqual(['tools' in body, 'tool_choice' in body], [false, false]);
	});

	it('with a budget: fits every request (tool results shortened), learns from each response and reports the meter', async () => {
		// Our own tokenizer: the ratio learned is what gpt-5 reported over what we counted.
		const counter: TokenCounter = { exact: true, countText: bpeTokenizer.count, ready: async () => {} };
		const budget = new ContextBudget({ createClient: context().createClient, logger: silentLogger, counter });
		// About 3,000 words that are one token each to cl100k_base and to the simulator.
		const big = (name: string) => Array.from({ length: 3000 }, (_, i) => i ? ['the', 'and', 'for', 'are', 'but'][i % 5] : name).join(' ');
		const tools: TurnTools = {
			definitions, maxRounds: 8,
			run: async (call) => ({ content: big(JSON.parse(call.arguments).path as string), summary: 'read', ok: true }),
		};
		sim.script.push(
			{ toolCalls: [{ id: 'c1', name: 'read_file', arguments: { path: 'x' } }] },
			{ toolCalls: [{ id: 'c2', name: 'read_file', arguments: { path: 'y' } }] },
			{ content: 'Both read.' },
		);
		// Long enough that the first ratio measured is not mostly the tools' JSON (which the two tokenizers count very differently).
		const question = `read x and y: ${big('first')}`.slice(0, 4000);
		const meter: ContextView[] = [];
		const reply = await runTurn({
			turnId: 't1', model: 'flux-pinned-gpt-5', messages: [{ role: 'user', content: question }], tools,
			budget: { budget, maxInputTokens: 5000, prepared: { usedTokens: 20, budgetTokens: 5000, windowTokens: 128_000, summarisedTurns: 7, droppedTurns: 1 } },
		}, new AbortController().signal, { ...context(), onContext: (c) => meter.push(c) });
		const records = chatRecords(sim);
		const toolContents = sent().map((b) => b.messages.filter((m) => m.role === 'tool').map((m) => m.content.includes('shortened to fit the context window')));
		assert.deepEqual({
			status: reply.status,
			// The third request holds both results (about 6,000 tokens): the older one is shortened.
			shortened: toolContents,
			withinCap: records.map((r) => (r.promptTokens ?? Infinity) <= 5000),
			notices: reply.notices,
			// Before each request our estimate; after each response what gpt-5 counted; the summary counts carry over.
			meter: meter.map((c) => [c.budgetTokens, c.windowTokens, c.summarisedTurns, c.droppedTurns]),
			measured: [meter[1].usedTokens, meter[3].usedTokens, meter[5].usedTokens],
			learned: budget.limits('flux-pinned-gpt-5', 5000),
		}, {
			status: 'done',
			shortened: [[], [false], [true, false]],
			withinCap: [true, true, true],
			notices: ['Some tool results were shortened to fit the context window.'],
			meter: [[5000, 128_000, 7, 1], [5000, 400_000, 7, 1], [5000, 400_000, 7, 1], [5000, 400_000, 7, 1], [5000, 400_000, 7, 1], [5000, 400_000, 7, 1]],
			measured: records.map((r) => r.promptTokens),
			// What gpt-5 reported over what we counted, request by request: rises at once, falls a fifth of the way.
			learned: { windowTokens: 400_000, budgetTokens: 5000, ratio: sent().reduce<number | undefined>((ratio, body, i) => {
				const measured = records[i].promptTokens! / countRequestTokens(counter, body.messages, body.tools);
				return ratio === undefined || measured > ratio ? measured : ratio + (measured - ratio) * 0.2;
			}, undefined) },
		});
	});
});
