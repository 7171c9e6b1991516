// A local FluxRouter: a real HTTP server on 127.0.0.1 speaking its wire format (see
// shared/flux-api.md and test/sim/README.md). Tests start one per suite on a free port, script
// its replies and faults, and read back what it received.

import { createServer } from 'node:http';
import { BACKING_MODELS, LANE_PRICE_PER_MILLION, PUBLIC_MODELS, listedModel } from './catalogue';
import { invalidChatBody, maxOutputTokens } from './chatBody';
import { writeJson, writeStream } from './completionWriter';
import { handleControl } from './controlApi';
import { faultErrorReply, fluxError, CDN_502 } from './faults';
import { defaultReply } from './replies';
import { fixedChunks, oversizeText, planReply } from './replyPlan';
import { RequestLog } from './requestLog';
import { Responder } from './responder';
import { isErrorReply, routeRequest } from './router';
import { SimScript } from './simScript';
import { hasStreamFixture, readStreamFixture } from './streamFixtures';
import { countTokens, formatCost, servedPromptTokens, usageFor } from './tokens';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { BackingModel } from './catalogue';
import type { ChatRequestBody } from './chatBody';
import type { ErrorReply } from './faults';
import type { ReplyPlan } from './replyPlan';
import type { MutableRequestRecord, SimRequestRecord } from './requestLog';
import type { RouteDecision } from './router';
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

/** Body size of the `oversize` fault when it names none: just over 1 MB. */
const OVERSIZE_BYTES = 1_100_000;

