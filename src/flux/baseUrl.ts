import { t } from '@vscode/l10n';
import { FluxConfigError } from './errors';

export const defaultBaseUrl = 'https://api.fluxrouter.ai/v1';

/**
 * Checks the `flux.baseUrl` setting and returns it without a trailing slash. A base without
 * `/v1` is the most common setup mistake, so it gets its own hint.
 */
export function validateBaseUrl(raw: string): string {
	const value = raw.trim().replace(/\/+$/, '');
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw new FluxConfigError('badBaseUrl', t('"flux.baseUrl" is not a URL: "{0}". Use {1}.', raw, defaultBaseUrl));
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new FluxConfigError('badBaseUrl', t('"flux.baseUrl" must start with https:// (got "{0}").', raw));
	}
	if (!/\/v1$/.test(url.pathname)) {
		throw new FluxConfigError('badBaseUrl', t('"flux.baseUrl" must end with /v1: try {0}/v1 (got "{1}").', url.origin + url.pathname.replace(/\/$/, ''), raw));
	}
	return value;
}
