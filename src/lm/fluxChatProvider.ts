import * as vscode from 'vscode';
import type { ContextBudget } from '../chat/context/contextBudget';
import { countMessageTokens, type TokenCounter } from '../chat/context/tokenCounter';
import type { UsageMeter } from '../chat/usage/usageMeter';
import type { FluxChatRequest, FluxClient, FluxResponseMeta, FluxStreamResult } from '../flux/fluxClient';
import { usageCost } from '../flux/pricing/usageCost';
import type { LanguageModelChatInformation, LanguageModelChatProvider, LanguageModelChatRequestMessage, LanguageModelResponsePart, PrepareLanguageModelChatModelOptions, ProvideLanguageModelChatResponseOptions } from './lmApi';
import { lmFailure } from './lmErrors';
import { droppedParts, toFluxMessages, toFluxTools, toolCallsOut, toolChoiceFor, type LmMessage, type LmPart } from './lmMessages';
import { modelInformation } from './lmModels';

/** What the provider needs from the extension. */
export interface FluxChatProviderDeps {
	/** The same factory the chat uses (settings, key); rejects with FluxConfigError without a key. */
	readonly createClient: () => Promise<FluxClient>;
	readonly hasKey: () => Promise<boolean>;
	readonly log: vscode.LogOutputChannel;
	/** The chat's budget: the same per-model correction of our token counts. */
	readonly budget: ContextBudget;
	readonly counter: TokenCounter;
	readonly meter: UsageMeter;
}

/**
 * Flux's models for VS Code's own chat and for every extension (`vscode.lm`): an adapter over the
 * Flux client. The mapping itself lives in plain files (lmMessages.ts, lmErrors.ts, lmModels.ts);
 * this class only turns vscode's part classes into their shapes and back.
 */
export class FluxChatProvider implements LanguageModelChatProvider, vscode.Disposable {
	private readonly changed = new vscode.EventEmitter<void>();
	readonly onDidChangeLanguageModelChatInformation = this.changed.event;

	constructor(private readonly deps: FluxChatProviderDeps) {}

	/** The key, the base URL or the format changed: VS Code asks for the list again. */
	refresh(): void {
		this.changed.fire();
	}

	async provideLanguageModelChatInformation(_options: PrepareLanguageModelChatModelOptions, token: vscode.CancellationToken): Promise<LanguageModelChatInformation[]> {
		// Without a key the list is empty; the contribution's management command sets one.
		if (!await this.deps.hasKey()) return [];
		const controller = abortOn(token);
		try {
			const client = await this.deps.createClient();
			return modelInformation(await client.listModelEntries(controller.signal));
		} catch (error) {
			if (token.isCancellationRequested) return [];
			this.deps.log.warn(`language models: could not read the model list, offering the router's ids: ${error instanceof Error ? error.message : String(error)}`);
			return modelInformation(undefined);
		} finally {
			controller.dispose();
		}
	}

	async provideLanguageModelChatResponse(model: LanguageModelChatInformation, messages: readonly LanguageModelChatRequestMessage[], options: ProvideLanguageModelChatResponseOptions, progress: vscode.Progress<LanguageModelResponsePart>, token: vscode.CancellationToken): Promise<void> {
		const { log, budget } = this.deps;
		const plain = messages.map(toLmMessage);
		const dropped = droppedParts(plain);
		if (dropped.length) log.debug(`language model request: left out ${dropped.join(', ')} (not sent to Flux)`);
		const tools = toFluxTools(options.tools ?? []);
		const choice = toolChoiceFor(options.toolMode === vscode.LanguageModelChatToolMode.Required ? 'required' : 'auto', tools);
		if (choice.note) log.info(`language model request: ${choice.note}`);
		const request: FluxChatRequest = {
			model: model.id,
			messages: toFluxMessages(plain),
			...(tools.length ? { tools } : {}),
			...(choice.toolChoice ? { toolChoice: choice.toolChoice } : {}),
		};
		const controller = abortOn(token);
		let meta: FluxResponseMeta | undefined;
		let streamed = '';
		try {
			const client = await this.deps.createClient();
			const result = await client.streamChat(request, controller.signal, {
				onMeta: (m) => {
					meta = m;
					// The API has no place for the served model in a response: the log says it.
					log.info(`language model request${options.requestInitiator ? ` from ${options.requestInitiator}` : ''}: ${model.id} served by ${m.servedModel}${m.requestId ? ` (request ${m.requestId})` : ''}`);
				},
				onDelta: (delta) => {
					if (!delta.content) return;
					streamed += delta.content;
					progress.report(new vscode.LanguageModelTextPart(delta.content));
				},
			});
			for (const call of toolCallsOut(result.toolCalls)) {
				if (call.invalidArguments !== undefined) log.warn(`language model request: ${call.name} arguments were not a JSON object, passed as {}: ${call.invalidArguments.slice(0, 200)}`);
				progress.report(new vscode.LanguageModelToolCallPart(call.callId, call.name, call.input));
			}
			budget.observe(request, result.meta, result.usage);
			this.record(result, request);
		} catch (error) {
			// What streamed before a stop or failure was paid for too.
			if (meta) this.record({ meta, text: streamed, reasoning: '', usage: undefined }, request);
			throw toLanguageModelError(error, model.id, token);
		} finally {
			controller.dispose();
		}
	}

