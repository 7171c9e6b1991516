import * as assert from 'node:assert/strict';
import { endAttempt, startAttempt, type Reply, type Turn } from '../../../src/chat/model';

/** A retry the model cut off at its length limit, over an answer that was whole. */
describe('endAttempt with a reply the model did not finish', () => {
	const whole: Reply = { status: 'done', text: 'A whole answer.', reasoning: '' };
	const cut: Reply = { status: 'incomplete', text: 'A longer answer that', reasoning: '', error: { message: 'Cut off at the model\'s length limit.', actions: ['continue', 'retry'] } };
	const asked: Turn = { id: 't1', question: 'Explain', reply: whole };

	it('keeps the whole answer current, the cut one as a version, and offers Retry without Continue', () => {
		assert.deepStrictEqual(endAttempt(startAttempt(asked), cut), {
			id: 't1', question: 'Explain',
			reply: whole, replies: [whole, cut], current: 0,
			retryFailed: { message: 'The retry was cut off: Cut off at the model\'s length limit. The previous answer is kept; the partial one is version 2.', actions: ['retry'] },
		});
	});

	it('makes a first answer that was cut off current, with its Continue', () => {
		assert.deepStrictEqual(endAttempt(startAttempt({ ...asked, reply: { status: 'waiting', text: '', reasoning: '' } }), cut), { id: 't1', question: 'Explain', reply: cut });
	});
});
