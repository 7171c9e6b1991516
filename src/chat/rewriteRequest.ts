import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { FluxClient, FluxResponseMeta } from '../flux/fluxClient';
import { usageCost } from '../flux/usageCost';
import type { CodeContextView } from '../protocol/messages';
import { describeCode } from './codeContext';
import { extractCode } from './extractCode';
import type { UsageMeter } from './usageMeter';


const rewriteSystemPrompt = 'You rewrite code as instructed. Reply with the replacement code only, in one fenced code block, with no explanation before or after it. Keep the code\'s style and indentation.';

/** The messages that ask for a replacement of `code` following `instruction`. */
export function rewriteMessages(instruction: string, code: CodeContextView): ChatCompletionMessageParam[] {
	return [
		{ role: 'system', content: rewriteSystemPrompt },
		{ role: 'user', content: `Instruction: ${instruction}\n\n${describeCode(code)}` },
	];
}

/**
 * Asks for the rewrite and returns the code taken out of the reply. The request is recorded in
 * `meter` like any paid request: what the server reported, or, when it was cancelled or failed
 * after text had streamed, an estimate of what streamed.
 */
export async function requestRewrite(client: FluxClient, model: string, instruction: string, code: CodeContextView, signal: AbortSignal, meter?: Pick<UsageMeter, 'record' | 'prices'>): Promise<string> {
	const messages = rewriteMessages(instruction, code);
	let meta: FluxResponseMeta | undefined;
	let text = '';
	let reasoning = '';
	try {
		const result = await client.streamChat({ model, messages }, signal, {
			onMeta: (m) => { meta = m; },
			onDelta: (d) => { text += d.content ?? ''; reasoning += d.reasoning ?? ''; },
		});
		meter?.record(usageCost(result, messages, meter.prices), { kind: 'rewrite' });
		return extractCode(result.text);
	} catch (error) {
		if (meter && (text || reasoning)) {
			meter.record(usageCost({ meta: meta ?? { servedModel: model, requestedModel: model, routed: false }, text, reasoning }, messages, meter.prices), { kind: 'rewrite' });
		}
		throw error;
	}
}