	private record(result: Pick<FluxStreamResult, 'meta' | 'usage' | 'text' | 'reasoning'>, request: FluxChatRequest): void {
		this.deps.meter.record(usageCost(result, request.messages, this.deps.meter.prices), { kind: 'provider' });
	}

	async provideTokenCount(model: LanguageModelChatInformation, text: string | LanguageModelChatRequestMessage, _token: vscode.CancellationToken): Promise<number> {
		const { counter, budget } = this.deps;
		const ours = typeof text === 'string'
			? counter.countText(text)
			: toFluxMessages([toLmMessage(text)]).reduce((sum, message) => sum + countMessageTokens(counter, message), 0);
		// Corrected towards the served model's tokenizer as the chat's budget does.
		return Math.ceil(ours * budget.limits(model.id).ratio);
	}

	dispose(): void {
		this.changed.dispose();
	}
}

/** A CancellationToken as an AbortSignal: the one place they meet; dispose in `finally`. */
function abortOn(token: vscode.CancellationToken): { readonly signal: AbortSignal; dispose(): void } {
	const controller = new AbortController();
	if (token.isCancellationRequested) controller.abort();
	const subscription = token.onCancellationRequested(() => controller.abort());
	return { signal: controller.signal, dispose: () => subscription.dispose() };
}

function toLanguageModelError(error: unknown, model: string, token: vscode.CancellationToken): Error {
	const failure = token.isCancellationRequested ? { kind: 'cancelled' as const } : lmFailure(error, model);
	switch (failure.kind) {
		case 'cancelled': return new vscode.CancellationError();
		case 'NoPermissions': return vscode.LanguageModelError.NoPermissions(failure.message);
		case 'NotFound': return vscode.LanguageModelError.NotFound(failure.message);
		case 'Blocked': return vscode.LanguageModelError.Blocked(failure.message);
		default: return new vscode.LanguageModelError(failure.message);
	}
}

function toLmMessage(message: LanguageModelChatRequestMessage): LmMessage {
	// System is 3 in the builds that send it (not in 1.100's enum, hence the number).
	const role = message.role === vscode.LanguageModelChatMessageRole.Assistant ? 'assistant' : (message.role as number) === 3 ? 'system' : 'user';
	return { role, parts: message.content.map(toLmPart) };
}

function toLmPart(part: unknown): LmPart {
	if (part instanceof vscode.LanguageModelTextPart) return { kind: 'text', text: part.value };
	if (part instanceof vscode.LanguageModelToolCallPart) return { kind: 'toolCall', callId: part.callId, name: part.name, input: part.input };
	if (part instanceof vscode.LanguageModelToolResultPart) return { kind: 'toolResult', callId: part.callId, content: part.content.map(resultText).join('') };
	return { kind: 'other', what: (part as { mimeType?: unknown })?.mimeType ? `a ${String((part as { mimeType: unknown }).mimeType)} part` : 'a part of unknown kind' };
}

/** A tool result's piece as text: text parts as they are, data as JSON (prompt-tsx parts carry `value`). */
function resultText(piece: unknown): string {
	if (piece instanceof vscode.LanguageModelTextPart) return piece.value;
	if (typeof piece === 'object' && piece !== null && 'data' in piece && 'mimeType' in piece && String(piece.mimeType).startsWith('text/')) {
		return new TextDecoder().decode(piece.data as Uint8Array);
	}
	if (typeof piece === 'object' && piece !== null && 'value' in piece) return typeof piece.value === 'string' ? piece.value : JSON.stringify(piece.value);
	return '';
}
