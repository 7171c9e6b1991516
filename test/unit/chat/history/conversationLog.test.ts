import * as assert from 'node:assert/strict';
import { applyRecord, compactionThreshold, compactRecords, emptyConversation, foldLines, serializeLog } from '../../../../src/chat/history/conversationLog';
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

	it('folds a log in order, skipping a torn last line and noting a newer format and the lines that still count', () => {
		const text = serializeLog(log) + JSON.stringify({ v: 99, type: 'reaction', at: 9 }) + '\n{"v":1,"type":"tu';
		// Turn a's first version, turn b (removed) and its removal no longer count.
		const counting = serializeLog([log[0], log[3], log[4], log[5], log[7]]);
		assert.deepEqual(foldLines(id, text), { conversation: folded, newer: true, bytes: Buffer.byteLength(text), foldedBytes: Buffer.byteLength(counting) });
	});

	it('folds turns as applying each record in turn does: a re-recorded turn keeps its place, a removed one re-added goes last', () => {
		const records: HistoryRecord[] = [
			{ type: 'created', at: 1, id },
			...['a', 'b', 'c', 'd'].map((t, i): HistoryRecord => ({ type: 'turn', at: 2 + i, turn: turn(t, t, 'first') })),
			{ type: 'turn', at: 6, turn: turn('b', 'b', 'again') },
			{ type: 'removeTurn', at: 7, turnId: 'a' },
			{ type: 'turn', at: 8, turn: turn('a', 'a', 'back') },
			{ type: 'removeTurn', at: 9, turnId: 'c' },
		];
		const applied = emptyConversation(id, 1);
		for (const record of records.slice(1)) applyRecord(applied, record);
		const conversation = foldLines(id, serializeLog(records)).conversation;
		assert.deepEqual(conversation, applied);
		assert.deepEqual(conversation?.turns.map((t) => `${t.id}:${t.reply.text}`), ['b:again', 'd:first', 'a:back']);
	});

	it('compacts to the shortest log that folds to the same conversation', () => {
		const compacted = compactRecords(folded);
		const bytes = Buffer.byteLength(serializeLog(compacted));
		assert.deepEqual({ records: compacted.map((r) => r.type), folded: foldLines(id, serializeLog(compacted)) }, {
			records: ['created', 'turn', 'title', 'pin', 'summary'],
			folded: { conversation: folded, newer: false, bytes, foldedBytes: bytes },
		});
	});

	it('compacts a log once it is four times what it folds to, and over 64 KiB', () => {
		assert.deepEqual([0, 1_000, 16 * 1024, 100_000].map(compactionThreshold), [64 * 1024, 64 * 1024, 64 * 1024, 400_000]);
	});
});
