import * as assert from 'node:assert/strict';
import { changeSetOf, changeSetView, outcomeNote, pendingFiles, updateFiles, type ChangeSet } from '../../../src/chat/changeSet';
import { historyMessages } from '../../../src/chat/context/promptBuilder';
import { toJson, toMarkdown } from '../../../src/chat/history/exportConversation';
import { parseRecord, serializeRecord } from '../../../src/chat/history/historyFormat';
import type { Turn } from '../../../src/chat/model';
import { toTurnView } from '../../../src/chat/toView';
import { hashText, lineCounts, ProposedChanges } from '../../../src/tools/edits/proposedChanges';

function proposed(): ChangeSet {
	const overlay = new ProposedChanges();
	overlay.propose({ display: 'src/a.ts', realPath: '/ws/src/a.ts' }, 'one\ntwo\n', 'one\n2\n', { kind: 'edit', old_text: 'two', new_text: '2' });
	overlay.propose({ display: 'src/b.ts', realPath: '/ws/src/b.ts' }, undefined, 'new\nfile\n', { kind: 'create', content: 'new\nfile\n' });
	overlay.propose({ display: 'src/c.ts', realPath: '/ws/src/c.ts' }, 'c\n', 'C\n', { kind: 'edit', old_text: 'c', new_text: 'C' });
	return changeSetOf(overlay.list())!;
}

describe('change sets: the card, the outcome note, the saved form', () => {
	it('a turn\'s proposals become a pending card; the view gets counts and status, never the texts', () => {
		const changes = proposed();
		assert.deepEqual(pendingFiles(changes).map((f) => f.path), ['src/a.ts', 'src/b.ts', 'src/c.ts']);
		assert.deepEqual(changeSetView(changes, { undoable: true }), {
			id: changes.id,
			files: [
				{ path: 'src/a.ts', created: false, added: 1, removed: 1, status: 'pending' },
				{ path: 'src/b.ts', created: true, added: 2, removed: 0, status: 'pending' },
				{ path: 'src/c.ts', created: false, added: 1, removed: 1, status: 'pending' },
			],
			undoable: true,
		});
		const turn: Turn = { id: 't1', question: 'q', reply: { status: 'done', text: 'Done.', reasoning: '', changes } };
		assert.doesNotMatch(JSON.stringify(toTurnView(turn)), /new\\nfile|\/ws\//);
		assert.equal(changeSetOf([]), undefined);
	});

	it('the outcome note tells the model which files were accepted, discarded or are still waiting, with the reply on every later request', () => {
		let changes = updateFiles(proposed(), new Set(['src/a.ts']), (f) => ({ ...f, status: 'accepted' }));
		changes = updateFiles(changes, new Set(['src/b.ts']), (f) => ({ ...f, status: 'discarded' }));
		assert.equal(outcomeNote(changes), [
			'[Flux: what became of the file changes proposed in this reply]',
			'- accepted and written: src/a.ts',
			'- discarded (not written): src/b.ts',
			'- not reviewed yet (still waiting for the user): src/c.ts',
		].join('\n'));
		const history: Turn[] = [{ id: 't1', question: 'Make it faster', reply: { status: 'done', text: 'I proposed two edits.', reasoning: '', changes } }];
		const messages = historyMessages('', history, { question: 'And now?' });
		assert.deepEqual(messages.map((m) => m.role), ['user', 'assistant', 'user']);
		assert.equal(messages[1].content, `I proposed two edits.\n\n${outcomeNote(changes)}`);
		// A reply that proposed changes and said nothing still tells the model what became of them.
		const silent = historyMessages('', [{ ...history[0], reply: { ...history[0].reply, text: '' } }], { question: 'And now?' });
		assert.equal(silent[1].content, outcomeNote(changes));
	});

	it('is saved with the conversation and read back whole, pending proposals included', () => {
		const changes = updateFiles(proposed(), new Set(['src/c.ts']), (f) => ({ ...f, status: 'stale', note: 'src/c.ts changed after the change was proposed, so it was not written.' }));
		const turn: Turn = { id: 't1', question: 'q', reply: { status: 'done', text: 'Done.', reasoning: '', changes } };
		const line = serializeRecord({ type: 'turn', at: 1, turn });
		const read = parseRecord(line);
		assert.deepEqual(read, { type: 'turn', at: 1, turn });
		assert.equal(JSON.parse(line).v, 1);
		// A change that lost its text cannot be applied, so it is not read.
		const torn = JSON.parse(line);
		delete torn.turn.replies[0].changes.files[0].text;
		const readTorn = parseRecord(JSON.stringify(torn));
		assert.ok(readTorn?.type === 'turn');
		assert.deepEqual(readTorn.turn.reply.changes?.files.map((f) => f.path), ['src/b.ts', 'src/c.ts']);
	});

	it('is exported with the conversation: each file and what became of it, never the proposed text', () => {
		const changes = updateFiles(proposed(), new Set(['src/a.ts']), (f) => ({ ...f, status: 'accepted' }));
		const conversation = { id: 'c1', createdAt: 0, updatedAt: 0, turns: [{ id: 't1', question: 'q', reply: { status: 'done' as const, text: 'Done.', reasoning: '', changes } }] };
		const markdown = toMarkdown(conversation);
		assert.match(markdown, /Proposed changes:\n\n- `src\/a\.ts` \+1 −1: accepted\n- `src\/b\.ts` \+2 −0: pending/);
		assert.deepEqual(JSON.parse(toJson(conversation)).turns[0].changes[1], { path: 'src/b.ts', added: 2, removed: 0, status: 'pending' });
		assert.doesNotMatch(markdown + toJson(conversation), /new\\nfile|\/ws\//);
	});

	it('hashes and counts lines as a diff would', () => {
		assert.equal(hashText('a'), hashText('a'));
		assert.notEqual(hashText('a\n'), hashText('b\n'));
		assert.deepEqual(lineCounts('a\nb\nc\n', 'a\nB\nc\nd\n'), { added: 2, removed: 1 });
		assert.deepEqual(lineCounts('', 'x\n'), { added: 1, removed: 0 });
	});
});
