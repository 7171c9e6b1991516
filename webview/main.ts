import { provideVSCodeDesignSystem, vsCodeButton, vsCodeTextArea } from '@vscode/webview-ui-toolkit';
import DOMPurify from 'dompurify';
import { ChatApp } from './chatApp';
import { FrameScheduler } from './timing/frameScheduler';
import { t } from './l10n';
import { prepareHighlighting } from './render/highlight';
import { createMarkdownRenderer } from './render/markdown';
import { createSanitizer } from './render/sanitize';
import { onHostMessage, postToHost, viewStateStore } from './vscodeApi';

provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeTextArea());

const app = new ChatApp({
	document,
	root: document.getElementById('app') as HTMLElement,
	post: postToHost,
	viewState: viewStateStore,
	// A DOMPurify instance of our own: the sanitizer configures it once for all renders.
	markdown: createMarkdownRenderer(createSanitizer(DOMPurify(window))),
	scheduler: new FrameScheduler((callback) => requestAnimationFrame(callback), () => performance.now()),
	clock: {
		now: () => Date.now(),
		setTimeout: (callback, ms) => setTimeout(callback, ms),
		clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
	},
});
onHostMessage((message) => app.handle(message));
app.start();
prepareHighlighting((task) => requestIdleCallback(task, { timeout: 5000 }));

// The toolkit's text area replaces an aria-label written before it upgrades with "Text area";
// setting it again afterwards names the inner textarea.
void customElements.whenDefined('vscode-text-area').then(() => {
	for (const area of document.querySelectorAll('vscode-text-area')) area.setAttribute('aria-label', t('Message Flux'));
});
