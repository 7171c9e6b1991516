import * as assert from 'node:assert/strict';
import { compactRecords, emptyConversation, foldLines, serializeLog } from '../../../../src/chat/history/conversationLog';
import type { HistoryRecord, Turn } from '../../../../src/chat/model';

const id = '0e8a4b8e-6f1c-4d2a-9b3e-1c2d3e4f5a6b';

function turn(turnId: string, question: string, text: string): Turn {
	return { id: turnId, question, askedAt: 1, reply: { status: 'done', text, reasoning: '' } };
}

describe('conversationLog', () => {
	const log: HistoryRecord[] = [
		{ type: 'created', at: 1, id },
		{ type: 'turn', at: 2, turn: turn('a', 'q1', 'first') },
		{ type: 'turn', at: 3, turn: turn('b', 'q2', 'second') },
		{ type: 'turn', at: 4, turn: turn('a', 'q1', 'first, again') },
		{ type: 'title', at: 5, title: 'Named' },
		{ type: 'pin', at: 6, model: 'flux-fast' },
		{ type: 'removeTurn', at: 7, turnId: 'b' },
		{ type: 'summary', at: 8, summary: { throughTurnId: 'a', turnCount: 1, text: 'so far' } },
	];
	const folded = { ...emptyConversation(id, 1), updatedAt: 8, title: 'Named', pin: 'flux-fast', summary: { throughTurnId: 'a', turnCount: 1, text: 'so far' }, turns: [turn('a', 'q1', 'first, again')] };

	it('folds a log in order, skipping a torn last line and noting a newer format', () => {
		const text = serializeLog(log) + JSON.stringify({ v: 99, type: 'reaction', at: 9 }) + '\n{"v":1,"type":"tu';
		assert.deepEqual(foldLines(id, text), { conversation: folded, records: log.length, newer: true });
	});

	it('compacts to the shortest log that folds to the same conversation', () => {
		const compacted = compactRecords(folded);
		assert.deepEqual({ records: compacted.map((r) => r.type), folded: foldLines(id, serializeLog(compacted)) }, {
			records: ['created', 'turn', 'title', 'pin', 'summary'],
			folded: { conversation: folded, records: 5, newer: false },
		});
	});
});
