import { watchedFetch } from './bodyActivity';
import type { Logger } from '../logger';

/**
 * The request headers the two SDKs send for the calls Flux makes (chat completions, the model list,
 * messages, count_tokens), lower-case. Everything else is left out: the SDKs add headers from the
 * environment (`OPENAI_CUSTOM_HEADERS`, `ANTHROPIC_CUSTOM_HEADERS`) that no option turns off, and
 * those are meant for other tools. The fetch itself adds host, length, encoding and the like after.
 */
export const sentHeaderNames: ReadonlySet<string> = new Set([
	'accept', 'content-type', 'user-agent', 'authorization', 'anthropic-version',
	'x-stainless-arch', 'x-stainless-lang', 'x-stainless-os', 'x-stainless-package-version',
	'x-stainless-retry-count', 'x-stainless-runtime', 'x-stainless-runtime-version', 'x-stainless-timeout',
]);

/**
 * The one fetch both SDKs get: only {@link sentHeaderNames} go out, and `Authorization` carries
 * `apiKey` whatever the SDK put there (an environment's custom headers can replace it). What was
 * left out is logged by name at debug, never with its value. Bodies are watched as
 * {@link watchedFetch} does.
 */
export function guardedFetch(apiKey: string, logger: Logger): typeof fetch {
	return (input, init) => {
		const given = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
		const headers = new Headers();
		const dropped: string[] = [];
		given.forEach((value, name) => {
			if (sentHeaderNames.has(name)) headers.set(name, value);
			else dropped.push(name);
		});
		const authorization = `Bearer ${apiKey}`;
		const replaced = headers.get('authorization') !== authorization;
		headers.set('authorization', authorization);
		if (dropped.length) logger.debug(`request headers left out: ${dropped.join(', ')}`);
		if (replaced) logger.debug('request header authorization did not carry the Flux key; sent the Flux key instead');
		return watchedFetch(input, { ...init, headers });
	};
}
