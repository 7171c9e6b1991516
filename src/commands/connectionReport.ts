import { t } from '@vscode/l10n';
import { describeError } from '../chat/errorMessages';
import { FluxAbortError, FluxConfigError, FluxHttpError, FluxNetworkError, FluxProtocolError } from '../flux/errors';
import type { FluxClient, FluxListedModel, FluxMessage } from '../flux/fluxClient';
import type { PriceLookup } from '../flux/pricing/pricing';
import { usageCost, type UsageCost } from '../flux/pricing/usageCost';

/** What fixes a failed connection test; the command turns each into a button. */
export type ConnectionAction = 'setApiKey' | 'selectModel' | 'openSettings' | 'openProxySettings' | 'showLog';

/** One notification's worth: a sentence or three, and the buttons that fix what is wrong. */
export interface ConnectionReport {
	readonly ok: boolean;
	readonly message: string;
	readonly actions: readonly ConnectionAction[];
}

/** What a connection test needs; no vscode, so it runs against the simulator in unit tests. */
export interface ConnectionCheck {
	/** Throws FluxConfigError without a key or with a base URL that cannot work. */
	readonly createClient: () => Promise<FluxClient>;
	/** The model the test completion asks for (`flux.model`). */
	readonly model: string;
	/** The test completion's usage, for today's spend (it is a paid request, if a tiny one). */
	readonly onUsage?: (usage: UsageCost) => void;
	/** Prices for the usage's estimate when FluxRouter reports no cost (the lanes otherwise). */
	readonly prices?: PriceLookup;
	readonly signal?: AbortSignal;
	/** Milliseconds, for the round trip (Date.now unless a test pins it). */
	readonly now?: () => number;
}

/** The tiny question the test asks: a few tokens in, a few out. */
const testMessages: readonly FluxMessage[] = [{ role: 'user', content: 'Reply with the single word: ok' }];

/** A cap the test completion cannot go past, so it costs a fraction of a cent. */
export const testMaxOutputTokens = 16;

/** How many model ids the notification names before "and N more". */
const idsShown = 4;

const baseUrlHint = (): string => t('flux.baseUrl should end in /v1 (FluxRouter\'s OpenAI-compatible base, for example https://api.fluxrouter.ai/v1).');

/**
 * Lists the key's models (`GET /v1/models`) and streams one tiny completion, then says in one
 * report what works (models, the model that served the test, the round trip) or what is wrong
 * and what fixes it. Never throws.
 */
export async function checkConnection(check: ConnectionCheck): Promise<ConnectionReport> {
	const now = check.now ?? Date.now;
	let client: FluxClient;
	try {
		client = await check.createClient();
	} catch (error) {
		return failure(error, check.model, 'setup');
	}
	let models: FluxListedModel[];
	try {
		models = await client.listModelEntries(check.signal);
	} catch (error) {
		return failure(error, check.model, 'list');
	}
	// An answer that parses but lists nothing is a server other than FluxRouter's /v1 (an HTML page, say).
	if (models.length === 0) {
		return { ok: false, message: t('Flux: the server at flux.baseUrl answered but listed no models. {0}', baseUrlHint()), actions: ['openSettings'] };
	}
	const started = now();
	let served: string;
	try {
		const result = await client.streamChat({ model: check.model, messages: testMessages, maxOutputTokens: testMaxOutputTokens }, check.signal ?? new AbortController().signal);
		served = result.meta.servedModel;
		check.onUsage?.(usageCost(result, testMessages, check.prices));
	} catch (error) {
		return failure(error, check.model, 'chat', models);
	}
	return { ok: true, message: successMessage(models, check.model, served, now() - started), actions: [] };
}

/** "Connected: 9 models … flux-auto was served by claude-haiku in 412 ms." */
export function successMessage(models: readonly FluxListedModel[], asked: string, served: string, roundTripMs: number): string {
	return t('Flux: connected. {0} A test reply for {1} was served by {2} in {3} ms.', modelsSentence(models), asked, served, Math.round(roundTripMs));
}

function modelsSentence(models: readonly FluxListedModel[]): string {
	const ids = models.map((m) => m.id);
	const shown = ids.slice(0, idsShown).join(', ');
	const more = ids.length > idsShown ? t(' and {0} more', ids.length - idsShown) : '';
	return ids.length === 1 ? t('This key may use 1 model: {0}{1}.', shown, more) : t('This key may use {0} models: {1}{2}.', ids.length, shown, more);
}

/** Which step failed: making the client (settings, key), listing the models, or the test reply. */
type Step = 'setup' | 'list' | 'chat';

/** One clear sentence per kind of failure, by type and status (never the text), with its fix. */
export function failure(error: unknown, model: string, step: Step, models: readonly FluxListedModel[] = []): ConnectionReport {
	if (error instanceof FluxAbortError) return { ok: false, message: t('Flux: the connection test was stopped.'), actions: [] };
	if (error instanceof FluxConfigError) {
		return error.reason === 'noApiKey'
			? { ok: false, message: t('Flux: no API key is set. Set your FluxRouter key (it is kept in VS Code\'s secret storage).'), actions: ['setApiKey'] }
			: { ok: false, message: t('Flux: {0} {1}', error.message, baseUrlHint()), actions: ['openSettings'] };
	}
	if (error instanceof FluxHttpError) {
		if (error.status === 401) return { ok: false, message: t('Flux: FluxRouter rejected the API key (401): {0}', error.message), actions: ['setApiKey'] };
		// The model list takes no model, so a refusal of the path itself means the base is not FluxRouter's /v1.
		if (error.status === 404 || error.status === 405 || (step === 'list' && error.status === 403)) {
			return { ok: false, message: t('Flux: {0} from the model list at flux.baseUrl: {1}. {2}', error.status, error.message, baseUrlHint()), actions: ['openSettings'] };
		}
		const described = describeError(error, model);
		const listed = step === 'chat' ? ` ${modelsSentence(models)}` : '';
		// A 402 (model not in the plan, premium routing) or 403 on the test reply is about the model
		// asked for: FluxRouter's words say which, and another model is the fix within reach.
		const fix: ConnectionAction = step === 'chat' && (error.status === 402 || error.status === 403) ? 'selectModel' : 'openSettings';
		return { ok: false, message: t('Flux: {0}{1}', described.message, listed), actions: [fix] };
	}
	// Something answered, but not in FluxRouter's format (an HTML page, a proxy's error page).
	if (error instanceof FluxProtocolError && step === 'list') {
		return { ok: false, message: t('Flux: the server at flux.baseUrl did not answer like FluxRouter: {0} {1}', error.message, baseUrlHint()), actions: ['openSettings'] };
	}
	if (error instanceof FluxNetworkError) {
		return {
			ok: false,
			message: t('Flux: {0} Check flux.baseUrl, your network, and the proxy (http.proxy, HTTPS_PROXY) if you need one.', error.message),
			actions: ['openSettings', 'openProxySettings'],
		};
	}
	return { ok: false, message: t('Flux: {0}', describeError(error, model).message), actions: ['showLog'] };
}
