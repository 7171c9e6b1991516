import type { FluxResponseMeta } from '../streamEvents';

/** Reads the X-Flux-* headers, which FluxRouter sends on both of its formats. */
export function readMeta(headers: Headers, requestedModel: string): FluxResponseMeta {
	const header = (name: string) => headers.get(name) ?? undefined;
	const window = Number(header('x-flux-model-window'));
	const cost = Number(header('x-flux-cost-usd'));
	const requestId = header('x-flux-request-id');
	return {
		servedModel: header('x-flux-model') ?? requestedModel,
		requestedModel: header('x-flux-original-model') ?? requestedModel,
		routed: header('x-flux-routed') === 'true',
		...(requestId ? { requestId } : {}),
		...(Number.isFinite(window) && window > 0 ? { modelWindow: window } : {}),
		...(header('x-flux-cost-usd') !== undefined && Number.isFinite(cost) ? { costUsd: cost } : {}),
	};
}

/** A status for an error that came without one (an error frame inside a 200 stream). */
export function statusFromCode(code: string | undefined): number | undefined {
	const n = Number(code);
	return Number.isInteger(n) && n >= 400 && n < 600 ? n : undefined;
}
