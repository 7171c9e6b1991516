import * as assert from 'node:assert/strict';
import { sourceOf } from '../../../../src/tools/belt/toolSource';

describe('tool belt: where a tool not contributed by an extension comes from', () => {
	const labels = { mcpServer: (server: string) => `MCP server ${server}`, vscode: 'VS Code' };

	it('names an MCP server as the user named it in mcp.json when VS Code gives the source (seen on 1.139)', () => {
		// VS Code named the tool after the server's own, shortened name; the group takes the config's.
		assert.deepEqual(sourceOf({ name: 'mcp_flux-test-tic_lookup_ticket', tags: ['mcp'], source: { label: 'tickets', name: 'flux-test-tickets' } }, labels),
			{ kind: 'mcp', label: 'MCP server tickets' });
	});

	it('reads the server from VS Code\'s mcp_<server>_<tool> name where there is no source (1.100)', () => {
		assert.deepEqual(sourceOf({ name: 'mcp_tickets_lookup_ticket', tags: ['mcp'] }, labels), { kind: 'mcp', label: 'MCP server tickets' });
		assert.deepEqual(sourceOf({ name: 'lookup', tags: ['mcp'], source: undefined }, labels), { kind: 'mcp', label: 'MCP server' });
	});

	it('does not take an extension\'s source, an empty label or another shape for an MCP server', () => {
		assert.deepEqual(sourceOf({ name: 'renderMermaidDiagram', tags: [], source: { id: 'vscode.mermaid-markdown-features', label: 'Mermaid Markdown Features' } }, labels), { kind: 'vscode', label: 'VS Code' });
		assert.deepEqual(sourceOf({ name: 'mcp_x_y', tags: ['mcp'], source: { label: '  ', name: 'x' } }, labels), { kind: 'mcp', label: 'MCP server x' });
		assert.deepEqual(sourceOf({ name: 'run_in_terminal', tags: [], source: null }, labels), { kind: 'vscode', label: 'VS Code' });
	});
});
