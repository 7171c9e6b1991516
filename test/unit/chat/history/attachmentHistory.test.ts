import * as assert from 'node:assert/strict';
import { historyFormatVersion, parseRecord, serializeRecord } from '../../../../src/chat/history/historyFormat';
import type { HistoryRecord, Turn } from '../../../../src/chat/model';
import { toTurnView } from '../../../../src/chat/toView';
import { toJson, toMarkdown } from '../../../../src/chat/history/exportConversation';

describe('attachments in the history file', () => {
	const attachments: Turn['attachments'] = [
		{ id: 'a1', kind: 'file', label: 'src/a.ts:1-40', path: 'src/a.ts', language: 'typescript', startLine: 1, endLine: 40, text: 'const a = 1;', note: 'Cut to lines 1–40 of 900 to fit the context budget.' },
		{ id: 'a2', kind: 'problems', label: 'Problems in the workspace', text: 'No problems.' },
	];
	const turn: Turn = { id: 't1', question: 'Why?', askedAt: 5, attachments, reply: { status: 'done', text: 'Because.', reasoning: '' } };

	it('saves them with the turn (an optional field of the same format version) and reads them back, as the view shows them', () => {
		const line = serializeRecord({ type: 'turn', at: 9, turn });
		const back = parseRecord(line) as Extract<HistoryRecord, { type: 'turn' }>;
		assert.deepEqual({ v: (JSON.parse(line) as { v: number }).v, turn: back.turn, view: toTurnView(back.turn).attachments }, { v: historyFormatVersion, turn, view: attachments });
	});

	it('reads a turn saved without them as before, and drops a field that is not a list', () => {
		const plain = { v: historyFormatVersion, type: 'turn', at: 1, turn: { id: 't', question: 'q', replies: [{ status: 'done', text: 'a' }], current: 0 } };
		const broken = { ...plain, turn: { ...plain.turn, attachments: 'nonsense' } };
		const expected = { type: 'turn', at: 1, turn: { id: 't', question: 'q', reply: { status: 'done', text: 'a', reasoning: '' } } };
		assert.deepEqual([parseRecord(JSON.stringify(plain)), parseRecord(JSON.stringify(broken))], [expected, expected]);
	});

	it('exports them with the question, in Markdown and JSON', () => {
		const conversation = { id: 'c', createdAt: 1, updatedAt: 2, turns: [turn] };
		const markdown = toMarkdown(conversation);
		const json = JSON.parse(toJson(conversation)) as { turns: { attachments?: unknown }[] };
		assert.deepEqual({
			file: markdown.includes('Attached: `src/a.ts` lines 1-40 (Cut to lines 1–40 of 900 to fit the context budget.)\n\n```typescript\nconst a = 1;\n```'),
			problems: markdown.includes('Attached: Problems in the workspace\n\n```\nNo problems.\n```'),
			json: json.turns[0].attachments,
		}, { file: true, problems: true, json: attachments });
	});
});
