import { appendFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { FluxTestApi } from '../../../src/extension';

/** One extension host's figures, as a JSON line in FLUX_BENCH_RESULTS. */
export interface ActivationSample {
	readonly version: string;
	/** Flux's activate() body, timed inside it. */
	readonly insideMs: number;
	/** `await getExtension(flux).activate()` from here: loading the bundle, activate(), VS Code's bookkeeping. */
	readonly outsideMs: number;
	/** The same call for an extension whose activate() is empty: VS Code's own cost. */
	readonly emptyMs: number;
	/** True when something had activated Flux before the probe asked (then outsideMs means nothing). */
	readonly alreadyActive: boolean;
}

async function timedActivate<T>(id: string): Promise<{ ms: number; exports: T; wasActive: boolean }> {
	const ext = vscode.extensions.getExtension<T>(id);
	if (!ext) throw new Error(`${id} is not installed`);
	const wasActive = ext.isActive;
	const start = performance.now();
	const exports = await ext.activate();
	return { ms: performance.now() - start, exports, wasActive };
}

/**
 * The `extensionTestsPath` of `npm run bench activation`: runs in a fresh extension host, activates
 * the empty extension first (so neither pays for VS Code warming up its activation path) and
 * then Flux, and reports both.
 */
export async function run(): Promise<void> {
	// Let the window finish starting (other extensions activating, the workbench loading on the
	// same CPUs) so the figure is activate()'s own rather than mostly waiting its turn.
	await new Promise((r) => setTimeout(r, 3000));
	const empty = await timedActivate<void>('fluxchat-test.empty');
	const flux = await timedActivate<FluxTestApi>('fluxchat.flux-chat');
	const sample: ActivationSample = { version: vscode.version, insideMs: flux.exports.activationMs, outsideMs: flux.ms, emptyMs: empty.ms, alreadyActive: flux.wasActive };
	appendFileSync(process.env.FLUX_BENCH_RESULTS!, `${JSON.stringify(sample)}\n`);
}
