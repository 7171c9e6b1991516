import * as assert from 'node:assert/strict';
import { deltaFrameMs, ReplyInProgress } from '../../../../src/chat/turns/replyInProgress';
import type { FluxResponseMeta } from '../../../../src/flux/fluxClient';
import { interruptedTurn } from '../../../../src/chat/model';
import type { HostMessage, ReplyView, ToolCallView } from '../../../../src/protocol/messages';
import { FakeFrameTimer } from '../../../fakes/fakeFrameTimer';

const meta: FluxResponseMeta = { servedModel: 'claude-haiku', requestedModel: 'flux-auto', routed: true };
const usage = { promptTokens: 10, completionTokens: 5 };

describe('ReplyInProgress: streamed text coalesced per frame (issue 13.9)', () => {
	let frames: FakeFrameTimer;
	let sent: HostMessage[];
	let held: ReplyView;
	let reply: ReplyInProgress;

	beforeEach(() => {
		frames = new FakeFrameTimer();
		sent = [];
		reply = new ReplyInProgress('t1', undefined, (r) => { held = r; }, (m) => sent.push(m), frames);
		held = reply.reply;
	});

	/** The messages as short tuples, easy to compare whole. */
	function posted(): unknown[] {
		return sent.map((m) => m.type === 'turn/delta' ? ['delta', m.seq, m.content ?? '', m.reasoning ?? ''] : [m.type]);
	}

	/** What a view that took every delta sent so far shows. */
	function viewText(): { text: string; reasoning: string; deltaSeq: number } {
		const deltas = sent.filter((m) => m.type === 'turn/delta');
		return { text: deltas.map((d) => d.content ?? '').join(''), reasoning: deltas.map((d) => d.reasoning ?? '').join(''), deltaSeq: deltas.length };
	}

	it('posts the first delta at once, then everything that arrives within a frame as one message', () => {
		reply.delta({ content: 'He' });
		for (let i = 0; i < 50; i++) {
			frames.advance(0.2);
			reply.delta(i % 2 ? { content: 'l' } : { reasoning: 'r' });
		}
		assert.deepEqual(posted(), [['delta', 0, 'He', '']]);
		frames.advance(deltaFrameMs);
		assert.deepEqual(posted(), [['delta', 0, 'He', ''], ['delta', 1, 'l'.repeat(25), 'r'.repeat(25)]]);
		// A frame later with nothing new: nothing is posted; the next delta after a quiet frame goes at once.
		frames.advance(100);
		reply.delta({ content: '!' });
		assert.deepEqual({ posted: posted().slice(2), timers: frames.pending }, { posted: [['delta', 2, '!', '']], timers: 0 });
	});

	it('posts with the delta that finds the frame over, even when a busy event loop starves the timer', () => {
		reply.delta({ content: 'a' });
		reply.delta({ content: 'b' });
		frames.starve(deltaFrameMs - 1);
		reply.delta({ content: 'c' });
		frames.starve(1);
		reply.delta({ content: 'd' });
		assert.deepEqual({ posted: posted(), timers: frames.pending }, { posted: [['delta', 0, 'a', ''], ['delta', 1, 'bcd', '']], timers: 0 });
	});

	it('never posts two deltas less than a frame apart, and numbers them without gaps', () => {
		const times: number[] = [];
		const emit = (m: HostMessage) => { sent.push(m); times.push(frames.now()); };
		reply = new ReplyInProgress('t1', undefined, (r) => { held = r; }, emit, frames);
		for (let i = 0; i < 1000; i++) {
			reply.delta({ content: `${i} ` });
			frames.advance(i % 7 === 0 ? 5 : 0.7);
		}
		reply.done(meta, usage);
		const seqs = sent.filter((m) => m.type === 'turn/delta').map((m) => m.seq);
		const gaps = times.slice(1, -1).map((t, i) => t - times[i]);
		assert.deepEqual({
			seqs: seqs.join(),
			tooClose: gaps.filter((g) => g < deltaFrameMs).length,
			text: viewText().text,
			held: [held.text, held.deltaSeq],
		}, {
			seqs: seqs.map((_, i) => i).join(),
			tooClose: 0,
			text: Array.from({ length: 1000 }, (_, i) => `${i} `).join(''),
			held: [viewText().text, seqs.length],
		});
		assert.ok(seqs.length < 100, `${seqs.length} messages for about 1.4 s of text`);
	});

	it('posts waiting text before a meta, tool card, notice or any other message of the turn', () => {
		reply.delta({ content: 'a' });
		reply.delta({ content: 'b' });
		reply.meta(meta);
		reply.delta({ content: 'c' });
		reply.card({ id: 'call_1', name: 'read_file', arguments: '{}', status: 'running' });
		reply.delta({ reasoning: 'd' });
		reply.notice('Heads up.');
		reply.delta({ content: 'e' });
		reply.send({ type: 'turn/retrying', turnId: 't1', attempt: 1, maxAttempts: 3, retryAt: 0, reason: 'busy' });
		assert.deepEqual(posted(), [
			['delta', 0, 'a', ''], ['delta', 1, 'b', ''], ['turn/meta'],
			['delta', 2, 'c', ''], ['turn/tool'],
			['delta', 3, '', 'd'], ['turn/notice'],
			['delta', 4, 'e', ''], ['turn/retrying'],
		]);
		assert.equal(frames.pending, 0);
	});

	for (const [name, end] of [
		['done', (r: ReplyInProgress) => r.done(meta, usage)],
		['stopped', (r: ReplyInProgress) => r.stopped()],
		['failed', (r: ReplyInProgress) => r.failed({ message: 'dropped', actions: ['retry'] }, true)],
	] as const) {
		it(`the end of the turn (${name}) posts the waiting text and holds it in the final reply`, () => {
			reply.delta({ content: 'one ' });
			reply.delta({ content: 'two' });
			const final = end(reply);
			frames.advance(1000);
			assert.deepEqual({ posted: posted(), final: [final.text, final.deltaSeq], timers: frames.pending },
				{ posted: [['delta', 0, 'one ', ''], ['delta', 1, 'two', '']], final: ['one two', 2], timers: 0 });
		});
	}

	it('holds only what it has posted: a snapshot taken at any moment is what the view has after its deltas', () => {
		const checks: boolean[] = [];
		for (let i = 0; i < 300; i++) {
			reply.delta(i % 5 ? { content: `w${i} ` } : { reasoning: `r${i} ` });
			if (i % 40 === 39) reply.card({ id: `call_${i}`, name: 'read_file', arguments: '{}', status: 'running' });
			frames.advance(i % 3 ? 1.3 : 9);
			// The snapshot: the reply the conversation holds, with its deltaSeq.
			checks.push(held.text === viewText().text && held.reasoning === viewText().reasoning && held.deltaSeq === viewText().deltaSeq);
		}
		assert.deepEqual({ consistent: checks.every(Boolean), somePending: reply.reply.deltaSeq < 300 }, { consistent: true, somePending: true });
		// A view that reloads from the snapshot and then takes the deltas from its deltaSeq on ends with the whole reply.
		const snapshot = { ...held };
		const from = sent.length;
		for (let i = 0; i < 20; i++) {
			reply.delta({ content: `x${i} ` });
			frames.advance(2);
		}
		const final = reply.done(meta, usage);
		const later = sent.slice(from).filter((m) => m.type === 'turn/delta');
		assert.deepEqual({ first: later[0]?.seq, text: snapshot.text + later.map((d) => d.content ?? '').join('') }, { first: snapshot.deltaSeq, text: final.text });
	});
});

describe('interruptedTurn: a reply the host left in flight', () => {
	it('comes back incomplete with Retry, and its tool cards still running or waiting for a click are cancelled', () => {
		const card = (id: string, status: ToolCallView['status']): ToolCallView => ({ id, name: 'read_file', arguments: '{}', status });
		const turn = interruptedTurn({
			id: 't1', question: 'Q',
			reply: { status: 'streaming', text: 'partial', reasoning: '', tools: [card('a', 'done'), card('b', 'running'), card('c', 'awaiting')] },
		});
		assert.deepEqual({ status: turn.reply.status, actions: turn.reply.error?.actions, cards: turn.reply.tools?.map((c) => c.status) },
			{ status: 'incomplete', actions: ['retry'], cards: ['done', 'cancelled', 'cancelled'] });
	});
});
