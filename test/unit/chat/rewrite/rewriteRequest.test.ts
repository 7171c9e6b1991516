import * as assert from 'node:assert/strict';
import { requestRewrite } from '../../../../src/chat/rewrite/rewriteRequest';
import { StoppedEarlyError } from '../../../../src/chat/errorMessages';
import { startFluxSimulator, type FluxSimulator } from '../../../sim/fluxSimulator';
import { apiFormats, chatRecords, RecordingClient } from '../../formats';

const code = { path: 'a.ts', language: 'typescript', startLine: 1, endLine: 1, text: 'const a = 1;' };

/** Rewrite Selection forces `replace_selection`, and still works with models that will not call it. */
for (const format of apiFormats) describe(`requestRewrite (${format} format)`, () => {
	let sim: FluxSimulator;
	let client: RecordingClient;
	const rewrite = (model = 'flux-fast') => requestRewrite(client, model, 'add a type', code, new AbortController().signal);
	/** The forced tool choice as each wire spells it. */
	const forcedOnWire = format === 'openai' ? { type: 'function', function: { name: 'replace_selection' } } : { type: 'tool', name: 'replace_selection' };

	before(async () => { sim = await startFluxSimulator(); });
	after(async () => { await sim.close(); });
	beforeEach(() => { sim.reset(); client = new RecordingClient(sim, format); });

	it('forces replace_selection and takes its code', async () => {
		sim.script.push({ toolCalls: [{ name: 'replace_selection', arguments: { code: 'const a: number = 1;' } }] });
		const rewritten = await rewrite();
		const [body] = chatRecords(sim).map((r) => r.body as { tool_choice?: unknown; tools?: unknown[] });
		assert.deepEqual({ rewritten, choice: body.tool_choice, tools: body.tools?.length, asked: client.sent.map((r) => r.toolChoice) },
			{ rewritten: 'const a: number = 1;', choice: forcedOnWire, tools: 1, asked: [{ name: 'replace_selection' }] });
	});

	it('tells the code as it streams from the tool call\'s argument pieces, escapes split across them', async () => {
		// Pieces cut inside `\n` and inside `\u00e9`: what is shown never holds half an escape.
		sim.script.push({ toolCalls: [{ name: 'replace_selection', argumentChunks: ['{"code": "const a', ': number = 1;\\', 'nconst b = \'\\u00', 'e9\';"}'] }] });
		const seen: string[] = [];
		const rewritten = await requestRewrite(client, 'flux-fast', 'add a type', code, new AbortController().signal, undefined, (partial) => seen.push(partial));
		assert.deepEqual({ rewritten, seen }, {
			rewritten: "const a: number = 1;\nconst b = 'é';",
			seen: ['const a', 'const a: number = 1;', "const a: number = 1;\nconst b = '", "const a: number = 1;\nconst b = 'é';"],
		});
	});

	it('tells the fenced code as it streams when the model answers in text', async () => {
		sim.script.push({ chunks: ['Sure:\n```ts\nconst a', ': number = 1;\n', 'const b = 2;\n```\nDone.'] });
		const seen: string[] = [];
		await requestRewrite(client, 'flux-fast', 'add a type', code, new AbortController().signal, undefined, (partial) => seen.push(partial));
		assert.deepEqual(seen, ['const a: number = 1;', 'const a: number = 1;\nconst b = 2;']);
	});

	it('reads the fenced code of a model that answers in text anyway', async () => {
		sim.script.push({ content: 'Sure! Here it is:\n```ts\nconst a: number = 1;\n```\nAnything else?' });
		assert.equal(await rewrite(), 'const a: number = 1;');
	});

	it('asks once more without tools when the served model refuses them', async () => {
		sim.script.push({ content: '```ts\nconst a: number = 1;\n```' });
		// gemini-3-flash takes no tools: FluxRouter answers 400.
		const rewritten = await rewrite('flux-pinned-gemini-3-flash');
		assert.deepEqual({ rewritten, statuses: chatRecords(sim).map((r) => r.status), tools: client.sent.map((r) => r.tools?.length ?? 0) },
			{ rewritten: 'const a: number = 1;', statuses: [400, 200], tools: [1, 0] });
	});

	it('proposes nothing when the answer holds no code', async () => {
		sim.script.push({ toolCalls: [{ name: 'replace_selection', arguments: '{"cod' }] });
		await assert.rejects(rewrite(), (error: unknown) => error instanceof StoppedEarlyError && /held no code/.test(error.reason.message));
	});
});
