import type { FluxMessage } from '../flux/chatRequest';
import type { FluxClient, FluxResponseMeta, FluxStreamResult } from '../flux/fluxClient';
import { usageCost } from '../flux/usageCost';
import type { CodeContextView } from '../protocol/messages';
import { describeCode } from './codeContext';
import { describeFinish, StoppedEarlyError } from './errorMessages';
import { extractCode } from './extractCode';
import type { UsageMeter } from './usageMeter';


const rewriteSystemPrompt = 'You rewrite code as instructed. Reply with the replacement code only, in one fenced code block, with no explanation before or after it. Keep the code\'s style and indentation.';

/** The messages that ask for a replacement of `code` following `instruction`. */
export function rewriteMessages(instruction: string, code: CodeContextView): FluxMessage[] {
	return [
		{ role: 'system', content: rewriteSystemPrompt },
		{ role: 'user', content: `Instruction: ${instruction}\n\n${describeCode(code)}` },
	];
}

/**
 * Asks for the rewrite and returns the code taken out of the reply; rejects with
 * StoppedEarlyError when the model did not finish it (length limit, content filter, refusal).
 * The request is recorded in
 * `meter` like any paid request: what the server reported, or, when it was cancelled or failed
 * after text had streamed, an estimate of what streamed.
 */
export async function requestRewrite(client: FluxClient, model: string, instruction: string, code: CodeContextView, signal: AbortSignal, meter?: Pick<UsageMeter, 'record' | 'prices'>): Promise<string> {
	const messages = rewriteMessages(instruction, code);
	let meta: FluxResponseMeta | undefined;
	let text = '';
	let reasoning = '';
	let result: FluxStreamResult;
	try {
		result = await client.streamChat({ model, messages }, signal, {
			onMeta: (m) => { meta = m; },
			onDelta: (d) => { text += d.content ?? ''; reasoning += d.reasoning ?? ''; },
		});
	} catch (error) {
		if (meter && (text || reasoning)) {
			meter.record(usageCost({ meta: meta ?? { servedModel: model, requestedModel: model, routed: false }, text, reasoning }, messages, meter.prices), { kind: 'rewrite' });
		}
		throw error;
	}
	meter?.record(usageCost(result, messages, meter.prices), { kind: 'rewrite' });
	const early = describeFinish(result);
	// Cut off, filtered or refused: a partial replacement would drop code, so none is proposed.
	if (early) throw new StoppedEarlyError({ message: `Flux proposes no rewrite: ${early.message}`, actions: ['retry'] });
	return extractCode(result.text);
}
