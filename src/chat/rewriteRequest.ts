import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { FluxClient } from '../flux/fluxClient';
import type { CodeContextView } from '../protocol/messages';
import { describeCode } from './codeContext';
import { extractCode } from './extractCode';


const rewriteSystemPrompt = 'You rewrite code as instructed. Reply with the replacement code only, in one fenced code block, with no explanation before or after it. Keep the code\'s style and indentation.';

/** The messages that ask for a replacement of `code` following `instruction`. */
export function rewriteMessages(instruction: string, code: CodeContextView): ChatCompletionMessageParam[] {
	return [
		{ role: 'system', content: rewriteSystemPrompt },
		{ role: 'user', content: `Instruction: ${instruction}\n\n${describeCode(code)}` },
	];
}

/** Asks for the rewrite and returns the code taken out of the reply. */
export async function requestRewrite(client: FluxClient, model: string, instruction: string, code: CodeContextView, signal: AbortSignal): Promise<string> {
	const result = await client.streamChat({ model, messages: rewriteMessages(instruction, code) }, signal);
	return extractCode(result.text);
}
