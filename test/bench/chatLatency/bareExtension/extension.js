// The baseline for chatLatency (shown in the panel at start): the least a chat view can do with a streamed reply. The view asks
// (when the bench calls window.benchStart in it), this host side streams one completion from the
// simulator (flux.baseUrl, FLUX_API_KEY) with Node's fetch and posts each chunk's text as it
// arrives; the view appends it. Same workbench, same simulator, same chunks as Flux Chat.
'use strict';
/* global process, fetch, TextDecoder */
const vscode = require('vscode');

async function stream(view) {
	const baseUrl = vscode.workspace.getConfiguration('flux').get('baseUrl');
	const response = await fetch(`${baseUrl}/chat/completions`, {
		method: 'POST',
		headers: { authorization: `Bearer ${process.env.FLUX_API_KEY}`, 'content-type': 'application/json' },
		body: JSON.stringify({ model: 'flux-auto', stream: true, messages: [{ role: 'user', content: 'bench' }] }),
	});
	const decoder = new TextDecoder();
	let pending = '';
	for await (const bytes of response.body) {
		pending += decoder.decode(bytes, { stream: true });
		const lines = pending.split('\n');
		pending = lines.pop();
		let text = '';
		for (const line of lines) {
			if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
			text += JSON.parse(line.slice(6)).choices?.[0]?.delta?.content ?? '';
		}
		if (text) void view.webview.postMessage(text);
	}
}

function activate(context) {
	context.subscriptions.push(vscode.window.registerWebviewViewProvider('bareLatency.view', {
		resolveWebviewView(view) {
			view.webview.options = { enableScripts: true };
			view.webview.html = `<!DOCTYPE html><html><body><div id="reply" class="bare-ready"></div><script>
				const vscode = acquireVsCodeApi();
				const reply = document.getElementById('reply');
				window.addEventListener('message', (event) => reply.append(event.data));
				window.benchStart = () => vscode.postMessage('start');
			</script></body></html>`;
			view.webview.onDidReceiveMessage(() => stream(view).catch((error) => void view.webview.postMessage(`bare stream failed: ${error}`)));
		},
	}));
	// Shown in the panel at start, so it stays visible beside Flux Chat's sidebar view.
	void vscode.commands.executeCommand('bareLatency.view.focus');
}

module.exports = { activate, deactivate() {} };
