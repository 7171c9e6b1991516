// A second extension for the integration suite: Flux's models must work for any extension through
// vscode.lm, so the requests are made here, under this extension's identity, not the suite's.
// Plain JavaScript so it loads as it is (no build step for a test fixture).
'use strict';
const vscode = require('vscode');

/** The API the suite calls (the return value of activate). */
function activate() {
	return {
		/** Whether this VS Code lets extensions contribute models (feature detection, as Flux does). */
		hasProviderApi: typeof vscode.lm.registerLanguageModelChatProvider === 'function',

		/** The models matching `selector`, as VS Code hands them to any extension. */
		selectChatModels: (selector) => vscode.lm.selectChatModels(selector),

		/**
		 * Sends `messages` to `model` and collects the streamed parts: text pieces in order, and
		 * tool calls with their input. `onText` sees each text piece as it arrives.
		 */
		async ask(model, messages, options, token, onText) {
			const response = await model.sendRequest(messages, options ?? {}, token);
			const text = [];
			const toolCalls = [];
			for await (const part of response.stream) {
				if (part instanceof vscode.LanguageModelTextPart) {
					text.push(part.value);
					onText?.(part.value);
				} else if (part instanceof vscode.LanguageModelToolCallPart) {
					toolCalls.push({ callId: part.callId, name: part.name, input: part.input });
				}
			}
			return { text, toolCalls };
		},

		countTokens: (model, input, token) => model.countTokens(input, token),
	};
}

module.exports = { activate, deactivate() {} };
