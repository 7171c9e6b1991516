// The out-of-process use: `npm run sim`'s entry point in a child process, driven through the
// /_sim/ control endpoint with fetch and through /v1 with the openai client.

import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { OpenAI } from 'openai';
import type { ChildProcess } from 'node:child_process';

/** Starts out/test/sim/main.js on a free port and resolves with its base URL once it listens. */
function startSimProcess(args: readonly string[]): Promise<{ child: ChildProcess; baseUrl: string }> {
	const child = spawn(process.execPath, [path.join(__dirname, '../../sim/main.js'), '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
	return new Promise((resolve, reject) => {
		let output = '';
		child.stdout?.setEncoding('utf8').on('data', (text: string) => {
			output += text;
			const url = /listening on (http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(output)?.[1];
			if (url !== undefined) {
				resolve({ child, baseUrl: url });
			}
		});
		child.once('error', reject);
		child.once('exit', (code) => reject(new Error(`simulator exited with ${code}: ${output}`)));
	});
}

async function control(origin: string, method: string, route: string, body?: unknown): Promise<[number, unknown]> {
	const response = await fetch(`${origin}/_sim/${route}`, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return [response.status, await response.json()];
}

describe('Flux simulator: control endpoint, out of process', () => {
	let child: ChildProcess | undefined;
	let baseUrl: string;
	let origin: string;

	before(async () => {
		({ child, baseUrl } = await startSimProcess(['--key', 'sk-first', '--key', 'sk-second']));
		origin = baseUrl.replace(/\/v1$/, '');
	});
	after(() => {
		if (child?.pid !== undefined && child.exitCode === null) {
			process.kill(child.pid, 'SIGTERM');
		}
	});

	it('scripts replies, reads requests, changes settings and resets, without a key', async () => {
		const client = new OpenAI({ baseURL: baseUrl, apiKey: 'sk-second', maxRetries: 0 });
		const queued = await control(origin, 'POST', 'script', [
			{ content: 'Scripted over HTTP.', model: 'gpt-5', headers: { 'x-flux-routed': 'false' } },
			{ toolCalls: [{ name: 'read_file', arguments: { path: 'a.ts' }, argumentChunks: ['{"path"', ':"a.ts"}'] }] },
		]);
		const pending = await control(origin, 'GET', 'script');
		const first = await client.chat.completions.create({ model: 'flux-auto', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
		const second = await client.chat.completions.create({ model: 'flux-auto', messages: [{ role: 'user', content: 'hi' }] });
		const [, requests] = await control(origin, 'GET', 'requests');
		const config = await control(origin, 'POST', 'config', { apiKeys: ['sk-third'], ttftMs: 1 });
		const refused = await client.models.list().then(() => 'accepted', (e: unknown) => (e instanceof OpenAI.AuthenticationError ? 'refused' : String(e)));
		const badConfig = await control(origin, 'POST', 'config', { speed: 'fast' });
		const reset = await control(origin, 'POST', 'reset');
		const afterReset = await control(origin, 'GET', 'requests');
		const configAfterReset = await control(origin, 'GET', 'config');

		assert.deepEqual({
			queued,
			pending: (pending[1] as { pending: unknown[] }).pending.length,
			first: [first.data.choices[0].message.content, first.response.headers.get('x-flux-model'), first.response.headers.get('x-flux-routed')],
			second: second.choices[0].message.tool_calls,
			requests: (requests as { requests: Array<{ path: string; scripted: boolean; servedModel: string; headers: Record<string, string> }> }).requests
				.map((r) => [r.path, r.scripted, r.servedModel, 'authorization' in r.headers]),
			config, refused, badConfig, reset, afterReset, configAfterReset,
		}, {
			queued: [200, { queued: 2, pending: 2 }],
			pending: 2,
			first: ['Scripted over HTTP.', 'gpt-5', 'false'],
			second: [{ id: 'call_sim_000002_0', type: 'function', function: { name: 'read_file', arguments: '{"path":"a.ts"}' } }],
			requests: [['/v1/chat/completions', true, 'gpt-5', false], ['/v1/chat/completions', true, 'claude-haiku', false]],
			config: [200, { apiKeys: ['sk-third'], allowedModels: null, ttftMs: 1, tokenDelayMs: 0 }],
			refused: 'refused',
			badConfig: [400, { error: 'Unknown settings: speed.' }],
			reset: [200, { ok: true }],
			afterReset: [200, { requests: [] }],
			configAfterReset: [200, { apiKeys: ['sk-first', 'sk-second'], allowedModels: null, ttftMs: 0, tokenDelayMs: 0 }],
		});
	});
});
