import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ToolItem } from '../../../src/dialogs/chooseTools';
import type { FluxTestApi } from '../../../src/extension';
import type { ToolCallView } from '../../../src/protocol/messages';
import { setAiFeatures } from '../aiFeatures';
import { startFluxSimulator, type FluxSimulator } from '../../sim/fluxSimulator';
import { until } from '../until';

type Message = { role: string; content: unknown; tool_call_id?: string };
type Body = { messages: Message[]; tools?: { function?: { name: string; parameters: unknown }; name?: string; input_schema?: unknown }[] };

const weather = 'fluxTest_weather_today';
const long = 'fluxTest_a_tool_whose_name_is_much_longer_than_the_sixty_four_characters_both_wires_take';

/**
 * The tool belt in a real VS Code: a test extension (test/integration/lmTool) contributes and
 * registers language model tools; once the user switches them on, the simulator's model calls
 * them under their mapped names, the card asks, and only Allow runs them.
 */
describe('Flux tool belt: VS Code\'s language model tools in a real VS Code', function () {
	this.timeout(60_000);
	let sim: FluxSimulator;
	let api: FluxTestApi;
	let calls: { name: string; input: unknown }[];
	const config = () => vscode.workspace.getConfiguration('flux');


	const bodies = (path = '/v1/chat/completions') => sim.requests.filter((r) => r.path === path).map((r) => r.body as Body);

	/** One turn in which the model calls `name` with `args`; `answer` is clicked once the card waits. */
	async function toolTurn(name: string, args: Readonly<Record<string, unknown>>, answer: 'allow' | 'always' | 'deny') {
		// VS Code sends the extension host its whole tool list again whenever something changes (AI
		// features, agent mode, extensions); the turn is built from the list as it is at send time.
		await until(`VS Code to list ${name}`, () => vscode.lm.tools.some((t) => t.name.slice(0, 64) === name) || undefined);
		sim.script.push({ toolCalls: [{ id: 'call_1', name, arguments: args }] }, { content: 'Done.' });
		api.runner.send('use the tool');
		const asked = await until('the card to ask', () => api.runner.snapshot().turns.at(-1)?.reply.tools?.find((c) => c.status === 'awaiting'))
			.catch((error: Error) => { throw new Error(`${error.message}; ${whatHappened()}`); });
		const ranBeforeClick = calls.length;
		api.runner.decideTool(api.runner.snapshot().turns.at(-1)!.id, 'call_1', answer);
		await api.runner.idle();
		const card: ToolCallView | undefined = api.runner.snapshot().turns.at(-1)!.reply.tools?.[0];
		return { asked, ranBeforeClick, card };
	}

	/** What the turn and the simulator saw, for a failure message. */
	function whatHappened(): string {
		const reply = api.runner.snapshot().turns.at(-1)?.reply;
		return JSON.stringify({
			reply: reply && { status: reply.status, text: reply.text.slice(0, 200), error: reply.error, tools: reply.tools?.map((c) => [c.name, c.status]) },
			requests: sim.requests.map((r) => [r.path, (r.body as Body | undefined)?.tools?.map((t) => t.function?.name ?? t.name).filter((n) => n?.startsWith('fluxTest'))]),
			listed: vscode.lm.tools.map((t) => t.name).filter((n) => n.startsWith('fluxTest')),
			choices: api.toolChoices.get(),
		});
	}

	/** Opens "Flux: Choose Tools" and waits for its quick pick; `closed` settles once it is gone. */
	async function openPicker() {
		let open: vscode.QuickPick<ToolItem> | undefined;
		const closed = api.chooseTools((pick) => { open = pick; });
		return { pick: await until('the picker to open', () => open), closed };
	}

	/** The picker as the user reads it: `-- group`, then `name | description | on/off`. */
	const rows = (pick: vscode.QuickPick<ToolItem>) => pick.items.map((item) => item.kind === vscode.QuickPickItemKind.Separator
		? `-- ${item.label}` : `${item.label} | ${item.detail} | ${pick.selectedItems.includes(item) ? 'on' : 'off'}`);
	const fromGroup = (all: string[], group: string) => all.slice(all.indexOf(`-- ${group}`), all.findIndex((row, i) => i > all.indexOf(`-- ${group}`) && row.startsWith('-- ')) >>> 0);

	/** Moves the quick pick's focus with VS Code's own command until it is on `tool`. */
	async function focus(pick: vscode.QuickPick<ToolItem>, tool: string) {
		for (let i = 0; i < 60 && pick.activeItems[0]?.tool !== tool; i++) await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
		assert.equal(pick.activeItems[0]?.tool, tool);
	}

	before(async () => {
		sim = await startFluxSimulator();
		api = (await vscode.extensions.getExtension<FluxTestApi>('fluxchat.flux-chat')!.activate())!;
		const toolExtension = vscode.extensions.getExtension<{ calls: typeof calls }>('fluxchat-test.lm-tool');
		assert.ok(toolExtension, 'the lm-tool test extension is not loaded (runCodeServer.ts installs it into the extensions folder)');
		calls = (await toolExtension.activate()).calls;
		await setAiFeatures(true);
		await until(`VS Code to list the test tools (it lists: ${vscode.lm.tools.map((t) => t.name).join(', ')})`, () => vscode.lm.tools.some((t) => t.name === weather) || undefined);
		await config().update('baseUrl', sim.baseUrl, vscode.ConfigurationTarget.Global);
		await api.apiKeys.set('sk-belt-tests-2c81');
	});

	after(async () => {
		await setAiFeatures(false);
		await api.toolChoices.choose([], []);
		await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
		await config().update('apiFormat', undefined, vscode.ConfigurationTarget.Global);
		await api.apiKeys.clear();
		await sim.close();
	});

	beforeEach(async () => {
		sim.reset();
		calls.length = 0;
		await api.runner.newChat();
	});

	it('offers no tool of another extension until the user switches it on', async () => {
		await api.toolChoices.choose([], []);
		sim.script.push({ content: 'Hi.' });
		api.runner.send('hello');
		await api.runner.idle();
		const names = bodies()[0].tools?.map((t) => t.function!.name) ?? [];
		assert.deepEqual(names.filter((n) => n.startsWith('fluxTest')), []);
		assert.ok(names.includes('read_file'), names.join());
	});

	it('runs nothing before a click; after Allow the tool ran once with the model\'s arguments and its result reached the next request', async () => {
		await api.toolChoices.choose([weather, long], []);
		const { asked, ranBeforeClick, card } = await toolTurn('fluxTest_weather_today', { city: 'Berlin' }, 'allow');
		const [first, second] = bodies();
		assert.deepEqual({
			offered: first.tools?.filter((t) => t.function!.name.startsWith('fluxTest')).map((t) => [t.function!.name, t.function!.parameters]),
			approval: asked.approval, ranBeforeClick, calls,
			status: card?.status,
			result: second.messages.find((m) => m.role === 'tool')?.content,
		}, {
			offered: [
				['fluxTest_weather_today', { type: 'object', properties: { city: { type: 'string', description: 'The city' } }, required: ['city'] }],
				[long.slice(0, 64), { type: 'object', properties: {} }],
			],
			approval: {
				prompt: 'Allow "fluxTest_weather_today" from Flux test: a language model tool to run with these arguments?',
				detail: '{\n  "city": "Berlin"\n}',
				choices: [{ id: 'allow', label: 'Allow', allows: true }, { id: 'always', label: 'Always Allow', allows: true }, { id: 'deny', label: 'Deny', allows: false }],
			},
			ranBeforeClick: 0,
			calls: [{ name: weather, input: { city: 'Berlin' } }],
			status: 'done',
			result: 'WEATHER-7731: sunny in Berlin',
		});
	});

	it('Deny runs nothing and the model reads that the user declined', async () => {
		await api.toolChoices.choose([weather], []);
		const { card } = await toolTurn('fluxTest_weather_today', { city: 'Paris' }, 'deny');
		assert.deepEqual({ calls, status: card?.status, result: bodies()[1].messages.find((m) => m.role === 'tool')?.content }, {
			calls: [], status: 'declined',
			result: 'The user declined this call to fluxTest_weather_today (they clicked Deny), so it did not run. Do not try to get the same effect another way; go on without it, or ask the user.',
		});
	});

	it('maps a name over 64 characters and maps the call back, on the Anthropic wire too', async () => {
		await config().update('apiFormat', 'anthropic', vscode.ConfigurationTarget.Global);
		try {
			await api.toolChoices.choose([long], []);
			await toolTurn(long.slice(0, 64), {}, 'allow');
			const [first, second] = bodies('/anthropic/v1/messages');
			const result = (second.messages.at(-1)!.content as { type: string; content?: unknown }[]).find((b) => b.type === 'tool_result');
			assert.deepEqual({
				offered: first.tools?.filter((t) => t.name!.startsWith('fluxTest')).map((t) => [t.name, t.input_schema]),
				calls, result: result?.content,
			}, {
				offered: [[long.slice(0, 64), { type: 'object', properties: {} }]],
				calls: [{ name: long, input: {} }],
				result: 'LONG-5518',
			});
		} finally {
			await config().update('apiFormat', undefined, vscode.ConfigurationTarget.Global);
		}
	});

	it('the picker groups Flux and the extension with descriptions, starts the extension\'s tools off, saves a tick, and the next turn offers and runs the tool', async () => {
		await api.toolChoices.choose([], []);
		const { pick, closed } = await openPicker();
		const before = rows(pick);
		const groups = before.filter((row) => row.startsWith('-- '));
		assert.deepEqual({
			// Other groups (Copilot's, VS Code's own) differ by build: Flux first, then the rest by name.
			first: groups[0],
			sorted: groups.slice(1).every((row, i, rest) => i === 0 || rest[i - 1].localeCompare(row) < 0),
			hasTestGroup: groups.includes('-- Flux test: a language model tool'),
			fluxAllOn: fromGroup(before, 'Flux').slice(1).every((row) => row.endsWith('| on')),
			fluxHasReadFile: fromGroup(before, 'Flux').some((row) => row.startsWith('read_file | ')),
			test: fromGroup(before, 'Flux test: a language model tool'),
		}, {
			first: '-- Flux', sorted: true, hasTestGroup: true,
			fluxAllOn: true,
			fluxHasReadFile: true,
			test: ['-- Flux test: a language model tool', `${long} | A tool with a long name. | off`, `${weather} | Today's weather in a city. | off`],
		});
		await focus(pick, weather);
		await vscode.commands.executeCommand('workbench.action.quickPickManyToggle');
		await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
		await closed;
		assert.deepEqual(api.toolChoices.get(), { on: [weather], off: [], alwaysAllowed: [] });
		const { card } = await toolTurn(weather, { city: 'Oslo' }, 'allow');
		assert.deepEqual({
			offered: bodies()[0].tools?.map((t) => t.function!.name).filter((n) => n.startsWith('fluxTest')),
			calls, status: card?.status,
		}, { offered: [weather], calls: [{ name: weather, input: { city: 'Oslo' } }], status: 'done' });
	});
});