/** A running simulator. Create it with {@link startFluxSimulator}. */
export class FluxSimulator {
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
				sendError(responder, fluxError(500, 'Simulator failure.', 'server_error'), { 'x-flux-request-id': record.id });
			}
		});
	}

	private newRecord(req: IncomingMessage, path: string): MutableRequestRecord {
		this.sequence++;
		const headers: Record<string, string> = {};
		for (const [name, value] of Object.entries(req.headers)) {
			if (name !== 'authorization' && name !== 'x-api-key' && value !== undefined) {
				headers[name] = Array.isArray(value) ? value.join(', ') : value;
			}
		}
		return {
			id: `req_sim_${String(this.sequence).padStart(6, '0')}`,
			method: req.method ?? 'GET', path, headers, body: undefined,
			status: undefined, requestedModel: undefined, servedModel: undefined, routed: undefined, promptTokens: undefined, completionTokens: undefined,
			stream: false, scripted: false, fault: undefined,
			clientAborted: false, droppedByServer: false,
			receivedAt: Date.now(), firstByteAt: undefined, deltaSentAt: [], endedAt: undefined,
		};
	}

	private async serve(req: IncomingMessage, path: string, record: MutableRequestRecord, r: Responder): Promise<void> {
		const text = await readBody(req);
		record.body = parseBody(text);
		const idHeader = { 'x-flux-request-id': record.id };
		if (text === undefined) {
			return sendError(r, fluxError(413, 'Request body too large.', 'invalid_request_error'), idHeader);
		}
		const authFailure = this.checkKey(req.headers.authorization);
		if (authFailure !== undefined) {
			return sendError(r, authFailure, idHeader);
		}
		if (req.method === 'GET' && path === '/v1/models') {
			return this.listModels(r, idHeader);
		}
		if (req.method === 'POST' && path === '/v1/chat/completions') {
			return this.chat(r, record);
		}
		return sendError(r, fluxError(403, `Path not served: ${req.method} ${path}. The OpenAI-compatible base URL ends in /v1.`, 'permission_error'), idHeader);
	}

	private checkKey(authorization: string | undefined): ErrorReply | undefined {
		const key = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
		if (key === undefined) {
			return fluxError(401, 'Missing API key. Send it as Authorization: Bearer sk-...', 'authentication_error');
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
		record.requestedModel = body.model;
		record.stream = body.stream === true;
		const failureHeaders = { ...idHeader, 'x-flux-original-model': body.model };
		const decision = routeRequest(body, this.currentConfig.allowedModels ?? undefined);
		if (isErrorReply(decision)) {
			return sendError(r, decision, failureHeaders);
		}
		const scripted = this.script.shift();
		record.scripted = scripted !== undefined;
		record.fault = scripted?.fault?.kind;
		await r.sleep(scripted?.headerDelayMs ?? 0);
		const fault = scripted?.fault;
		if (fault !== undefined) {
			const failure = faultErrorReply(fault, body.model);
			if (failure !== undefined) {
				return sendError(r, failure, failure === CDN_502 ? {} : failureHeaders);
			}
			if (fault.kind === 'stall' && fault.afterChunks === undefined) {
				await r.sleep(fault.seconds * 1000);
			}
		}
		if (r.gone) {
			return;
		}
		const model = servedModel(scripted?.model, decision);
		record.servedModel = model.name;
		record.routed = decision.routed;
		record.promptTokens = model === decision.model ? decision.promptTokens : servedPromptTokens(model, decision.simPromptTokens);
		if (scripted?.fixture !== undefined) {
			return this.replayFixture(r, record, scripted, model, decision.routed, body.model);
		}
		const plan = this.plan(body, decision, model, scripted, record.id);
		record.completionTokens = plan.completionTokens;
		const usage = { ...usageFor(model, record.promptTokens, plan.completionTokens), ...scripted?.usage };
		const headers: Record<string, string> = {
			...idHeader,
			'x-flux-model': model.name,
			'x-flux-original-model': body.model,
			'x-flux-routed': String(decision.routed),
			'x-flux-model-window': String(model.contextWindow),
			'x-flux-routed-model': model.name,
			...(record.stream ? {} : { 'x-flux-cost-usd': formatCost(usage.cost_usd) }),
		};
		for (const [name, value] of Object.entries(scripted?.headers ?? {})) {
			if (value === null) {
				delete headers[name.toLowerCase()];
			} else {
				headers[name.toLowerCase()] = value;
			}
		}
		const ctx = {
			completionId: record.id.replace('req_sim_', 'chatcmpl-sim-'),
			created: Math.floor(Date.now() / 1000),
			requestedModel: body.model,
			headers,
			usage,
			includeUsage: body.stream_options?.include_usage === true,
			ttftMs: scripted?.ttftMs ?? this.currentConfig.ttftMs,
			tokenDelayMs: scripted?.tokenDelayMs ?? this.currentConfig.tokenDelayMs,
			fault,
		};
		await (record.stream ? writeStream(r, ctx, plan) : writeJson(r, ctx, plan));
	}

	/** Sends a corpus file as the body, byte for byte, with the headers a streamed reply gets. */
	private replayFixture(r: Responder, record: MutableRequestRecord, scripted: ScriptedReply, served: BackingModel, routed: boolean, requested: string): void {
		const idHeader = { 'x-flux-request-id': record.id };
		if (!record.stream) {
			return sendError(r, fluxError(400, `The stream fixture "${scripted.fixture}" answers streaming requests only.`, 'invalid_request_error'), idHeader);
		}
		if (!hasStreamFixture(scripted.fixture!)) {
			return sendError(r, fluxError(500, `No stream fixture named "${scripted.fixture}".`, 'server_error'), idHeader);
		}
		const headers: Record<string, string> = {
			...idHeader,
			'x-flux-model': served.name,
			'x-flux-original-model': requested,
			'x-flux-routed': String(routed),
			'x-flux-model-window': String(served.contextWindow),
			'x-flux-routed-model': served.name,
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-cache',
		};
		for (const [name, value] of Object.entries(scripted.headers ?? {})) {
			if (value === null) {
				delete headers[name.toLowerCase()];
			} else {
				headers[name.toLowerCase()] = value;
			}
		}
		r.head(200, headers);
		r.endBytes(readStreamFixture(scripted.fixture!));
	}

	private plan(body: ChatRequestBody, decision: RouteDecision, model: BackingModel, scripted: ScriptedReply | undefined, requestId: string): ReplyPlan {
		const callIdPrefix = requestId.replace('req_sim_', 'call_sim_');
		if (scripted?.fault?.kind === 'oversize') {
			const content = oversizeText(scripted.fault.bytes ?? OVERSIZE_BYTES);
			const plan = planReply({ reasoning: '', content: '', toolCalls: [] }, { ...scripted, content: undefined, chunks: fixedChunks(content, 4096) }, callIdPrefix, undefined);
			return { ...plan, completionTokens: countTokens(content) };
		}
		return planReply(defaultReply(body, decision.tier, model), scripted, callIdPrefix, maxOutputTokens(body));
	}
}

/** Starts a simulator on 127.0.0.1 (a free port unless `port` is given). Close it with `close()`. */
export function startFluxSimulator(options: FluxSimulatorOptions = {}): Promise<FluxSimulator> {
	return FluxSimulator.listen(options);
}

/** A scripted served model: from the catalogue, or a stand-in billed at the standard lane. */
function servedModel(name: string | undefined, decision: RouteDecision): BackingModel {
	if (name === undefined) {
		return decision.model;
	}
	const price = LANE_PRICE_PER_MILLION.standard;
	return BACKING_MODELS[name] ?? {
		name, lane: 'standard', contextWindow: 128_000, supportsTools: true, supportsImages: true, reasons: false,
		inputPerMillion: price, outputPerMillion: price, tokenRatio: 1,
	};
}

function sendError(r: Responder, failure: ErrorReply, headers: Readonly<Record<string, string>>): void {
	const isJson = typeof failure.body !== 'string';
	r.reply(failure.status, {
		...headers,
		...(isJson ? { 'content-type': 'application/json' } : {}),
		...failure.headers,
	}, isJson ? JSON.stringify(failure.body) : String(failure.body));
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
