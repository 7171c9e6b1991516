// A test extension for the integration suite: it contributes and registers language model tools,
// as any extension (or VS Code for an MCP server's tools) does, and records each call so the suite
// can check what ran. Plain JavaScript so it loads as it is (no build step for a test fixture).
'use strict';
const vscode = require('vscode');

function activate(context) {
	/** Every invocation, in order: the tool's name and its input. */
	const calls = [];
	const register = (name, answer) => context.subscriptions.push(vscode.lm.registerTool(name, {
		invoke(options) {
			calls.push({ name, input: options.input });
			return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(answer(options.input))]);
		},
	}));
	register('fluxTest_weather_today', (input) => `WEATHER-7731: sunny in ${input.city}`);
	register('fluxTest_a_tool_whose_name_is_much_longer_than_the_sixty_four_characters_both_wires_take', () => 'LONG-5518');
	return { calls };
}

module.exports = { activate, deactivate() {} };
