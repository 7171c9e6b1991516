import { provideVSCodeDesignSystem, vsCodeButton } from '@vscode/webview-ui-toolkit';
import type { HostMessage } from '../src/protocol/messages';
import { onHostMessage, postToHost } from './vscodeApi';

provideVSCodeDesignSystem().register(vsCodeButton());

const app = document.getElementById('app') as HTMLElement;

function renderEmptyState(): void {
	const section = document.createElement('section');
	section.className = 'empty-state';
	section.setAttribute('aria-labelledby', 'empty-title');
	const title = document.createElement('h2');
	title.id = 'empty-title';
	title.textContent = 'Chat with Flux';
	const text = document.createElement('p');
	text.textContent = 'FluxRouter picks a model sized for every turn: quick answers stay cheap, hard questions get a strong model.';
	section.append(title, text);
	app.replaceChildren(section);
}

function onMessage(message: HostMessage): void {
	switch (message.type) {
		case 'chat/snapshot':
			if (message.turns.length === 0) renderEmptyState();
			break;
	}
}

onHostMessage(onMessage);
postToHost({ type: 'view/ready' });
