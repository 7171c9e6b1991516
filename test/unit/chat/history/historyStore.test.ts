import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { appendFileSync, copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { toJson, toMarkdown } from '../../../../src/chat/history/exportConversation';
import { searchHistory } from '../../../../src/chat/history/historySearch';
import { compactionThreshold, compactRecords, serializeLog } from '../../../../src/chat/history/conversationLog';
import { HistoryStore } from '../../../../src/chat/history/historyStore';
import { conversationSpend } from '../../../../src/chat/usage/spend';
import { silentLogger } from '../../../../src/flux/logger';
import { deadPid } from '../../../fakes/deadProcess';
import type { Conversation, HistoryRecord, Turn } from '../../../../src/chat/model';
import type { FileChange } from '../../../../src/chat/changeSet';
import type { ReplyView } from '../../../../src/protocol/messages';

/** `count` versions of one turn's reply, 2 KB each, as retries and card actions leave them. */
function versions(from: number, count: number): HistoryRecord[] {
	return Array.from({ length: count }, (_, i) => ({ type: 'turn', at: from + i, turn: turn('a', 'q', `version ${from + i} ${'x'.repeat(2000)}`) }));
}

/** A turn whose reply still carries the view's `deltaSeq`, which must never reach the file. */
function turn(id: string, question: string, text: string, servedModel = 'claude-haiku', costUsd = 0.001): Turn {
	const reply: Omit<ReplyView, 'changes'> = {
		status: 'done', text, reasoning: '', deltaSeq: 1,
		meta: { servedModel, requestedModel: 'flux-auto', routed: true },
		usage: { promptTokens: 400, completionTokens: 100, costUsd, costSource: 'usage' },
		durationMs: 1500,
	};
	return { id, question, askedAt: Date.UTC(2026, 10, 23, 12), reply };
}

describe('HistoryStore', () => {
	let dir: string;
	beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'flux-store-')); });
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it('writes nothing for an empty conversation, then one line per change, and reads it back', async () => {
		const store = new HistoryStore(dir, silentLogger);
		const conversation = store.create();
		assert.deepEqual(readdirSync(dir), []);
		await store.append(conversation, { type: 'turn', at: 1, turn: { ...turn('a', 'q1', ''), reply: { status: 'waiting', text: '', reasoning: '' } } });
		await store.append(conversation, { type: 'turn', at: 2, turn: turn('a', 'q1', 'answer 1') });
		await store.append(conversation, { type: 'pin', at: 3, model: 'flux-pinned-gpt-5' }, { type: 'title', at: 4, title: 'Renamed' });
		const lines = readFileSync(join(dir, `${conversation.id}.jsonl`), 'utf8').trimEnd().split('\n');
		assert.deepEqual(lines.map((l) => (JSON.parse(l) as { type: string }).type), ['created', 'turn', 'turn', 'pin', 'title']);
		const loaded = await new HistoryStore(dir, silentLogger).load(conversation.id);
		assert.deepEqual({ title: loaded?.title, pin: loaded?.pin, turns: loaded?.turns.map((t) => [t.question, t.reply.text]) },
			{ title: 'Renamed', pin: 'flux-pinned-gpt-5', turns: [['q1', 'answer 1']] });
	});

	it('skips a torn last line, as a killed host leaves it, and keeps everything before it', async () => {
		const store = new HistoryStore(dir, silentLogger);
		const conversation = store.create();
		await store.append(conversation, { type: 'turn', at: 1, turn: turn('a', 'q1', 'a1') }, { type: 'turn', at: 2, turn: turn('b', 'q2', 'a2') });
		appendFileSync(join(dir, `${conversation.id}.jsonl`), '{"type":"turn","at":3,"turn":{"id":"c","quest');
		const loaded = await new HistoryStore(dir, silentLogger).load(conversation.id);
		assert.deepEqual(loaded?.turns.map((t) => t.question), ['q1', 'q2']);
	});

	it('loses nothing written after a torn last line: crash, more records, reload (issue Trust 7)', async () => {
		const store = new HistoryStore(dir, silentLogger, { pid: deadPid() });
		const conversation = store.create();
		await store.append(conversation, { type: 'turn', at: 1, turn: turn('a', 'q1', 'a1') }, { type: 'turn', at: 2, turn: turn('b', 'q2', 'a2') });
		// The host is killed in the middle of a line...
		appendFileSync(join(dir, `${conversation.id}.jsonl`), '{"type":"turn","at":3,"turn":{"id":"c","quest');
		// ...and the next one opens the conversation and goes on.
		const restarted = new HistoryStore(dir, silentLogger);
		const reopened = await restarted.load(conversation.id);
		await restarted.append(reopened!, { type: 'turn', at: 4, turn: turn('c', 'q3', 'a3') }, { type: 'title', at: 5, title: 'After the crash' });
		restarted.dispose();
		const again = new HistoryStore(dir, silentLogger);
		await again.append((await again.load(conversation.id))!, { type: 'turn', at: 6, turn: turn('d', 'q4', 'a4') });
		const loaded = await new HistoryStore(dir, silentLogger).load(conversation.id);
		assert.deepEqual({ title: loaded?.title, questions: loaded?.turns.map((t) => t.question) }, { title: 'After the crash', questions: ['q1', 'q2', 'q3', 'q4'] });
	});

	it('loads a conversation file written by 0.2.0 (issue Trust 10)', async () => {
		const fixture = resolve(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'history', '0a2e1f3c-5b6d-4e7f-8a9b-0c1d2e3f4a5b.jsonl');
		copyFileSync(fixture, join(dir, basename(fixture)));
		const loaded = await new HistoryStore(dir, silentLogger).load('0a2e1f3c-5b6d-4e7f-8a9b-0c1d2e3f4a5b');
		assert.deepEqual({
			title: loaded?.title, pin: loaded?.pin, summary: loaded?.summary?.throughTurnId,
			turns: loaded?.turns.map((t) => [t.question, t.model, t.context?.path, t.reply.status, t.reply.text.slice(0, 20), t.reply.meta?.servedModel, t.reply.usage?.costUsd, t.reply.tools?.map((c) => c.name), t.reply.notices?.length]),
		}, {
			title: 'Debounce notes', pin: 'flux-pinned-gpt-5', summary: '11111111-1111-4111-8111-111111111111',
			turns: [
				['How do I debounce input in TypeScript?', undefined, undefined, 'done', 'Use `setTimeout` and', 'claude-haiku', 0.00012, undefined, 1],
				['Explain this code.', 'flux-reasoning', 'src/a.ts', 'done', 'It sets `b` to 2.', 'deepseek-v4', 0.0004, ['read_file'], undefined],
				['And throttling?', undefined, undefined, 'streaming', '', undefined, undefined, undefined, undefined],
			],
		});
	});

	it('writes its own versioned records, without the view\'s transport fields (issue Trust 10)', async () => {
		const store = new HistoryStore(dir, silentLogger);
		const conversation = store.create();
		await store.append(conversation, { type: 'turn', at: 1, turn: turn('a', 'q1', 'a1') });
		const lines = readFileSync(join(dir, `${conversation.id}.jsonl`), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
		assert.deepEqual({ versions: lines.map((l) => l.v), deltaSeq: JSON.stringify(lines).includes('deltaSeq') }, { versions: [1, 1], deltaSeq: false });
	});

	it('gives each conversation one writer: a live holder keeps it, a dead or silent one loses it (issue Trust 8)', async () => {
		const lockFile = (id: string) => join(dir, `${id}.lock`);
		const first = new HistoryStore(dir, silentLogger);
		const second = new HistoryStore(dir, silentLogger);
		const conversation = first.create();
		await first.append(conversation, { type: 'turn', at: 1, turn: turn('a', 'q1', 'a1') });
		const refused = await second.append(conversation, { type: 'turn', at: 2, turn: turn('b', 'from the other window', 'x') }).then(() => 'written', (e: Error) => e.name);
		const listedBySecond = (await second.all()).map((c) => c.turns.map((t) => t.question));
		await first.append(conversation, { type: 'turn', at: 3, turn: turn('c', 'q2', 'a2') });
		const seenLater = (await second.load(conversation.id))?.turns.map((t) => t.question);
		const deleteRefused = await second.delete(conversation.id).then(() => 'deleted', (e: Error) => e.name);
		// A host that was killed leaves its lock behind, naming a process that is gone.
		first.dispose();
		writeFileSync(lockFile(conversation.id), JSON.stringify({ pid: deadPid(), host: hostname(), token: 'crashed' }));
		const takenFromDead = await second.acquire(conversation.id);
		second.dispose();
		// A lock nobody touched for longer than staleMs is taken over too (a host elsewhere, a reused pid).
		writeFileSync(lockFile(conversation.id), JSON.stringify({ pid: process.pid, host: 'another-machine', token: 'silent' }));
		const old = new Date(Date.now() - 60_000);
		utimesSync(lockFile(conversation.id), old, old);
		const third = new HistoryStore(dir, silentLogger);
		const takenFromSilent = await third.acquire(conversation.id);
		// A lock another window is writing this very moment (still empty) is left alone.
		third.dispose();
		writeFileSync(lockFile(conversation.id), '');
		const fourth = new HistoryStore(dir, silentLogger);
		const takenWhileWritten = await fourth.acquire(conversation.id);
		assert.deepEqual({ refused, listedBySecond, seenLater, deleteRefused, takenFromDead, takenFromSilent, takenWhileWritten }, {
			refused: 'ConversationLockedError',
			listedBySecond: [['q1']],
			seenLater: ['q1', 'q2'],
			deleteRefused: 'ConversationLockedError',
			takenFromDead: true,
			takenFromSilent: true,
			takenWhileWritten: false,
		});
	});

	it('hands a conversation from window to window without either losing the other\'s records (issue Trust 8)', async () => {
		const a = new HistoryStore(dir, silentLogger);
		const b = new HistoryStore(dir, silentLogger);
		const conversation = a.create();
		await a.append(conversation, { type: 'turn', at: 1, turn: turn('a', 'q1', 'a1') });
		await a.release(conversation.id);
		await b.append((await b.load(conversation.id))!, { type: 'turn', at: 2, turn: turn('b', 'q2', 'a2') });
		await b.release(conversation.id);
		// Window a writes again without reading first: what b wrote stays, in a's own copy too.
		await a.append(conversation, { type: 'title', at: 3, title: 'Shared' });
		const inA = (await a.all()).map((c) => [c.title, c.turns.map((t) => t.question)]);
		a.dispose();
		const fromDisk = await new HistoryStore(dir, silentLogger).load(conversation.id);
		assert.deepEqual({ inA, fromDisk: [fromDisk?.title, fromDisk?.turns.map((t) => t.question)] },
			{ inA: [['Shared', ['q1', 'q2']]], fromDisk: ['Shared', ['q1', 'q2']] });
	});

	it('reads past records of a newer format and never compacts them away, on reading or writing', async () => {
		const id = randomUUID();
		const file = join(dir, `${id}.jsonl`);
		// A long log (120 KB for a 2 KB turn) with one line a later Flux Chat wrote.
		writeFileSync(file, serializeLog([{ type: 'created', at: 0, id }, ...versions(0, 60)]) + JSON.stringify({ v: 2, type: 'reaction', at: 61, emoji: '+1' }) + '\n');
		const reader = new HistoryStore(dir, silentLogger);
		const loaded = await reader.load(id);
		await reader.flush();
		// 600 KB more: past four times the file as read, where a log without such a line would be compacted.
		for (const record of versions(60, 300)) await reader.append(loaded!, record);
		const reloaded = await new HistoryStore(dir, silentLogger).load(id);
		const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
		assert.deepEqual({ read: loaded?.turns[0].reply.text.slice(0, 10), written: reloaded?.turns[0].reply.text.slice(0, 11), lines: lines.length, newer: lines.filter((l) => l.includes('reaction')).length },
			{ read: 'version 59', written: 'version 359', lines: 362, newer: 1 });
	});

	it('compacts a long log on reading, atomically, into one line per turn, once no other window writes it', async () => {
		const id = randomUUID();
		const file = join(dir, `${id}.jsonl`);
		// As an earlier Flux Chat left it: it compacted only when a conversation was opened.
		writeFileSync(file, serializeLog([{ type: 'created', at: 0, id }, ...versions(0, 60)]));
		const lines = () => readFileSync(file, 'utf8').trimEnd().split('\n').length;
		const writer = new HistoryStore(dir, silentLogger);
		await writer.acquire(id);
		// Only the window that writes a conversation compacts it (issue Trust 8): a reader leaves it be...
		const reader = new HistoryStore(dir, silentLogger);
		await reader.load(id);
		await reader.flush();
		const whileWritten = lines();
		// ...until that window is gone.
		writer.dispose();
		const next = new HistoryStore(dir, silentLogger);
		const loaded = await next.load(id);
		await next.flush();
		assert.deepEqual({ whileWritten, text: loaded?.turns[0].reply.text.slice(0, 10), lines: lines(), files: readdirSync(dir) },
			{ whileWritten: 61, text: 'version 59', lines: 2, files: [`${id}.jsonl`] });
	});

	it('compacts as it writes: a long session of card actions keeps the file within four times its content (issue 25.6)', async () => {
		const store = new HistoryStore(dir, silentLogger);
		const conversation = store.create();
		const file = join(dir, `${conversation.id}.jsonl`);
		// Each Accept, Discard or Undo appends the whole turn again, the proposed file (12 KB, twice) with it.
		const proposed = Array.from({ length: 500 }, (_, i) => `export const value${i} = ${i};`).join('\n');
		const asked = turn('a', 'Split the module', 'Here it is.');
		const card = (status: FileChange['status']): Turn => ({ ...asked, reply: { ...asked.reply, changes: {
			id: 'set-1',
			files: [{ path: 'src/values.ts', fsPath: join(dir, 'values.ts'), text: proposed, added: 500, removed: 0, steps: [{ kind: 'create', content: proposed }], status }],
		} } });
		let largest = 0;
		for (let i = 0; i < 200; i++) {
			await store.append(conversation, { type: 'turn', at: i, turn: card(i % 2 ? 'undone' : 'accepted') });
			largest = Math.max(largest, statSync(file).size);
		}
		const reloaded = await new HistoryStore(dir, silentLogger).load(conversation.id);
		const compacted = Buffer.byteLength(serializeLog(compactRecords(reloaded!)));
		// At most: the size that sets off a compaction, and the record that crossed it.
		const bound = compactionThreshold(compacted) + compacted;
		assert.deepEqual({ overBound: Math.max(0, largest - bound), statuses: reloaded?.turns.map((t) => t.reply.changes?.files.map((f) => f.status)) },
			{ overBound: 0, statuses: [['undone']] });
	});

	it('lists conversations newest first, deletes, and refuses ids that are not its own', async () => {
		const store = new HistoryStore(dir, silentLogger);
		const older = store.create();
		const newer = store.create();
		await store.append(older, { type: 'turn', at: Date.now() + 1000, turn: turn('a', 'older question', 'x') });
		await store.append(newer, { type: 'turn', at: Date.now() + 2000, turn: turn('b', 'newer question', 'y') });
		store.dispose();
		const fresh = new HistoryStore(dir, silentLogger);
		assert.deepEqual((await fresh.all()).map((c) => c.id), [newer.id, older.id]);
		await fresh.delete(older.id);
		assert.deepEqual({ all: (await fresh.all()).map((c) => c.id), traversal: await fresh.load('../../etc/passwd') }, { all: [newer.id], traversal: undefined });
		assert.deepEqual(readdirSync(dir), [`${newer.id}.jsonl`]);
	});
});

