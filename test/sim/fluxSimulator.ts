// A local FluxRouter: a real HTTP server on 127.0.0.1 speaking its wire format (see
// shared/flux-api.md and test/sim/README.md). Tests start one per suite on a free port, script
// its replies and faults, and read back what it received.

import { createServer } from 'node:http';
import { anthropicError, isAnthropicPath, serveAnthropic } from './anthropicApi';
import { PUBLIC_MODELS, listedModel } from './catalogue';
import { invalidChatBody } from './chatBody';
import { sendError, serveCompletion } from './completion';
import { writeJson, writeStream } from './completionWriter';
import { handleControl } from './controlApi';
import { fluxError } from './faults';
import { RequestLog } from './requestLog';
import { Responder } from './responder';
import { SimScript } from './simScript';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { AnthropicEnv } from './anthropicApi';
import type { ChatRequestBody } from './chatBody';
import type { ErrorReply } from './faults';
import type { MutableRequestRecord, SimRequestRecord } from './requestLog';
import type { ScriptedReply } from './simScript';

/** Settings that can change while the simulator runs (in process or with `POST /_sim/config`). */
export interface SimConfig {
	/** Exact keys accepted; null accepts any key starting with `sk-`. */
	readonly apiKeys: readonly string[] | null;
	/** The ids this key may use (listed and accepted); null allows the whole catalogue. */
	readonly allowedModels: readonly string[] | null;
	/** Delay before the first reasoning/content delta. */
	readonly ttftMs: number;
	/** Delay between deltas. */
	readonly tokenDelayMs: number;
}

/** Options of {@link startFluxSimulator}. */
export interface FluxSimulatorOptions extends Partial<SimConfig> {
	/** 0 (the default) picks a free port. */
	readonly port?: number;
	readonly host?: string;
	/** Replies to queue from the start. */
	readonly script?: readonly ScriptedReply[];
}

const DEFAULT_CONFIG: SimConfig = { apiKeys: null, allowedModels: null, ttftMs: 0, tokenDelayMs: 0 };

/** Requests larger than this are refused with a 413, so a runaway client cannot eat memory. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** A running simulator. Create it with {@link startFluxSimulator}. */
export class FluxSimulator implements AnthropicEnv {
	/** The scripted replies still queued. */
	readonly script = new SimScript();
	private readonly log = new RequestLog();
	private readonly sockets = new Set<Socket>();
	private readonly initialConfig: SimConfig;
	private currentConfig: SimConfig;
	private sequence = 0;
	private closing = false;

	private constructor(private readonly server: Server, options: FluxSimulatorOptions) {
		this.initialConfig = {
			apiKeys: options.apiKeys ?? DEFAULT_CONFIG.apiKeys,
			allowedModels: options.allowedModels ?? DEFAULT_CONFIG.allowedModels,
			ttftMs: options.ttftMs ?? DEFAULT_CONFIG.ttftMs,
			tokenDelayMs: options.tokenDelayMs ?? DEFAULT_CONFIG.tokenDelayMs,
		};
		this.currentConfig = this.initialConfig;
		this.script.push(...(options.script ?? []));
		server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		server.on('request', (req, res) => this.handle(req, res));
	}

