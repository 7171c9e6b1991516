import * as assert from 'node:assert/strict';
import { silentLogger, type Logger } from '../../../../src/flux/logger';
import { ToolBelt, type ToolBeltOptions } from '../../../../src/tools/belt/toolBelt';
import type { ExternalResultPart, ExternalTool, ExternalToolHost } from '../../../../src/tools/belt/types';

const weather: ExternalTool = {
	name: 'weather.today', description: 'Today\'s weather', source: { kind: 'mcp', label: 'MCP server weather' },
	inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const broken: ExternalTool = { name: 'broken', description: 'Takes a string', source: { kind: 'extension', label: 'Other' }, inputSchema: { type: 'string' } };
const off: ExternalTool = { name: 'not_chosen', description: 'Off', source: { kind: 'extension', label: 'Other' }, inputSchema: undefined };

/** A host that records each invocation and answers with `answer` (or throws it). */
function fakeHost(answer: readonly ExternalResultPart[] | Error | ((signal: AbortSignal) => Promise<readonly ExternalResultPart[]>) = [{ kind: 'text', value: 'Sunny, 21 °C' }]) {
	const invoked: { name: string; input: unknown }[] = [];
	const host: ExternalToolHost = {
		list: () => [weather, broken, off],
		invoke: async (name, input, signal) => {
			invoked.push({ name, input });
			if (answer instanceof Error) throw answer;
			return typeof answer === 'function' ? answer(signal) : answer;
		},
	};
	return { host, invoked };
}

const card = {
	prompt: 'Allow "weather.today" from MCP server weather to run with these arguments?',
	detail: '{\n  "city": "Berlin"\n}',
	choices: [{ id: 'allow', label: 'Allow', allows: true }, { id: 'always', label: 'Always Allow', allows: true }, { id: 'deny', label: 'Deny', allows: false }],
};

describe('tool belt: offering and running', () => {
	function belt(host: ExternalToolHost, more: Partial<ToolBeltOptions> = {}) {
		const remembered: string[] = [];
		const warnings: string[] = [];
		const logger: Logger = { ...silentLogger, warn: (message: string) => { warnings.push(message); } };
		const instance = new ToolBelt({
			host, choices: { on: ['weather.today', 'broken'], off: [], alwaysAllowed: [] }, format: 'openai', reserved: ['read_file'], logger,
			maxResultChars: 100_000, rememberAllowed: async (name) => { remembered.push(name); }, ...more,
		});
		return { belt: instance, remembered, warnings };
	}

	it('offers only the tools switched on, under a safe name, and leaves out one the wire cannot take with a log line', () => {
		for (const format of ['openai', 'anthropic'] as const) {
			const { belt: b, warnings } = belt(fakeHost().host, { format });
			assert.deepEqual(b.definitions, [{ name: 'weather_today', description: 'Today\'s weather', parameters: weather.inputSchema }]);
			assert.deepEqual(warnings, ['tool broken (Other) is left out: its schema\'s top-level type is "string", not "object"']);
			assert.equal(b.has('weather_today'), true);
			assert.equal(b.has('weather.today'), false);
		}
	});

	it('asks with Allow, Always Allow and Deny, runs nothing before the answer, and after Allow runs the tool once with the model\'s arguments', async () => {
		const { host, invoked } = fakeHost();
		const { belt: b, remembered } = belt(host);
		const asked: unknown[] = [];
		let answer!: (choice: string) => void;
		const pending = b.run('weather_today', '{"city":"Berlin"}', new AbortController().signal, (approval) => {
			asked.push(approval);
			return new Promise((resolve) => { answer = resolve; });
		});
		await new Promise((resolve) => setImmediate(resolve));
		assert.deepEqual(asked, [card]);
		assert.deepEqual(invoked, []);
		answer('allow');
		assert.deepEqual(await pending, { ok: true, content: 'Sunny, 21 °C', summary: 'MCP server weather: 1 part, 12 characters' });
		assert.deepEqual(invoked, [{ name: 'weather.today', input: { city: 'Berlin' } }]);
		assert.deepEqual(remembered, []);
	});

	it('Deny runs nothing and tells the model it was declined', async () => {
		const { host, invoked } = fakeHost();
		const result = await belt(host).belt.run('weather_today', '{"city":"Berlin"}', new AbortController().signal, async () => 'deny');
		assert.deepEqual(result, {
			ok: false, declined: true, summary: 'denied by the user',
			content: 'The user declined this call to weather_today (they clicked Deny), so it did not run. Do not try to get the same effect another way; go on without it, or ask the user.',
		});
		assert.deepEqual(invoked, []);
	});

	it('Always Allow runs it, is remembered for the user, and the next call does not ask; a tool always allowed before does not ask either', async () => {
		const { host, invoked } = fakeHost();
		const { belt: b, remembered } = belt(host);
		const asked: unknown[] = [];
		const ask = async (approval: unknown) => { asked.push(approval); return 'always'; };
		await b.run('weather_today', '{"city":"Berlin"}', new AbortController().signal, ask);
		await b.run('weather_today', '{"city":"Paris"}', new AbortController().signal, ask);
		assert.deepEqual(asked, [card]);
		assert.deepEqual(remembered, ['weather.today']);
		assert.deepEqual(invoked, [{ name: 'weather.today', input: { city: 'Berlin' } }, { name: 'weather.today', input: { city: 'Paris' } }]);

		const later = belt(host, { choices: { on: ['weather.today'], off: [], alwaysAllowed: ['weather.today'] } }).belt;
		const result = await later.run('weather_today', '{"city":"Rome"}', new AbortController().signal, async () => assert.fail('asked'));
		assert.equal(result.ok, true);
	});

	it('a tool that throws becomes an Error: result; bad JSON is refused before asking', async () => {
		const failing = belt(fakeHost(new Error('server exploded')).host).belt;
		assert.deepEqual(await failing.run('weather_today', '{}', new AbortController().signal, async () => 'allow'),
			{ ok: false, content: 'Error: weather_today failed: server exploded', summary: 'failed: server exploded' });
		const { belt: b } = belt(fakeHost().host);
		assert.deepEqual(await b.run('weather_today', '[1]', new AbortController().signal, async () => assert.fail('asked')),
			{ ok: false, content: 'Error: the arguments must be a JSON object.', summary: 'invalid arguments' });
		assert.deepEqual(await b.run('not_chosen', '{}', new AbortController().signal, async () => assert.fail('asked')),
			{ ok: false, content: 'Error: there is no tool named "not_chosen".', summary: 'unknown tool not_chosen' });
	});

	it('Stop while the card waits runs nothing; Stop while it runs cancels the tool\'s token', async () => {
		const { host, invoked } = fakeHost();
		const stop = new AbortController();
		const waiting = belt(host).belt.run('weather_today', '{}', stop.signal, () => { stop.abort(); return Promise.resolve(undefined); });
		assert.deepEqual(await waiting, { ok: false, content: 'Error: the tool call was cancelled.', summary: 'cancelled' });
		assert.deepEqual(invoked, []);

		let seen: AbortSignal | undefined;
		const slow = fakeHost((signal) => {
			seen = signal;
			return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('Canceled'))));
		});
		const running = new AbortController();
		const pending = belt(slow.host).belt.run('weather_today', '{}', running.signal, async () => 'allow');
		await new Promise((resolve) => setImmediate(resolve));
		running.abort();
		assert.deepEqual(await pending, { ok: false, content: 'Error: the tool call was cancelled.', summary: 'cancelled' });
		assert.equal(seen, running.signal);
	});

	it('caps a long result like our own tools', async () => {
		const { host } = fakeHost([{ kind: 'text', value: 'x'.repeat(5000) }]);
		const result = await belt(host, { maxResultChars: 1000, choices: { on: ['weather.today'], off: [], alwaysAllowed: ['weather.today'] } }).belt.run('weather_today', '{}', new AbortController().signal, async () => undefined);
		assert.equal(result.content.length, 1000);
		assert.match(result.content, /\[truncated: the result was 5000 characters; only the first 1000 are shown\]$/);
	});
});