describe('History search, spend and export', () => {
	const conversations: Conversation[] = [
		{ id: '1', createdAt: 0, updatedAt: 30, turns: [turn('a', 'How do I debounce input in TypeScript?', 'Use a timer: setTimeout and clearTimeout.', 'claude-haiku')] },
		{ id: '2', createdAt: 0, updatedAt: 20, title: 'Rust lifetimes', turns: [turn('b', 'Explain borrow checking', 'Ownership and lifetimes keep references valid.', 'deepseek-v4', 0.004)] },
		{ id: '3', createdAt: 0, updatedAt: 10, turns: [turn('c', 'thanks', 'You are welcome.', 'claude-haiku'), turn('d', 'and lifetimes?', 'Later.', 'claude-haiku')] },
	];

	it('finds every word anywhere in a conversation, with a snippet, and filters by served model', () => {
		const found = searchHistory(conversations, 'LIFETIMES valid');
		assert.deepEqual(found.map(({ id, title, snippet, models, turnCount }) => ({ id, title, snippet, models, turnCount })), [
			{ id: '2', title: 'Rust lifetimes', snippet: 'Rust lifetimes', models: ['deepseek-v4'], turnCount: 1 },
		]);
		assert.deepEqual(searchHistory(conversations, 'lifetimes', 'claude-haiku').map((c) => [c.id, c.snippet]), [['3', 'and lifetimes?']]);
		assert.deepEqual(searchHistory(conversations, '').map((c) => c.id), ['1', '2', '3']);
		assert.deepEqual(searchHistory(conversations, 'nothing-like-this'), []);
	});

	it('totals a conversation and measures the router dividend against the Deep Thought rate, from reported costs only', () => {
		// The two reported turns: 1000 tokens at $4 per 1M is $0.004; paid 0.001 + 0.001 = 0.002. The estimated one counts in the total only.
		const spend = conversationSpend([...conversations[2].turns, { ...turn('e', 'q', 'a'), reply: { ...turn('e', 'q', 'a').reply, usage: { promptTokens: 400, completionTokens: 100, costUsd: 0.0005, costSource: 'estimate' } } }], 0.5);
		assert.deepEqual({ ...spend, dividend: spend.dividend && { ...spend.dividend, baselineUsd: +spend.dividend.baselineUsd.toFixed(6), savedUsd: +spend.dividend.savedUsd.toFixed(6) } }, {
			conversationUsd: 0.0025, todayUsd: 0.5, estimated: true,
			dividend: {
				baselineModel: 'one strong pinned model (Deep Thought rate)', baselineUsd: 0.004, savedUsd: 0.002,
				basis: 'Compares the replies FluxRouter reported a cost for with the same tokens at $4 per 1M; estimated replies are left out.',
			},
		});
	});

	it('hides the router dividend while no reply has a cost FluxRouter reported', () => {
		const estimated = { ...turn('e', 'q', 'a'), reply: { ...turn('e', 'q', 'a').reply, usage: { promptTokens: 400, completionTokens: 100, costUsd: 0.001, costSource: 'estimate' as const } } };
		assert.deepStrictEqual({ none: conversationSpend([], 0), estimatesOnly: conversationSpend([estimated], 0.25) }, {
			none: { conversationUsd: 0, todayUsd: 0, estimated: false },
			estimatesOnly: { conversationUsd: 0.001, todayUsd: 0.25, estimated: true },
		});
	});

	it('exports Markdown and JSON with model, tokens, cost and time per turn, and code fenced safely', () => {
		const conversation: Conversation = {
			id: 'x', createdAt: Date.UTC(2026, 10, 23), updatedAt: 0,
			turns: [{ ...turn('a', 'What does this do?', 'It greets.'), context: { path: 'src/a.ts', language: 'typescript', startLine: 1, endLine: 2, text: 'const s = "```";' } }],
		};
		const markdown = toMarkdown(conversation);
		assert.match(markdown, /^# What does this do\?\n/);
		assert.match(markdown, /> claude-haiku \(routed by flux-auto\) · 400 in \/ 100 out tokens · \$0\.001000 · 1\.5 s\n/);
		assert.match(markdown, /\n````typescript\nconst s = "```";\n````\n/);
		const json = JSON.parse(toJson(conversation)) as { turns: Record<string, unknown>[] };
		assert.deepEqual(json.turns[0], {
			askedAt: '2026-11-23T12:00:00.000Z', question: 'What does this do?', context: conversation.turns[0].context, status: 'done', answer: 'It greets.',
			servedModel: 'claude-haiku', requestedModel: 'flux-auto', routed: true, promptTokens: 400, completionTokens: 100, costUsd: 0.001, costSource: 'usage', durationMs: 1500,
		});
	});
});