	/** @internal Use {@link startFluxSimulator}. */
	static async listen(options: FluxSimulatorOptions): Promise<FluxSimulator> {
		const server = createServer({ keepAliveTimeout: 5000 });
		const sim = new FluxSimulator(server, options);
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
				server.off('error', reject);
				resolve();
			});
		});
		return sim;
	}

	/** The port it listens on. */
	get port(): number {
		const address = this.server.address();
		return typeof address === 'object' && address !== null ? address.port : 0;
	}

	/** `http://127.0.0.1:PORT`, where the control endpoint lives. */
	get url(): string {
		const address = this.server.address();
		const host = typeof address === 'object' && address !== null ? address.address : '127.0.0.1';
		return `http://${host.includes(':') ? `[${host}]` : host}:${this.port}`;
	}

	/** `http://127.0.0.1:PORT/v1`: the base URL to give the OpenAI client. */
	get baseUrl(): string {
		return `${this.url}/v1`;
	}

	/** `http://127.0.0.1:PORT/anthropic`: the `baseURL` to give the Anthropic client (it appends `/v1/messages`). */
	get anthropicBaseUrl(): string {
		return `${this.url}/anthropic`;
	}

	/** Every request received so far (control requests excepted), oldest first. */
	get requests(): readonly SimRequestRecord[] {
		return this.log.list();
	}

	get config(): SimConfig {
		return this.currentConfig;
	}

	/** Changes settings from now on. */
	configure(changes: Partial<SimConfig>): SimConfig {
		this.currentConfig = { ...this.currentConfig, ...changes };
		return this.currentConfig;
	}

	/** Queues scripted replies (same as `script.push`). */
	enqueue(...replies: readonly ScriptedReply[]): void {
		this.script.push(...replies);
	}

	/** Forgets requests and queued replies, restores the starting settings and restarts ids. */
	reset(): void {
		this.script.clear();
		this.log.clear();
		this.currentConfig = this.initialConfig;
		this.sequence = 0;
	}

	/** Resolves once every request received so far has ended, so its record is final. */
	idle(): Promise<void> {
		return this.log.idle();
	}

	/** Stops listening and destroys open connections, ending any stream or stall in progress. */
	async close(): Promise<void> {
		this.closing = true;
		const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
		for (const socket of this.sockets) {
			socket.destroy();
		}
		this.server.closeAllConnections();
		await closed;
	}

	private handle(req: IncomingMessage, res: ServerResponse): void {
		const path = (req.url ?? '/').split('?')[0];
		if (path.startsWith('/_sim/') || path === '/_sim') {
			handleControl(this, req, res, path).catch(() => res.destroy());
			return;
		}
		const record = this.newRecord(req, path);
		const ended = new Promise<void>((resolve) => res.on('close', () => {
			record.endedAt = Date.now();
			if (this.closing && !res.writableFinished) {
				record.droppedByServer = true;
			} else if (!res.writableFinished && !record.droppedByServer) {
				record.clientAborted = true;
			}
			resolve();
		}));
		this.log.add(record, ended);
		const responder = new Responder(res, record);
		this.serve(req, path, record, responder).catch(() => {
			if (res.headersSent) {
				res.destroy();
			} else {
				const failure = fluxError(500, 'Simulator failure.', 'server_error');
				sendError(responder, isAnthropicPath(path) ? anthropicError(failure) : failure, { 'x-flux-request-id': record.id });
			}
		});
	}

	private newRecord(req: IncomingMessage, path: string): MutableRequestRecord {
		this.sequence++;
		const headers: Record<string, string> = {};
		const credentialHeaders: string[] = [];
		for (const [name, value] of Object.entries(req.headers)) {
			if (name === 'authorization' || name === 'x-api-key') {
				credentialHeaders.push(name);
			} else if (value !== undefined) {
				headers[name] = Array.isArray(value) ? value.join(', ') : value;
			}
		}
		return {
			id: `req_sim_${String(this.sequence).padStart(6, '0')}`,
			method: req.method ?? 'GET', path, headers, credentialHeaders: credentialHeaders.sort(), body: undefined,
			status: undefined, requestedModel: undefined, servedModel: undefined, routed: undefined, promptTokens: undefined, completionTokens: undefined,
			stream: false, scripted: false, fault: undefined,
			clientAborted: false, droppedByServer: false,
			receivedAt: Date.now(), firstByteAt: undefined, deltaSentAt: [], endedAt: undefined,
		};
	}

	private async serve(req: IncomingMessage, path: string, record: MutableRequestRecord, r: Responder): Promise<void> {
		const text = await readBody(req);
		record.body = parseBody(text);
		if (isAnthropicPath(path)) {
			return serveAnthropic(this, req, path, record, r, text === undefined);
		}
		const idHeader = { 'x-flux-request-id': record.id };
		if (text === undefined) {
			return sendError(r, fluxError(413, 'Request body too large.', 'invalid_request_error'), idHeader);
		}
		const key = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
		const authFailure = this.keyFailure(key, 'Missing API key. Send it as Authorization: Bearer sk-...');
		if (authFailure !== undefined) {
			return sendError(r, authFailure, idHeader);
		}
		if (req.method === 'GET' && path === '/v1/models') {
			return this.listModels(r, idHeader);
		}
		if (req.method === 'POST' && path === '/v1/chat/completions') {
			return this.chat(r, record);
		}
		return sendError(r, fluxError(403, `Path not served: ${req.method} ${path}. The OpenAI-compatible base URL ends in /v1; the Anthropic-compatible one is /anthropic.`, 'permission_error'), idHeader);
	}

	/** @internal Why a key is refused (the same rules on both bases), or undefined when accepted. */
	keyFailure(key: string | undefined, missingMessage: string): ErrorReply | undefined {
		if (key === undefined || key === '') {
			return fluxError(401, missingMessage, 'authentication_error');
		}
		const accepted = this.currentConfig.apiKeys === null ? key.startsWith('sk-') : this.currentConfig.apiKeys.includes(key);
		return accepted ? undefined : fluxError(401, 'Invalid API key.', 'authentication_error');
	}

	private listModels(r: Responder, idHeader: Record<string, string>): void {
		const allowed = this.currentConfig.allowedModels;
		const data = PUBLIC_MODELS.filter(([id]) => allowed === null || allowed.includes(id)).map(([id, route]) => listedModel(id, route));
		r.reply(200, { ...idHeader, 'content-type': 'application/json' }, JSON.stringify({ object: 'list', data }));
	}

	private async chat(r: Responder, record: MutableRequestRecord): Promise<void> {
		const idHeader = { 'x-flux-request-id': record.id };
		const body = record.body as ChatRequestBody;
		if (typeof record.body === 'string' || record.body === undefined) {
			return sendError(r, fluxError(400, 'The request body is not valid JSON.', 'invalid_request_error'), idHeader);
		}
		const invalid = invalidChatBody(body);
		if (invalid !== undefined) {
			return sendError(r, fluxError(400, invalid, 'invalid_request_error'), idHeader);
		}
		await serveCompletion(this, r, record, body, {
			error: (failure) => failure,
			baseHeaders: idHeader,
			completionId: record.id.replace('req_sim_', 'chatcmpl-sim-'),
			callIdPrefix: record.id.replace('req_sim_', 'call_sim_'),
			write: (w, ctx, plan) => (body.stream === true ? writeStream(w, ctx, plan) : writeJson(w, ctx, plan)),
		});
	}
}

/** Starts a simulator on 127.0.0.1 (a free port unless `port` is given). Close it with `close()`. */
export function startFluxSimulator(options: FluxSimulatorOptions = {}): Promise<FluxSimulator> {
	return FluxSimulator.listen(options);
}

/** Reads the body as text; undefined when it exceeds the limit. */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > MAX_BODY_BYTES) {
			return undefined;
		}
		chunks.push(chunk);
	}
	return Buffer.concat(chunks).toString('utf8');
}

function parseBody(text: string | undefined): unknown {
	if (text === undefined || text === '') {
		return undefined;
	}
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}
