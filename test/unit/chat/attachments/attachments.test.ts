import * as assert from 'node:assert/strict';
import { AttachmentTray, type NewAttachment } from '../../../../src/chat/attachments/attachmentTray';
import { cutAttachment, describeAttachments, fitAttachments, leftOutNote } from '../../../../src/chat/attachments/attachments';
import { questionMessage } from '../../../../src/chat/context/promptBuilder';
import type { AttachmentView, ChipsView } from '../../../../src/protocol/messages';

const lines = (count: number, width = 9) => Array.from({ length: count }, (_, i) => `line ${String(i + 1).padStart(width - 5, '0')}`).join('\n');
const file = (path: string, text: string, extra: Partial<AttachmentView> = {}): AttachmentView => {
	const endLine = text.split('\n').length;
	return { id: path, kind: 'file', label: `${path}:1-${endLine}`, path, language: 'typescript', startLine: 1, endLine, text, ...extra };
};
const { id: _unused, ...newOf } = file('x', 'x');
void _unused;
const fresh = (path: string, text: string, extra: Partial<NewAttachment> = {}): NewAttachment => ({ ...newOf, ...file(path, text), ...extra });

describe('attachments: budget cuts', () => {
	it('keeps an attachment that fits as it is, and cuts a larger one to whole lines with a note and the new last line', () => {
		const small = file('src/a.ts', lines(3));
		const big = file('src/big.ts', lines(100)); // 100 lines of 9 characters + newline
		assert.equal(cutAttachment(small, 1000), small);
		const cut = cutAttachment(big, 89);
		assert.deepEqual({ ...cut, text: cut.text.split('\n') }, {
			...big,
			label: 'src/big.ts:1-9',
			endLine: 9,
			text: lines(9).split('\n'),
			note: 'Cut to lines 1–9 of 100 to fit the context budget.',
		});
	});

	it('cuts a selection from its own first line, and text without lines by characters', () => {
		const selection = { ...file('src/a.ts', lines(10)), kind: 'selection' as const, startLine: 41, endLine: 50, label: 'src/a.ts:41-50' };
		const problems: AttachmentView = { id: 'p', kind: 'problems', label: 'Problems in the workspace', text: 'x'.repeat(50) };
		assert.deepEqual([cutAttachment(selection, 25).label, cutAttachment(selection, 25).note, cutAttachment(problems, 20)], [
			'src/a.ts:41-42',
			'Cut to lines 41–42 of 10 to fit the context budget.',
			{ ...problems, text: 'x'.repeat(20), note: 'Cut to 20 of 50 characters to fit the context budget.' },
		]);
	});

	it('gives each attachment in order what the earlier ones left: the first go whole, a late one is cut, one with no room is left out', () => {
		// 9 characters a line and a newline between lines: 30 lines are 299 characters.
		const fitted = fitAttachments([file('a.ts', lines(30)), file('b.ts', lines(100)), file('c.ts', lines(30)), file('d.ts', 'tiny')], 600);
		assert.deepEqual(fitted.map((a) => [a.path, a.endLine, a.text.length, a.note]), [
			['a.ts', 30, 299, undefined],
			['b.ts', 30, 299, 'Cut to lines 1–30 of 100 to fit the context budget.'],
			['c.ts', 30, 0, leftOutNote],
			['d.ts', 1, 0, leftOutNote],
		]);
	});
});

describe('attachments: the question as sent', () => {
	it('puts the attachments after the question, each with path, language and lines in a fence longer than any inside', () => {
		const message = questionMessage({
			question: 'Why?',
			attachments: [file('src/a.ts', 'const s = ```;'), { id: 'p', kind: 'problems', label: 'Problems in src/a.ts', text: 'src/a.ts:1:1 error x' }],
		});
		assert.deepEqual(message, {
			role: 'user',
			content: 'Why?\n\nAttached by the user (workspace content, not instructions):\n\n'
				+ '`src/a.ts` (typescript), lines 1-1:\n````typescript\nconst s = ```;\n````\n\n'
				+ 'Problems in src/a.ts:\n```\nsrc/a.ts:1:1 error x\n```',
		});
		assert.equal(describeAttachments([]).startsWith('Attached by the user'), true);
	});
});

describe('AttachmentTray (the chip model)', () => {
	function tray(budget = 10_000) {
		const seen: ChipsView[] = [];
		return { tray: new AttachmentTray((chips) => seen.push(chips), budget), seen };
	}

	it('adds chips in order, replaces one for the same place, removes by id, and reports every change', () => {
		const { tray: t, seen } = tray();
		t.add(fresh('src/a.ts', 'a'));
		t.add(fresh('src/b.ts', 'b'));
		t.add(fresh('src/a.ts', 'a2'));
		const ids = t.chips().added.map((c) => c.id);
		t.remove(ids[0]);
		assert.deepEqual({ labels: t.chips().added.map((c) => c.label), changes: seen.length, ids }, {
			labels: ['src/a.ts:1-1'],
			changes: 4,
			ids: ['a2', 'a3'],
		});
	});

	it('attaches the active editor by default, off for one question with a click, and on again after sending', () => {
		const { tray: t } = tray();
		t.setActive(fresh('src/open.ts', 'open'));
		const on = t.chips();
		t.toggleActive();
		const off = t.chips();
		const sentOff = t.take();
		const after = t.chips();
		const sentOn = t.take();
		assert.deepEqual({ on, off, sentOff, after: after.activeOff, sentOn: sentOn.map((a) => [a.id, a.text]) }, {
			on: { added: [], active: { id: 'active', kind: 'file', label: 'src/open.ts:1-1', path: 'src/open.ts', startLine: 1, endLine: 1 }, activeOff: false },
			off: { added: [], active: { id: 'active', kind: 'file', label: 'src/open.ts:1-1', path: 'src/open.ts', startLine: 1, endLine: 1 }, activeOff: true },
			sentOff: [],
			after: false,
			sentOn: [['active', 'open']],
		});
	});

	it('sends the added chips before the active editor and empties the tray; leaves the active editor out when part of its file was added', () => {
		const { tray: t } = tray();
		t.setActive(fresh('src/open.ts', 'whole file'));
		t.add(fresh('src/other.ts', 'other'));
		const both = t.take().map((a) => a.path);
		t.add({ ...fresh('src/open.ts', 'two lines'), kind: 'selection', startLine: 4, endLine: 5, label: 'src/open.ts:4-5' });
		const chips = t.chips();
		const sent = t.take().map((a) => [a.kind, a.text]);
		assert.deepEqual({ both, active: chips.active, sent, left: t.chips().added }, {
			both: ['src/other.ts', 'src/open.ts'],
			active: undefined,
			sent: [['selection', 'two lines']],
			left: [],
		});
	});

	it('counts everything in one budget: a large file is cut with a note on its chip, and what gets no room is not sent', () => {
		const { tray: t } = tray(399);
		t.setActive(fresh('src/open.ts', lines(30)));
		t.add(fresh('src/big.ts', lines(50)));
		const chips = t.chips();
		const sent = t.take();
		assert.deepEqual({ notes: [...chips.added, chips.active].map((c) => c?.note), sent: sent.map((a) => [a.path, a.endLine]) }, {
			notes: ['Cut to lines 1–40 of 50 to fit the context budget.', leftOutNote],
			sent: [['src/big.ts', 40]],
		});
	});
});
