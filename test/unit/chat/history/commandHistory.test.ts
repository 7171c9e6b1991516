import * as assert from 'node:assert/strict';
import { toJson, toMarkdown } from '../../../../src/chat/history/exportConversation';
import { parseRecord, serializeRecord } from '../../../../src/chat/history/historyFormat';
import type { HistoryRecord, Turn } from '../../../../src/chat/model';
import { toTurnView } from '../../../../src/chat/toView';
import type { ToolCallView } from '../../../../src/protocol/messages';

describe('run_command in the history file', () => {
	const choices = [{ id: 'run', label: 'Run', allows: true }, { id: 'skip', label: 'Skip', allows: false }];
	const ask = (command: string, chosen: string) => ({ prompt: 'Run this command in "app"?', detail: command, choices, chosen });
	const tools: ToolCallView[] = [
		{
			id: 'c1', name: 'run_command', arguments: '{"command":"npm test"}', status: 'error', summary: 'exit code 1 (terminal)', durationMs: 2100,
			approval: ask('npm test', 'run'),
			terminal: { command: 'npm test', folder: 'app', via: 'terminal', ended: 'exited', exitCode: 1, output: '3 passing\n1 failing' },
		},
		{ id: 'c2', name: 'run_command', arguments: '{"command":"rm -rf build"}', status: 'declined', summary: 'skipped by the user', durationMs: 1, approval: ask('rm -rf build', 'skip') },
		{
			id: 'c3', name: 'run_command', arguments: '{"command":"git status"}', status: 'done', summary: 'exit code 0 (child process)', durationMs: 40,
			terminal: { command: 'git status', folder: 'app/src', via: 'process', ended: 'exited', exitCode: 0, output: 'clean', autoRun: true },
		},
		{
			id: 'c4', name: 'run_command', arguments: '{"command":"sleep 999"}', status: 'error', summary: 'timed out (terminal)', durationMs: 5000,
			approval: ask('sleep 999', 'run'),
			terminal: { command: 'sleep 999', folder: 'app', via: 'terminal', ended: 'timeout', output: '' },
		},
		{
			id: 'c5', name: 'run_command', arguments: '{"command":"npm ci\\nnpm test"}', status: 'done', summary: 'exit code 0 (terminal)', durationMs: 9000,
			approval: ask('npm ci\nnpm test', 'run'),
			terminal: { command: 'npm ci\nnpm test', folder: 'app', via: 'terminal', ended: 'exited', exitCode: 0, output: 'ok' },
		},
	];
	const turn: Turn = { id: 't1', question: 'Run the tests', askedAt: 5, reply: { status: 'done', text: 'One test fails.', reasoning: '', tools } };

	it('keeps the card, the command, the decision and the output, and shows them as before after reopening', () => {
		const back = parseRecord(serializeRecord({ type: 'turn', at: 9, turn })) as Extract<HistoryRecord, { type: 'turn' }>;
		assert.deepEqual({ turn: back.turn, view: toTurnView(back.turn).reply.tools }, { turn, view: tools });
	});

	it('exports each command with its folder and exit code, in Markdown and JSON', () => {
		const conversation = { id: 'c', createdAt: 1, updatedAt: 2, turns: [turn] };
		const markdown = toMarkdown(conversation);
		const json = JSON.parse(toJson(conversation)) as { turns: { commands?: unknown }[] };
		assert.deepEqual({
			markdown: markdown.slice(markdown.indexOf('Commands:')).split('\n').slice(0, 13),
			json: json.turns[0].commands,
		}, {
			markdown: [
				'Commands:',
				'',
				'- `npm test` in `app`: exit code 1',
				'- `rm -rf build`: skipped',
				'- `git status` in `app/src`: exit code 0',
				'- `sleep 999` in `app`: timed out',
				'- Command in `app`: exit code 0',
				'',
				'  ```sh',
				'  npm ci',
				'  npm test',
				'  ```',
				'',
			],
			json: [
				{ command: 'npm test', folder: 'app', outcome: 'exit code 1', exitCode: 1 },
				{ command: 'rm -rf build', outcome: 'skipped' },
				{ command: 'git status', folder: 'app/src', outcome: 'exit code 0', exitCode: 0 },
				{ command: 'sleep 999', folder: 'app', outcome: 'timed out' },
				{ command: 'npm ci\nnpm test', folder: 'app', outcome: 'exit code 0', exitCode: 0 },
			],
		});
	});
});
