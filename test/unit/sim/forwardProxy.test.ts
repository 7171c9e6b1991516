import * as assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { startFluxSimulator, type FluxSimulator } from '../../sim/fluxSimulator';
import { ForwardProxy } from '../../sim/forwardProxy';

/** The test proxy forwards both ways a client may use it, to a host only it resolves. */
describe('ForwardProxy', () => {
	let sim: FluxSimulator;
	let proxy: ForwardProxy;

	beforeEach(async () => {
		sim = await startFluxSimulator({ apiKeys: ['k'] });
		proxy = await ForwardProxy.start({ hosts: { 'sim.test': '127.0.0.1' } });
	});
	afterEach(async () => {
		await proxy.close();
		await sim.close();
	});

	it('forwards an absolute-URI request and records it', async () => {
		const port = Number(new URL(proxy.url).port);
		const status = await new Promise<number>((resolve, reject) => {
			request({ host: '127.0.0.1', port, path: `http://sim.test:${sim.port}/v1/models`, headers: { authorization: 'Bearer k' } }, (res) => {
				res.resume();
				resolve(res.statusCode ?? 0);
			}).on('error', reject).end();
		});
		assert.deepEqual({ status, seen: proxy.requests }, { status: 200, seen: [{ method: 'GET', target: `sim.test:${sim.port}`, path: '/v1/models' }] });
	});

	it('tunnels CONNECT to the mapped host', async () => {
		const port = Number(new URL(proxy.url).port);
		const answer = await new Promise<string>((resolve, reject) => {
			const socket = connect(port, '127.0.0.1', () => {
				socket.write(`CONNECT sim.test:${sim.port} HTTP/1.1\r\nHost: sim.test:${sim.port}\r\n\r\n`);
			});
			let text = '';
			let tunnelled = false;
			socket.on('data', (chunk) => {
				text += chunk.toString();
				if (!tunnelled && text.endsWith('\r\n\r\n')) {
					tunnelled = true;
					text = '';
					socket.write(`GET /v1/models HTTP/1.1\r\nHost: sim.test\r\nAuthorization: Bearer k\r\nConnection: close\r\n\r\n`);
				}
			});
			socket.on('end', () => resolve(text));
			socket.on('error', reject);
		});
		assert.deepEqual({ status: answer.split('\r\n')[0], seen: proxy.requests }, { status: 'HTTP/1.1 200 OK', seen: [{ method: 'CONNECT', target: `sim.test:${sim.port}` }] });
	});
});
