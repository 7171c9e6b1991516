// `npm run sim`: runs the simulator alone, for manual testing and for processes (extension host,
// Playwright) that cannot start it in-process. Options: --port N (or PORT, default 4141),
// --ttft-ms N, --token-delay-ms N, --key sk-... (repeatable: accept only these keys).

import { startFluxSimulator } from './fluxSimulator';
import type { FluxSimulatorOptions } from './fluxSimulator';

const DEFAULT_PORT = 4141;

function parseArgs(argv: readonly string[]): FluxSimulatorOptions {
	const value = (flag: string): string | undefined => {
		const i = argv.indexOf(flag);
		return i >= 0 ? argv[i + 1] : undefined;
	};
	const number = (flag: string, fallback?: string): number | undefined => {
		const text = value(flag) ?? fallback;
		if (text === undefined) {
			return undefined;
		}
		const n = Number(text);
		if (!Number.isInteger(n) || n < 0) {
			throw new Error(`${flag} needs a whole number, got '${text}'.`);
		}
		return n;
	};
	const keys = argv.flatMap((arg, i) => (arg === '--key' && argv[i + 1] !== undefined ? [argv[i + 1]] : []));
	return {
		port: number('--port', process.env.PORT) ?? DEFAULT_PORT,
		ttftMs: number('--ttft-ms'),
		tokenDelayMs: number('--token-delay-ms'),
		apiKeys: keys.length > 0 ? keys : undefined,
	};
}

async function main(): Promise<void> {
	if (process.argv.includes('--help')) {
		console.log('Usage: node out/test/sim/main.js [--port N] [--ttft-ms N] [--token-delay-ms N] [--key sk-...]...');
		return;
	}
	const sim = await startFluxSimulator(parseArgs(process.argv.slice(2)));
	console.log(`Flux simulator listening on ${sim.baseUrl}`);
	console.log(`Anthropic-compatible base: ${sim.anthropicBaseUrl}`);
	console.log(`Control endpoint: ${sim.url}/_sim/ (see test/sim/README.md)`);
	console.log('Try:');
	console.log(`  curl -N ${sim.baseUrl}/chat/completions -H 'Authorization: Bearer sk-test' -H 'Content-Type: application/json' \\`);
	console.log('    -d \'{"model":"flux-auto","stream":true,"messages":[{"role":"user","content":"How do I sum even numbers in python?"}]}\'');
	const stop = (): void => {
		sim.close().then(() => process.exit(0), () => process.exit(1));
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
