// The out-of-process control endpoint under /_sim/: lets a test in another process (an extension
// host, Playwright) script replies and read what the simulator received. No API key needed; the
// simulator only listens on loopback.

import { hasStreamFixture } from './streamFixtures';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FluxSimulator, SimConfig } from './fluxSimulator';
import type { ScriptedReply } from './simScript';

/** Serves one `/_sim/...` request. */
export async function handleControl(sim: FluxSimulator, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
	const route = `${req.method ?? 'GET'} ${path.replace(/\/+$/, '')}`;
	let body: unknown;
	try {
		body = await readJson(req);
	} catch {
		return send(res, 400, { error: 'Body is not valid JSON.' });
	}
	switch (route) {
		case 'GET /_sim/health':
			return send(res, 200, { ok: true, baseUrl: sim.baseUrl, anthropicBaseUrl: sim.anthropicBaseUrl });
		case 'GET /_sim/script':
			return send(res, 200, { pending: sim.script.pending });
		case 'POST /_sim/script': {
			const replies = Array.isArray(body) ? body : [body];
			if (replies.some((r) => typeof r !== 'object' || r === null || Array.isArray(r))) {
				return send(res, 400, { error: 'Send a scripted reply object or an array of them.' });
			}
			const missing = (replies as ScriptedReply[]).find((r) => r.fixture !== undefined && !hasStreamFixture(r.fixture));
			if (missing) {
				return send(res, 400, { error: `No stream fixture named ${JSON.stringify(missing.fixture)} in test/fixtures/streams.` });
			}
			sim.enqueue(...(replies as ScriptedReply[]));
			return send(res, 200, { queued: replies.length, pending: sim.script.pending.length });
		}
		case 'DELETE /_sim/script':
			sim.script.clear();
			return send(res, 200, { pending: 0 });
		case 'GET /_sim/requests':
			return send(res, 200, { requests: sim.requests });
		case 'POST /_sim/reset':
			sim.reset();
			return send(res, 200, { ok: true });
		case 'GET /_sim/config':
			return send(res, 200, sim.config);
		case 'POST /_sim/config': {
			const invalid = invalidConfig(body);
			if (invalid !== undefined) {
				return send(res, 400, { error: invalid });
			}
			return send(res, 200, sim.configure(body as Partial<SimConfig>));
		}
		default:
			return send(res, 404, { error: `No control route ${route}.` });
	}
}

function invalidConfig(body: unknown): string | undefined {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		return 'Send an object with any of apiKeys, allowedModels, ttftMs, tokenDelayMs.';
	}
	const known = new Set(['apiKeys', 'allowedModels', 'ttftMs', 'tokenDelayMs']);
	const unknown = Object.keys(body).filter((k) => !known.has(k));
	if (unknown.length > 0) {
		return `Unknown settings: ${unknown.join(', ')}.`;
	}
	const c = body as Record<string, unknown>;
	const isList = (v: unknown): boolean => v === undefined || v === null || (Array.isArray(v) && v.every((s) => typeof s === 'string'));
	const isDelay = (v: unknown): boolean => v === undefined || (typeof v === 'number' && v >= 0);
	return isList(c.apiKeys) && isList(c.allowedModels) && isDelay(c.ttftMs) && isDelay(c.tokenDelayMs)
		? undefined
		: 'apiKeys and allowedModels take a list of strings or null; ttftMs and tokenDelayMs a number >= 0.';
}

async function readJson(req: IncomingMessage): Promise<unknown> {
	const chunks: Buffer[] = [];
	for await (const chunk of req as AsyncIterable<Buffer>) {
		chunks.push(chunk);
	}
	const text = Buffer.concat(chunks).toString('utf8');
	return text.trim() === '' ? undefined : JSON.parse(text);
}

function send(res: ServerResponse, status: number, body: unknown): void {
	const text = JSON.stringify(body);
	res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
	res.end(text);
}
