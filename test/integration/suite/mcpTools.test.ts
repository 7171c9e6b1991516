import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { ToolItem } from '../../../src/dialogs/chooseTools';
import type { FluxTestApi } from '../../../src/extension';
import { setAiFeatures } from '../aiFeatures';
import { startFluxSimulator, type FluxSimulator } from '../../sim/fluxSimulator';
import { until } from '../until';

type Body = { messages: { role: string; content: unknown }[]; tools?: { function: { name: string; parameters: unknown } }[] };

/**
 * An MCP server's tool in the tool belt, in a real VS Code: the test workspace's .vscode/mcp.json
 * (written by runCodeServer.ts) configures the stdio server in test/integration/mcpServer; VS Code
 * starts it and lists its tool in `vscode.lm.tools`; Flux offers it once switched on, asks on the
 * card, and only Allow runs it. The server appends each call to FLUX_MCP_CALLS.
 *
 * VS Code starts a configured server only when its chat needs tools ("chat.mcp.autostart") or on
 * request, so the suite asks with VS Code's own command, as its "Start Server" code lens does.
 * VS Code 1.100 lists the tool only with the JSON meta-schema available offline (runCodeServer.ts),
 * names it `<code>_lookup_ticket` and tells no source, so its group is "MCP server" without a name.
 */
describe('Flux tool belt: an MCP server\'s tool in a real VS Code', function () {
	this.timeout(90_000);
	let sim: FluxSimulator;
	let api: FluxTestApi;
	let tool: string;
	const mcpCalls = () => {
		const file = process.env.FLUX_MCP_CALLS!;
		return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as unknown) : [];
	};
	const bodies = () => sim.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.body as Body);
	/** VS Code 1.100 gives MCP tools no source: Flux can only say "MCP server". */
	const old = vscode.version.startsWith('1.100.');
	const group = old ? 'MCP server' : 'MCP server tickets';
	const listed = () => vscode.lm.tools.find((t) => t.name.endsWith('_lookup_ticket'))?.name;

	before(async () => {
		assert.ok(process.env.FLUX_MCP_CALLS, 'FLUX_MCP_CALLS is not set (runCodeServer.ts sets it and writes .vscode/mcp.json)');
		sim = await startFluxSimulator();
		api = (await vscode.extensions.getExtension<FluxTestApi>('fluxchat.flux-chat')!.activate())!;
		await setAiFeatures(true);
		if (old) {
			// 1.100 starts one server by its id (`mcp.config.wf<folder>.<name>`) and has no options.
			await vscode.commands.executeCommand('workbench.mcp.startServer', 'mcp.config.wf0.tickets');
		} else {
			// '*': every configured server; wait until its tools are live, and trust it as the code lens does.
			await vscode.commands.executeCommand('workbench.mcp.startServer', '*', { waitForLiveTools: true, autoTrustChanges: true });
		}
		tool = await until(`VS Code to list the MCP server's tool (it lists: ${vscode.lm.tools.map((t) => t.name).join(', ')})`, listed, 30_000);
		await vscode.workspace.getConfiguration('flux').update('baseUrl', sim.baseUrl, vscode.ConfigurationTarget.Global);
		await api.apiKeys.set('sk-mcp-tests-5d02');
	});

	after(async () => {
		await setAiFeatures(false);
		await api.toolChoices.choose([], []);
		await vscode.workspace.getConfiguration('flux').update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
		await api.apiKeys.clear();
		await sim.close();
	});

	beforeEach(async () => {
		sim.reset();
		await api.runner.newChat();
	});

	it('the picker lists the tool under its server\'s name in mcp.json, off; ticked, the model calls it, nothing runs before Allow, and after Allow its result reaches the next request', async () => {
		await api.toolChoices.choose([], []);
		let open: vscode.QuickPick<ToolItem> | undefined;
		const closed = api.chooseTools((pick) => { open = pick; });
		const pick = await until('the picker to open', () => open);
		const rows = pick.items.map((item) => item.kind === vscode.QuickPickItemKind.Separator
			? `-- ${item.label}` : `${item.label} | ${item.detail} | ${pick.selectedItems.includes(item) ? 'on' : 'off'}`);
		const at = rows.indexOf(`-- ${group}`);
		assert.deepEqual(rows.slice(at, at + 2), [`-- ${group}`, `${tool} | Looks up a support ticket by its id. | off`], rows.join('\n'));
		for (let i = 0; i < 120 && pick.activeItems[0]?.tool !== tool; i++) await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
		await vscode.commands.executeCommand('workbench.action.quickPickManyToggle');
		await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
		await closed;
		assert.deepEqual(api.toolChoices.get(), { on: [tool], off: [], alwaysAllowed: [] });

		const earlier = mcpCalls().length;
		sim.script.push({ toolCalls: [{ id: 'call_1', name: tool, arguments: { id: 'T-77' } }] }, { content: 'Done.' });
		api.runner.send('what about ticket T-77?');
		const asked = await until('the card to ask', () => api.runner.snapshot().turns.at(-1)?.reply.tools?.find((c) => c.status === 'awaiting'));
		// Give a wrongly started call time to reach the server before looking.
		await new Promise((r) => setTimeout(r, 500));
		const ranBeforeClick = mcpCalls().length - earlier;
		api.runner.decideTool(api.runner.snapshot().turns.at(-1)!.id, 'call_1', 'allow');
		await api.runner.idle();
		const [first, second] = bodies();
		assert.deepEqual({
			offered: first.tools?.filter((t) => t.function.name === tool).map((t) => t.function.parameters),
			prompt: asked.approval?.prompt,
			ranBeforeClick,
			calls: mcpCalls().slice(earlier),
			status: api.runner.snapshot().turns.at(-1)!.reply.tools?.[0]?.status,
			result: second?.messages.find((m) => m.role === 'tool')?.content,
		}, {
			offered: [{ type: 'object', properties: { id: { type: 'string', description: 'The ticket id' } }, required: ['id'] }],
			prompt: `Allow "${tool}" from ${group} to run with these arguments?`,
			ranBeforeClick: 0,
			calls: [{ name: 'lookup_ticket', arguments: { id: 'T-77' } }],
			status: 'done',
			result: 'TICKET-4412: T-77 is open, waiting on QA',
		});
	});

	it('Deny: the MCP server never hears of the call', async () => {
		await api.toolChoices.choose([tool], []);
		const before = mcpCalls().length;
		sim.script.push({ toolCalls: [{ id: 'call_1', name: tool, arguments: { id: 'T-78' } }] }, { content: 'Done.' });
		api.runner.send('what about ticket T-78?');
		await until('the card to ask', () => api.runner.snapshot().turns.at(-1)?.reply.tools?.find((c) => c.status === 'awaiting'));
		api.runner.decideTool(api.runner.snapshot().turns.at(-1)!.id, 'call_1', 'deny');
		await api.runner.idle();
		await new Promise((r) => setTimeout(r, 500));
		assert.deepEqual({ calls: mcpCalls().length - before, status: api.runner.snapshot().turns.at(-1)!.reply.tools?.[0]?.status }, { calls: 0, status: 'declined' });
	});
});
