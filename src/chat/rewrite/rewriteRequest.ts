import { t } from '@vscode/l10n';
import type { FluxChatRequest, FluxMessage, FluxToolDefinition } from '../../flux/chatRequest';
import { badRequestKind } from '../../flux/errors';
import type { FluxClient, FluxResponseMeta, FluxStreamResult } from '../../flux/fluxClient';
import { usageCost } from '../../flux/pricing/usageCost';
import type { CodeContextView } from '../../protocol/messages';
import { describeCode } from '../attachments/codeContext';
import { describeFinish, StoppedEarlyError } from '../errorMessages';
import { extractCode } from './extractCode';
import { StreamingCode } from './partialCode';
import type { UsageMeter } from '../usage/usageMeter';

const rewriteSystemPrompt = 'You rewrite code as instructed. Give the complete replacement for the code you are shown through the replace_selection tool. Keep the code\'s style and indentation. If you cannot call tools, reply with the replacement code only, in one fenced code block, with no explanation before or after it.';

/**
 * The one tool a rewrite offers, and forces (`tool_choice` naming it): the replacement arrives as
 * an argument rather than inside prose, so nothing has to be dug out of a chatty answer.
 */
export const replaceSelectionTool: FluxToolDefinition = {
	name: 'replace_selection',
	description: 'Replace the code the user selected with your rewrite. Give the whole replacement for the selected lines, not a diff or a fragment, with no Markdown fences and no explanation.',
	parameters: {
		type: 'object',
		properties: { code: { type: 'string', description: 'The complete replacement code for the selected lines, indented as in the file.' } },
		required: ['code'],
		additionalProperties: false,
	},
};

/** The messages that ask for a replacement of `code` following `instruction`. */
export function rewriteMessages(instruction: string, code: CodeContextView): FluxMessage[] {
	return [
		{ role: 'system', content: rewriteSystemPrompt },
		{ role: 'user', content: `Instruction: ${instruction}\n\n${describeCode(code)}` },
	];
}

/**
 * Asks for the rewrite with `replace_selection` forced and returns its `code`; a model that
 * answers in text anyway is read as before (the fenced block of its answer), and one that refuses
 * tools is asked once more without them. Rejects with StoppedEarlyError when the model did not
 * finish (length limit, content filter, refusal) or gave no code. Every request is recorded in
 * `meter` like any paid request: what the server reported, or, when it was cancelled or failed
 * after text had streamed, an estimate of what streamed. `onCode` is told the replacement as far
 * as it has streamed (from the tool call's arguments or the fenced text), for an inline preview;
 * the promise's value is what counts.
 */
export async function requestRewrite(client: FluxClient, model: string, instruction: string, code: CodeContextView, signal: AbortSignal, meter?: Pick<UsageMeter, 'record' | 'prices'>, onCode?: (partial: string) => void): Promise<string> {
	const messages = rewriteMessages(instruction, code);
	const forced: FluxChatRequest = { model, messages, tools: [replaceSelectionTool], toolChoice: { name: replaceSelectionTool.name } };
	const streaming = onCode ? new StreamingCode(replaceSelectionTool.name) : undefined;
	let result: FluxStreamResult;
	try {
		result = await ask(client, forced, signal, meter, streaming, onCode);
	} catch (error) {
		if (badRequestKind(error) !== 'tools') throw error;
		streaming?.reset();
		result = await ask(client, { model, messages }, signal, meter, streaming, onCode);
	}
	const early = describeFinish(result);
	// Cut off, filtered or refused: a partial replacement would drop code, so none is proposed.
	if (early) throw new StoppedEarlyError({ message: t('Flux proposes no rewrite: {0}', early.message), actions: ['retry'] });
	const rewritten = toolCode(result) ?? extractCode(result.text);
	if (!rewritten.trim()) throw new StoppedEarlyError({ message: t('Flux proposes no rewrite: the answer held no code.'), actions: ['retry'] });
	return rewritten;
}

/** The `code` of a well-formed `replace_selection` call, if the answer has one. */
function toolCode(result: FluxStreamResult): string | undefined {
	for (const call of result.toolCalls) {
		if (call.name !== replaceSelectionTool.name) continue;
		try {
			const args = JSON.parse(call.arguments) as { code?: unknown };
			if (typeof args.code === 'string') return args.code;
		} catch {
			// Garbled arguments: the text of the answer, if any, is the fallback.
		}
	}
	return undefined;
}

/** One request, recorded in `meter`; a request cut short is recorded as far as it streamed. */
async function ask(client: FluxClient, request: FluxChatRequest, signal: AbortSignal, meter?: Pick<UsageMeter, 'record' | 'prices'>, streaming?: StreamingCode, onCode?: (partial: string) => void): Promise<FluxStreamResult> {
	let meta: FluxResponseMeta | undefined;
	let text = '';
	let reasoning = '';
	let result: FluxStreamResult;
	let shown: string | undefined;
	const show = () => {
		const code = streaming?.code;
		if (code !== undefined && code !== shown) onCode?.(shown = code);
	};
	try {
		result = await client.streamChat(request, signal, {
			onMeta: (m) => { meta = m; },
			onDelta: (d) => {
				text += d.content ?? '';
				reasoning += d.reasoning ?? '';
				if (d.content) {
					streaming?.textDelta(d.content);
					show();
				}
			},
			onToolArguments: (piece) => {
				streaming?.toolArguments(piece);
				show();
			},
		});
	} catch (error) {
		if (meter && (text || reasoning)) {
			meter.record(usageCost({ meta: meta ?? { servedModel: request.model, requestedModel: request.model, routed: false }, text, reasoning }, request.messages, meter.prices), { kind: 'rewrite' });
		}
		throw error;
	}
	meter?.record(usageCost(result, request.messages, meter.prices), { kind: 'rewrite' });
	return result;
}
