import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';

/** One request that passed through the proxy. */
export interface ProxiedRequest {
	/** `CONNECT` for a tunnel, else the HTTP method of an absolute-URI request. */
	readonly method: string;
	/** `host:port` the client asked for (before `hosts` maps it). */
	readonly target: string;
	/** The path of an absolute-URI request; absent for a tunnel, whose content the proxy cannot see. */
	readonly path?: string;
}

export interface ForwardProxyOptions {
	/**
	 * Host names the proxy resolves itself, to addresses. VS Code sends requests for localhost
	 * directly, whatever `http.proxy` says, so a test names the simulator by a host only the proxy
	 * knows: a request that arrives at all went through the proxy.
	 */
	readonly hosts?: Readonly<Record<string, string>>;
}

/**
 * A small HTTP forward proxy on 127.0.0.1 for tests: it forwards absolute-URI requests
 * (`GET http://host/path`) and tunnels `CONNECT host:port`, as corporate proxies do, and records
 * what passed through.
 */
export class ForwardProxy {
	readonly requests: ProxiedRequest[] = [];
	private readonly sockets = new Set<Socket>();

	private constructor(private readonly server: Server, private readonly hosts: Readonly<Record<string, string>>) {
		server.on('request', (req, res) => this.forward(req, res));
		server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => this.tunnel(req, client, head));
		server.on('connection', (socket: Socket) => this.track(socket));
	}

	static async start(options: ForwardProxyOptions = {}): Promise<ForwardProxy> {
		const proxy = new ForwardProxy(createServer(), options.hosts ?? {});
		await new Promise<void>((resolve, reject) => {
			proxy.server.once('error', reject);
			proxy.server.listen(0, '127.0.0.1', () => resolve());
		});
		return proxy;
	}

	/** `http://127.0.0.1:PORT`, the value for `http.proxy` or `HTTPS_PROXY`. */
	get url(): string {
		const address = this.server.address();
		return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
	}

	async close(): Promise<void> {
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	private track(socket: Socket): void {
		this.sockets.add(socket);
		socket.on('close', () => this.sockets.delete(socket));
	}

	private resolve(host: string): string {
		return this.hosts[host.toLowerCase()] ?? host;
	}

	private forward(req: IncomingMessage, res: ServerResponse): void {
		let url: URL;
		try {
			url = new URL(req.url ?? '');
		} catch {
			// A request for a path rather than an absolute URI was meant for a server, not a proxy.
			res.writeHead(400).end('absolute URI expected');
			return;
		}
		const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
		this.requests.push({ method: req.method ?? 'GET', target: `${url.hostname}:${port}`, path: `${url.pathname}${url.search}` });
		const headers = { ...req.headers };
		delete headers['proxy-connection'];
		delete headers['proxy-authorization'];
		const upstream = request({ host: this.resolve(url.hostname), port, method: req.method, path: `${url.pathname}${url.search}`, headers }, (answer) => {
			res.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(res);
		});
		upstream.on('error', () => { if (!res.headersSent) res.writeHead(502); res.end(); });
		req.pipe(upstream);
	}

	private tunnel(req: IncomingMessage, client: Socket, head: Buffer): void {
		this.track(client);
		const target = req.url ?? '';
		const colon = target.lastIndexOf(':');
		const host = target.slice(0, colon);
		const port = Number(target.slice(colon + 1));
		this.requests.push({ method: 'CONNECT', target });
		const upstream = connect(port, this.resolve(host), () => {
			client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			if (head.length) upstream.write(head);
			upstream.pipe(client);
			client.pipe(upstream);
		});
		this.track(upstream);
		upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n'));
		client.on('error', () => upstream.destroy());
	}
}
