import * as assert from 'node:assert/strict';
import { choicesAfterPick, toolGroups } from '../../../../src/tools/belt/toolGroups';
import type { ExternalTool } from '../../../../src/tools/belt/types';

describe('tool belt: the picker\'s groups', () => {
	const ours = [{ name: 'read_file', description: 'Read', parameters: {} }, { name: 'run_command', description: 'Run', parameters: {} }];
	const external: ExternalTool[] = [
		{ name: 'mcp_weather_today', description: 'Weather', inputSchema: undefined, source: { kind: 'mcp', label: 'MCP server weather' } },
		{ name: 'b_tool', description: 'B', inputSchema: undefined, source: { kind: 'extension', label: 'Another' } },
		{ name: 'a_tool', description: 'A', inputSchema: undefined, source: { kind: 'extension', label: 'Another' } },
	];

	it('lists ours first (on unless switched off), then each source in order (off unless switched on)', () => {
		assert.deepEqual(toolGroups(ours, external, { on: ['b_tool'], off: ['run_command'], alwaysAllowed: [] }, 'Flux'), [
			{ label: 'Flux', tools: [{ name: 'read_file', description: 'Read', ours: true, on: true }, { name: 'run_command', description: 'Run', ours: true, on: false }] },
			{ label: 'Another', tools: [{ name: 'a_tool', description: 'A', ours: false, on: false }, { name: 'b_tool', description: 'B', ours: false, on: true }] },
			{ label: 'MCP server weather', tools: [{ name: 'mcp_weather_today', description: 'Weather', ours: false, on: false }] },
		]);
	});

	it('saves the picked external tools as on and our unpicked ones as off, keeping choices about tools not listed now', () => {
		const before = { on: ['b_tool', 'mcp_stopped_tool'], off: ['gone_tool'], alwaysAllowed: [] };
		const groups = toolGroups(ours, external, before, 'Flux');
		assert.deepEqual(choicesAfterPick(groups, ['read_file', 'a_tool', 'mcp_weather_today'], before), {
			on: ['mcp_stopped_tool', 'a_tool', 'mcp_weather_today'],
			off: ['gone_tool', 'run_command'],
		});
	});
});
