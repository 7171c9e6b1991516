import { appendFileSync } from 'node:fs';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';

/**
 * A small stdio MCP server for the tests, written with the official SDK: one tool,
 * `lookup_ticket`, that answers with a marker and its argument. VS Code starts it from the test
 * workspace's `.vscode/mcp.json` (written by test/harness/vscodeServer.ts). Each call is appended
 * as a JSON line to the file named by FLUX_MCP_CALLS, so a test can tell whether, and with what,
 * the tool ran.
 */

const calls = process.env.FLUX_MCP_CALLS;

const server = new Server({ name: 'flux-test-tickets', version: '0.0.1' }, { capabilities: { tools: {} } });

server.setRequestHandler(ListToolsRequestSchema, () => ({
	tools: [{
		name: 'lookup_ticket',
		description: 'Looks up a support ticket by its id.',
		inputSchema: {
			type: 'object',
			properties: { id: { type: 'string', description: 'The ticket id' } },
			required: ['id'],
		},
	}],
}));

server.setRequestHandler(CallToolRequestSchema, (request) => {
	const { name, arguments: args } = request.params;
	if (calls) appendFileSync(calls, JSON.stringify({ name, arguments: args ?? {} }) + '\n');
	if (name !== 'lookup_ticket') return { isError: true, content: [{ type: 'text', text: `No tool named ${name}.` }] };
	return { content: [{ type: 'text', text: `TICKET-4412: ${String(args?.id)} is open, waiting on QA` }] };
});

void server.connect(new StdioServerTransport());
