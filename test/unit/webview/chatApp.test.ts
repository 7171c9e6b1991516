import * as assert from 'node:assert/strict';
import type { ChatSnapshot, HostMessage, ModelChoiceView, ReplyView as ReplyData, TurnView, WebviewMessage } from '../../../src/protocol/messages';
import { ChatApp } from '../../../webview/chatApp';
import { FrameScheduler } from '../../../webview/timing/frameScheduler';
import type { Clock } from '../../../webview/timing/clock';
import type { ViewStateStore } from '../../../webview/viewState';
import { createJsdomView } from './jsdomView';

/** Timers that run only when the test advances time. */
function fakeClock(start = 1_000_000): Clock & { advance(ms: number): void } {
	let now = start;
	let nextId = 1;
	const timers = new Map<number, { at: number; callback: () => void }>();
	return {
		now: () => now,
		setTimeout(callback, ms) {
			const id = nextId++;
			timers.set(id, { at: now + ms, callback });
			return id;
		},
		clearTimeout(handle) {
			timers.delete(handle as number);
		},
		advance(ms) {
			const until = now + ms;
			for (;;) {
				const due = [...timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
				if (!due) break;
				timers.delete(due[0]);
				now = due[1].at;
				due[1].callback();
			}
			now = until;
		},
	};
}

/** The host side of the webview: records what the view posts. */
function fakeVsCodeApi(): { posted: WebviewMessage[]; post: (message: WebviewMessage) => void } {
	const posted: WebviewMessage[] = [];
	return { posted, post: (message) => posted.push(message) };
}

function setup(viewState?: ViewStateStore) {
	const view = createJsdomView();
	const root = view.container();
	const api = fakeVsCodeApi();
	const frames: (() => void)[] = [];
	const clock = fakeClock();
	const app = new ChatApp({ document: view.document, root, post: api.post, markdown: view.renderer, scheduler: new FrameScheduler((callback) => frames.push(callback), clock.now), clock, ...(viewState ? { viewState } : {}) });
	const window = view.window as unknown as typeof globalThis;
	return {
		app, root, api, clock, window,
		send: (...messages: HostMessage[]) => messages.forEach((m) => app.handle(m)),
		runFrames: () => {
			while (frames.length) for (const frame of frames.splice(0)) frame();
		},
		/** Runs the callbacks of the next animation frame only. */
		runFrame: () => {
			for (const frame of frames.splice(0)) frame();
		},
		/** What a user sees and can do, in reading order. */
		screen() {
			const visible = (el: Element | null) => !!el && !el.closest('[hidden]');
			return {
				articles: Array.from(root.querySelectorAll('article')).map((article) => ({
					name: article.getAttribute('aria-label'),
					text: (article.querySelector('.question-text, .reply-body')?.textContent ?? '').trim(),
					notes: Array.from(article.querySelectorAll('.reply-status, .reply-error-message, .reply-retrying, .reply-waiting, .reply-facts'))
						.filter(visible).map((el) => el.textContent?.trim()).filter(Boolean),
					buttons: Array.from(article.querySelectorAll('vscode-button')).filter(visible).map((b) => b.getAttribute('aria-label')),
				})),
				composer: {
					text: (root.querySelector('vscode-text-area') as unknown as { value: string }).value,
					sendDisabled: root.querySelector('[data-action="send"]')?.hasAttribute('disabled'),
					stop: visible(root.querySelector('[data-action="stop"]')),
					model: root.querySelector('.composer-model-name')?.textContent,
					editing: visible(root.querySelector('.composer-edit')),
				},
				live: root.querySelector('[aria-live="polite"]')?.textContent,
			};
		},
		click(selector: string, index = 0) {
			const target = root.querySelectorAll(selector)[index] as HTMLElement;
			return target.dispatchEvent(new (view.window as unknown as typeof globalThis).MouseEvent('click', { bubbles: true, cancelable: true }));
		},
		type(text: string) {
			const input = root.querySelector('vscode-text-area') as unknown as HTMLElement & { value: string };
			input.value = text;
			input.dispatchEvent(new window.Event('input', { bubbles: true }));
		},
		key(key: string, init: KeyboardEventInit = {}) {
			const input = root.querySelector('vscode-text-area') as HTMLElement;
			return input.dispatchEvent(new window.KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }));
		},
	};
}

const done = (text: string, extra: Partial<ReplyData> = {}): ReplyData => ({ status: 'done', text, deltaSeq: 3, reasoning: '', ...extra });
const turn = (id: string, question: string, reply: ReplyData): TurnView => ({ id, question, reply });
const choice = (model: string): ModelChoiceView => ({ model, defaultModel: 'flux-auto' });
const noSpend = { conversationUsd: 0, todayUsd: 0, estimated: false };
const snapshot = (turns: TurnView[], extra: Partial<ChatSnapshot> = {}): ChatSnapshot => ({
	type: 'chat/snapshot', conversation: { id: 'c1', title: 'Chat' }, turns, earlierTurns: 0, model: choice('flux-auto'), spend: noSpend, draft: '', ...extra,
});
const meta = { servedModel: 'claude-haiku', requestedModel: 'flux-auto', routed: true, firstTokenMs: 420 };

describe('ChatApp (protocol and controls, jsdom)', () => {
	it('asks for a snapshot on start and shows the empty state, the model and the kept draft', () => {
		const t = setup();
		t.app.start();
		t.send(snapshot([], { draft: 'half-written question', model: choice('flux-fast') }));
		const region = t.root.querySelector('section[aria-labelledby]');
		assert.deepEqual({
			posted: t.api.posted,
			region: region && t.root.querySelector(`#${region.getAttribute('aria-labelledby')}`)?.textContent,
			heading: region?.querySelector('h2')?.textContent,
			composer: t.screen().composer,
		}, {
			posted: [{ type: 'view/ready' }],
			region: 'Chat with Flux',
			heading: 'Chat with Flux',
			composer: { text: 'half-written question', sendDisabled: false, stop: false, model: 'flux-fast', editing: false },
		});
	});

	it('has a "Tools" button beside the message box that asks the host for "Flux: Choose Tools"', () => {
		const t = setup();
		t.send(snapshot([]));
		const tools = t.root.querySelector('.composer-buttons [data-action="tools/choose"]');
		t.click('[data-action="tools/choose"]');
		assert.deepEqual({ label: tools?.getAttribute('aria-label'), posted: t.api.posted }, { label: 'Tools', posted: [{ type: 'tools/choose' }] });
	});

	it('streams a turn: started, meta, deltas drawn once per frame, retrying countdown, ended', () => {
		const t = setup();
		t.send(snapshot([]));
		t.send({ type: 'turn/started', turn: turn('t1', 'What is <b>2+2</b>?', { status: 'waiting', text: '', deltaSeq: 0, reasoning: '' }) });
		const waiting = t.screen().articles;
		t.send({ type: 'turn/retrying', turnId: 't1', attempt: 1, maxAttempts: 5, retryAt: t.clock.now() + 3000, reason: 'rate limited' });
		const countdown = [t.screen().articles[1].notes];
		t.clock.advance(1000);
		countdown.push(t.screen().articles[1].notes);
		t.send({ type: 'turn/meta', turnId: 't1', meta });
		t.send({ type: 'turn/delta', turnId: 't1', seq: 0, reasoning: 'Add them.' });
		t.send({ type: 'turn/delta', turnId: 't1', seq: 1, content: 'It is' });
		t.send({ type: 'turn/delta', turnId: 't1', seq: 2, content: ' **4**.' });
		const beforeFrame = t.screen().articles[1].text;
		t.runFrames();
		const streaming = t.screen();
		t.send({ type: 'turn/ended', turnId: 't1', reply: done('It is **4**.', { reasoning: 'Add them.', meta, usage: { promptTokens: 1000, completionTokens: 234, costUsd: 0.00041, costSource: 'estimate' } }) });
		assert.deepEqual({
			waiting,
			countdown,
			beforeFrame,
			streaming,
			thinking: t.root.querySelector('.reply-thinking')?.textContent,
			answerHtml: t.root.querySelector('.reply-body')?.innerHTML,
			ended: t.screen(),
		}, {
			waiting: [
				{ name: 'You', text: 'What is <b>2+2</b>?', notes: [], buttons: [] },
				{ name: 'Flux', text: '', notes: ['Waiting for a reply…'], buttons: [] },
			],
			countdown: [['Retrying in 3 s (attempt 1 of 5): rate limited'], ['Retrying in 2 s (attempt 1 of 5): rate limited']],
			beforeFrame: '',
			streaming: {
				articles: [
					{ name: 'You', text: 'What is <b>2+2</b>?', notes: [], buttons: [] },
					{ name: 'Flux, claude-haiku', text: 'It is 4.', notes: [], buttons: [] },
				],
				composer: { text: '', sendDisabled: true, stop: true, model: 'flux-auto', editing: false },
				live: '',
			},
			thinking: 'ThinkingAdd them.',
			answerHtml: '<p>It is <strong>4</strong>.</p>\n',
			ended: {
				articles: [
					{ name: 'You', text: 'What is <b>2+2</b>?', notes: [], buttons: ['Edit'] },
					{ name: 'Flux, claude-haiku', text: 'It is 4.', notes: ['1,000 + 234 tokens · first token 420 ms · ≈$0.0004 (estimate)'], buttons: ['Copy', 'Regenerate', 'Retry with a stronger model', 'Retry with a faster model', 'Retry with a model…'] },
				],
				composer: { text: '', sendDisabled: false, stop: false, model: 'flux-auto', editing: false },
				live: 'Flux replied',
			},
		});
	});

	it('draws a delta after a quiet frame at once, and those that follow within a frame on the next frame', () => {
		const t = setup();
		t.send(snapshot([turn('t1', 'Hi', { status: 'waiting', text: '', deltaSeq: 0, reasoning: '' })]));
		t.runFrames();
		const text = () => t.screen().articles[1].text;
		t.send({ type: 'turn/delta', turnId: 't1', seq: 0, content: 'One' });
		const first = text();
		t.clock.advance(5);
		t.send({ type: 'turn/delta', turnId: 't1', seq: 1, content: ' two' });
		const withinFrame = text();
		t.runFrame();
		const afterFrame = text();
		t.clock.advance(10);
		t.send({ type: 'turn/delta', turnId: 't1', seq: 2, content: ' three' });
		const soonAfterFrame = text();
		t.runFrame();
		t.clock.advance(40);
		t.send({ type: 'turn/delta', turnId: 't1', seq: 3, content: ' four' });
		assert.deepEqual({ first, withinFrame, afterFrame, soonAfterFrame, afterPause: text() }, {
			first: 'One', withinFrame: 'One', afterFrame: 'One two', soonAfterFrame: 'One two', afterPause: 'One two three four',
		});
	});

	it('draws a code block whose fence closes while streaming plain, and colours it once painted', () => {
		const t = setup();
		t.send(snapshot([turn('t1', 'Hi', { status: 'streaming', text: 'Look:\n\n', deltaSeq: 0, reasoning: '' })]));
		t.runFrames();
		const code = () => t.root.querySelector('[data-turn-id="t1"] pre code')!;
		const state = () => ({ className: code().className, coloured: code().querySelector('span[class^="hljs-"]') !== null, text: code().textContent });
		t.send({ type: 'turn/delta', turnId: 't1', seq: 0, content: '```ts\nconst a = 1;\n' });
		t.runFrames();
		t.clock.advance(20);
		t.send({ type: 'turn/delta', turnId: 't1', seq: 1, content: '```\n\nDone' });
		t.runFrames();
		const closed = state();
		t.clock.advance(0);
		assert.deepEqual({ closed, later: state(), after: t.root.querySelector('[data-turn-id="t1"] .reply-body p:last-of-type')?.textContent }, {
			closed: { className: 'language-ts hljs-plain', coloured: false, text: 'const a = 1;\n' },
			later: { className: 'language-ts', coloured: true, text: 'const a = 1;\n' },
			after: 'Done',
		});
	});

	it('asks for a fresh snapshot once when a delta is missed, ignores duplicates, and recovers', () => {
		const t = setup();
		t.send(snapshot([turn('t1', 'Hi', { status: 'streaming', text: 'Hel', deltaSeq: 2, reasoning: '' })]));
		t.send({ type: 'turn/delta', turnId: 't1', seq: 1, content: 'l' }); // already in the snapshot
		t.send({ type: 'turn/delta', turnId: 't1', seq: 2, content: 'lo' });
		t.send({ type: 'turn/delta', turnId: 't1', seq: 4, content: ' there' }); // seq 3 went missing
		t.send({ type: 'turn/delta', turnId: 't1', seq: 5, content: '!' });
		t.runFrames();
		const afterGap = { posted: [...t.api.posted], text: t.screen().articles[1].text };
		t.send(snapshot([turn('t1', 'Hi', { status: 'streaming', text: 'Hello there!', deltaSeq: 6, reasoning: '' })]));
		t.send({ type: 'turn/delta', turnId: 't1', seq: 6, content: ' Bye.' });
		t.send({ type: 'turn/delta', turnId: 'unknown', seq: 0, content: 'x' });
		t.runFrames();
		assert.deepEqual({ afterGap, text: t.screen().articles[1].text, posted: t.api.posted }, {
			afterGap: { posted: [{ type: 'view/ready' }], text: 'Hello' },
			text: 'Hello there! Bye.',
			posted: [{ type: 'view/ready' }, { type: 'view/ready' }],
		});
	});

	it('sends with Enter, not with Shift+Enter or blank text; clears the box; keeps drafts debounced', () => {
		const t = setup();
		t.send(snapshot([]));
		t.type('  ');
		const blankEnter = t.key('Enter');
		t.type('Hello');
		t.clock.advance(100);
		t.type('Hello\nworld');
		const shiftEnter = t.key('Enter', { shiftKey: true });
		t.clock.advance(300);
		const draftPosted = [...t.api.posted];
		const enter = t.key('Enter');
		t.clock.advance(1000);
		assert.deepEqual({ blankEnter, shiftEnter, enter, draftPosted, posted: t.api.posted.slice(draftPosted.length), composer: t.screen().composer.text }, {
			blankEnter: false, // default prevented, nothing sent
			shiftEnter: true, // the newline goes in
			enter: false,
			draftPosted: [{ type: 'chat/draft', text: 'Hello\nworld' }],
			posted: [{ type: 'chat/send', text: 'Hello\nworld' }, { type: 'chat/draft', text: '' }],
			composer: '',
		});
	});

	it('offers Stop while in flight, then Regenerate, Edit (chat/editLast; Escape cancels) and Copy', () => {
		const t = setup();
		t.send(snapshot([turn('t1', 'First?', done('One.')), turn('t2', 'Second?', { status: 'streaming', text: 'Tw', deltaSeq: 1, reasoning: '' })], { draft: 'draft' }));
		t.type('more');
		const ignoredWhileBusy = t.key('Enter');
		t.click('[data-action="stop"]');
		t.send({ type: 'turn/ended', turnId: 't2', reply: { status: 'stopped', text: 'Tw', deltaSeq: 1, reasoning: '' } });
		const stopped = t.screen();
		t.click('[data-action="regenerate"]', 1);
		t.click('[data-action="copy-reply"]', 0);
		t.click('[data-action="edit"]', 1);
		const editing = t.screen().composer;
		t.key('Escape');
		const cancelled = t.screen().composer;
		t.click('[data-action="edit"]', 1);
		t.type('Second, rephrased?');
		t.click('[data-action="send"]');
		assert.deepEqual({ ignoredWhileBusy, stopped, editing, cancelled, posted: t.api.posted.filter((m) => m.type !== 'chat/draft') }, {
			ignoredWhileBusy: false,
			stopped: {
				articles: [
					{ name: 'You', text: 'First?', notes: [], buttons: [] },
					{ name: 'Flux', text: 'One.', notes: [], buttons: ['Copy', 'Retry with a stronger model', 'Retry with a faster model', 'Retry with a model…'] },
					{ name: 'You', text: 'Second?', notes: [], buttons: ['Edit'] },
					{ name: 'Flux', text: 'Tw', notes: ['Stopped'], buttons: ['Copy', 'Regenerate', 'Retry with a stronger model', 'Retry with a faster model', 'Retry with a model…'] },
				],
				composer: { text: 'more', sendDisabled: false, stop: false, model: 'flux-auto', editing: false },
				live: 'Flux reply stopped',
			},
			editing: { text: 'Second?', sendDisabled: false, stop: false, model: 'flux-auto', editing: true },
			cancelled: { text: 'more', sendDisabled: false, stop: false, model: 'flux-auto', editing: false },
			posted: [
				{ type: 'turn/stop', turnId: 't2' },
				{ type: 'turn/retry', turnId: 't2' },
				{ type: 'code/copy', text: 'One.' },
				{ type: 'chat/editLast', text: 'Second, rephrased?' },
			],
		});
	});

	it('shows errors with their actions as buttons, and incomplete replies; announces them', () => {
		const t = setup();
		t.send(snapshot([turn('t1', 'Q1', { status: 'streaming', text: 'Partial', deltaSeq: 1, reasoning: '' })]));
		t.send({ type: 'turn/ended', turnId: 't1', reply: { status: 'incomplete', text: 'Partial', deltaSeq: 1, reasoning: '' } });
		const incomplete = { article: t.screen().articles[1], live: t.screen().live };
		t.send({ type: 'turn/started', turn: turn('t2', 'Q2', { status: 'waiting', text: '', deltaSeq: 0, reasoning: '' }) });
		t.send({ type: 'turn/ended', turnId: 't2', reply: { status: 'error', text: '', deltaSeq: 0, reasoning: '', error: { message: 'No API key is set.', actions: ['setApiKey', 'retry', 'useFluxAuto', 'openSettings'] } } });
		const error = { article: t.screen().articles[3], live: t.screen().live };
		t.click('[data-error-action="useFluxAuto"]');
		assert.deepEqual({ incomplete, error, posted: t.api.posted }, {
			incomplete: {
				article: { name: 'Flux', text: 'Partial', notes: ['Incomplete: the connection ended early'], buttons: ['Copy', 'Regenerate', 'Retry with a stronger model', 'Retry with a faster model', 'Retry with a model…'] },
				live: 'Flux reply incomplete: the connection ended early',
			},
			error: {
				article: { name: 'Flux', text: '', notes: ['No API key is set.'], buttons: ['Set API Key', 'Retry', 'Use flux-auto', 'Open Settings', 'Retry with a stronger model', 'Retry with a faster model', 'Retry with a model…'] },
				live: 'Flux: No API key is set.',
			},
			posted: [{ type: 'turn/errorAction', turnId: 't2', action: 'useFluxAuto' }],
		});
	});

	it('labels the actions that change what chose a refused model, and the overflow\'s actions', () => {
		const t = setup();
		t.send(snapshot([turn('t1', 'Q1', { status: 'waiting', text: '', deltaSeq: 0, reasoning: '' })]));
		t.send({ type: 'turn/ended', turnId: 't1', reply: { status: 'error', text: '', deltaSeq: 0, reasoning: '', error: { message: 'Refused.', actions: ['unpinAndRetry', 'retryWithFluxAuto', 'newChat', 'pinModel'] } } });
		const buttons = t.screen().articles[1].buttons.slice(0, 4);
		for (const action of ['unpinAndRetry', 'retryWithFluxAuto', 'newChat', 'pinModel']) t.click(`[data-error-action="${action}"]`);
		assert.deepEqual({ buttons, posted: t.api.posted }, {
			buttons: ['Unpin and Retry', 'Retry with flux-auto', 'New Chat', 'Pin a Model…'],
			posted: ['unpinAndRetry', 'retryWithFluxAuto', 'newChat', 'pinModel'].map((action) => ({ type: 'turn/errorAction', turnId: 't1', action })),
		});
	});

	it('shows why an interrupted reply ended, with Retry (issue Trust 9)', () => {
		const t = setup();
		const interrupted: ReplyData = { status: 'incomplete', text: 'Partial', deltaSeq: 0, reasoning: '', error: { message: 'Interrupted: VS Code closed while this reply was streaming.', actions: ['retry'] } };
		t.send(snapshot([turn('t1', 'Q1', done('A1')), turn('t2', 'Q2', interrupted)]));
		const article = t.screen().articles[3];
		t.click('[data-turn-id="t2"] [data-error-action="retry"]');
		assert.deepEqual({ article, posted: t.api.posted }, {
			article: { name: 'Flux', text: 'Partial', notes: ['Interrupted: VS Code closed while this reply was streaming.'], buttons: ['Retry', 'Copy', 'Retry with a stronger model', 'Retry with a faster model', 'Retry with a model…'] },
			posted: [{ type: 'turn/errorAction', turnId: 't2', action: 'retry' }],
		});
	});

	it('shows a reply cut at the length limit with its text, the reason, and Continue', () => {
		const t = setup();
		const cut: ReplyData = { status: 'incomplete', text: 'The first part', deltaSeq: 0, reasoning: '', error: { message: 'Cut off at the model\'s length limit.', actions: ['continue', 'retry'] } };
		t.send(snapshot([turn('t1', 'Q1', cut)]));
		const article = t.screen().articles[1];
		t.click('[data-turn-id="t1"] [data-error-action="continue"]');
		assert.deepEqual({ article, posted: t.api.posted }, {
			article: { name: 'Flux', text: 'The first part', notes: ['Cut off at the model\'s length limit.'], buttons: ['Continue', 'Retry', 'Copy', 'Retry with a stronger model', 'Retry with a faster model', 'Retry with a model…'] },
			posted: [{ type: 'turn/errorAction', turnId: 't1', action: 'continue' }],
		});
	});

	it('pages through a reply\'s versions with < 2/3 >, through the host; a retry that failed keeps the answer and says why (issue Trust 6)', () => {
		const t = setup();
		t.send(snapshot([{ ...turn('t1', 'Q', done('second')), versions: { index: 1, count: 2 } }]));
		const pager = () => {
			const group = t.root.querySelector('[data-turn-id="t1"] .reply-versions')!;
			return { hidden: group.closest('[hidden]') !== null, text: group.querySelector('.reply-versions-text')?.getAttribute('aria-label'),
				disabled: Array.from(group.querySelectorAll('vscode-button')).filter((b) => b.hasAttribute('disabled')).map((b) => b.getAttribute('aria-label')) };
		};
		const shown = pager();
		t.click('[data-action="version-next"]');
		t.click('[data-action="version-previous"]');
		const posted = [...t.api.posted];
		t.send({ type: 'turn/changed', turn: { ...turn('t1', 'Q', done('first')), versions: { index: 0, count: 2 } } });
		const changed = { text: t.screen().articles[1].text, pager: pager() };
		// Retry: the attempt streams as version 3 of 3, with no pager while it runs...
		t.send({ type: 'turn/started', turn: { ...turn('t1', 'Q', { status: 'waiting', text: '', deltaSeq: 0, reasoning: '' }), versions: { index: 2, count: 3 } } });
		const running = pager().hidden;
		// ...and fails: the answer shown before comes back, with the reason and its actions.
		const retryFailed = { message: 'The retry failed: the model "flux-pinned-claude-sonnet" is not allowed for this key. The previous answer is kept.', actions: ['useFluxAuto', 'openSettings'] as const };
		t.send({ type: 'turn/ended', turnId: 't1', reply: done('first'), versions: { index: 0, count: 2 }, retryFailed: { ...retryFailed, actions: [...retryFailed.actions] } });
		const failed = t.screen();
		t.click('[data-turn-id="t1"] [data-error-action="useFluxAuto"]');
		assert.deepEqual({ shown, posted, changed, running, failed: { reply: failed.articles[1], live: failed.live }, action: t.api.posted.at(-1) }, {
			shown: { hidden: false, text: 'Version 2 of 2', disabled: ['Next version'] },
			posted: [{ type: 'turn/showVersion', turnId: 't1', index: 0 }],
			changed: { text: 'first', pager: { hidden: false, text: 'Version 1 of 2', disabled: ['Previous version'] } },
			running: true,
			failed: {
				reply: { name: 'Flux', text: 'first', notes: [retryFailed.message], buttons: ['Use flux-auto', 'Open Settings', 'Previous version', 'Next version', 'Copy', 'Regenerate', 'Retry with a stronger model', 'Retry with a faster model', 'Retry with a model…'] },
				live: `Flux: ${retryFailed.message}`,
			},
			action: { type: 'turn/errorAction', turnId: 't1', action: 'useFluxAuto' },
		});
	});

	it('shows a conversation another window writes as read-only, with a way to a new chat (issue Trust 8)', () => {
		const t = setup();
		t.send(snapshot([turn('t1', 'Q', done('A'))], { readOnly: 'This conversation is open in another VS Code window.' }));
		const notice = t.root.querySelector('.read-only-notice')!;
		t.type('hello');
		const enter = t.key('Enter');
		t.click('.read-only-notice [data-action="history-new"]');
		const readOnly = { notice: [notice.closest('[hidden]') === null, notice.getAttribute('role'), notice.textContent], screen: t.screen(), posted: t.api.posted.filter((m) => m.type !== 'chat/draft'), enter };
		t.send(snapshot([]));
		assert.deepEqual({ readOnly, after: [notice.closest('[hidden]') === null, t.screen().composer.sendDisabled] }, {
			readOnly: {
				notice: [true, 'status', 'This conversation is open in another VS Code window.New Chat'],
				screen: {
					articles: [
						{ name: 'You', text: 'Q', notes: [], buttons: [] },
						{ name: 'Flux', text: 'A', notes: [], buttons: ['Copy'] },
					],
					composer: { text: 'hello', sendDisabled: true, stop: false, model: 'flux-auto', editing: false },
					live: '',
				},
				posted: [{ type: 'chat/new' }],
				enter: false,
			},
			after: [false, false],
		});
	});

	it('opens links through the host and never navigates; code blocks offer Copy Code and Insert at Cursor', () => {
		const t = setup();
		t.send(snapshot([turn('t1', 'Q', done('See [docs](https://example.com/a) and [top](#top).\n\n```py\nprint(1)\n```'))]));
		const navigated = [t.click('.reply-body a[href^="https"]'), t.click('.reply-body a[href="#top"]')].map((notPrevented) => notPrevented);
		t.click('[data-action="code/copy"]');
		t.click('[data-action="code/insert"]');
		assert.deepEqual({
			navigated,
			codeHeader: t.root.querySelector('.code-block-header')?.textContent,
			codeButtons: Array.from(t.root.querySelectorAll('.code-block vscode-button')).map((b) => b.getAttribute('aria-label')),
			posted: t.api.posted,
		}, {
			navigated: [false, false],
			codeHeader: 'py',
			codeButtons: ['Copy Code', 'Insert at Cursor', 'Apply to Editor'],
			posted: [
				{ type: 'link/open', href: 'https://example.com/a' },
				{ type: 'code/copy', text: 'print(1)\n' },
				{ type: 'code/insert', text: 'print(1)\n' },
			],
		});
	});

	it('draws a snapshot\'s code plain, colours it once the first screen is painted, and copies the same text', () => {
		const t = setup();
		const source = 'const a = 1;\nreturn a;\n';
		t.send(snapshot([turn('t1', 'Q', done(`One:\n\n\`\`\`ts\n${source}\`\`\`\n\nTwo:\n\n\`\`\`python\nprint(1)\n\`\`\`\n\nThree:\n\n\`\`\`nosuchlanguage\nx\n\`\`\``))]));
		const blocks = () => Array.from(t.root.querySelectorAll('.reply-body pre code')).map((code) => ({
			className: code.className, coloured: code.querySelector('span[class^="hljs-"]') !== null, text: code.textContent,
		}));
		const plain = blocks();
		t.runFrames();
		const painted = blocks();
		t.clock.advance(0);
		const coloured = blocks();
		t.click('[data-action="code/copy"]');
		assert.deepEqual({ plain, painted, coloured, copied: t.api.posted.at(-1) }, {
			plain: [
				{ className: 'language-ts hljs-plain', coloured: false, text: source },
				{ className: 'language-python hljs-plain', coloured: false, text: 'print(1)\n' },
				{ className: 'language-nosuchlanguage', coloured: false, text: 'x\n' },
			],
			painted: [
				{ className: 'language-ts hljs-plain', coloured: false, text: source },
				{ className: 'language-python hljs-plain', coloured: false, text: 'print(1)\n' },
				{ className: 'language-nosuchlanguage', coloured: false, text: 'x\n' },
			],
			coloured: [
				{ className: 'language-ts', coloured: true, text: source },
				{ className: 'language-python', coloured: true, text: 'print(1)\n' },
				{ className: 'language-nosuchlanguage', coloured: false, text: 'x\n' },
			],
			copied: { type: 'code/copy', text: source },
		});
	});

	it('follows chat/model, and a later snapshot keeps what the user is typing', () => {
		const t = setup();
		t.send(snapshot([], { draft: 'old draft' }));
		t.send({ type: 'chat/model', model: choice('flux-pinned-gpt-4o') });
		t.type('typing now');
		t.send(snapshot([], { draft: 'old draft', model: choice('flux-pinned-gpt-4o') }));
		assert.deepEqual(t.screen().composer, { text: 'typing now', sendDisabled: false, stop: false, model: 'flux-pinned-gpt-4o', editing: false });
	});
	it('starts a regenerated turn over: the old reply goes, the new deltas draw', () => {
		const t = setup();
		t.send(snapshot([turn('t1', 'Q', done('old answer'))]));
		t.send({ type: 'turn/started', turn: turn('t1', 'Q', { status: 'waiting', text: '', deltaSeq: 0, reasoning: '' }) });
		const restarted = t.screen().articles[1].text;
		t.send({ type: 'turn/delta', turnId: 't1', seq: 0, content: 'new answer' });
		t.runFrames();
		assert.deepEqual({ restarted, streamed: t.screen().articles[1].text, posted: t.api.posted }, { restarted: '', streamed: 'new answer', posted: [] });
	});

	it('a call waiting for approval shows its arguments and choices; one click answers for that call, then the choice is named', () => {
		const t = setup();
		t.send(snapshot([turn('t1', 'Q', { status: 'streaming', text: '', deltaSeq: 0, reasoning: '' })]));
		const approval = { prompt: 'From the MCP server "files".', choices: [{ id: 'allow', label: 'Allow', allows: true }, { id: 'deny', label: 'Deny', allows: false }] };
		const call = { id: 'c1', name: 'mcp_files_read', arguments: '{"path":"a"}', approval };
		t.send({ type: 'turn/tool', turnId: 't1', call: { ...call, status: 'awaiting' } });
		const card = t.root.querySelector('.tool-card');
		const waiting = {
			open: card?.hasAttribute('open'),
			prompt: card?.querySelector('.tool-approval-prompt')?.textContent,
			buttons: Array.from(card?.querySelectorAll('.tool-approval-choices [data-action="tool/decide"]') ?? []).map((b) => [b.getAttribute('aria-label'), b.getAttribute('appearance')]),
		};
		t.click('[data-choice="deny"]');
		const disabled = Array.from(t.root.querySelectorAll('.tool-approval-choices [data-action]')).map((b) => b.hasAttribute('disabled'));
		t.click('[data-choice="allow"]');
		t.send({ type: 'turn/tool', turnId: 't1', call: { ...call, approval: { ...approval, chosen: 'deny' }, status: 'declined', summary: 'declined by you' } });
		assert.deepEqual({ waiting, disabled, posted: t.api.posted, after: t.root.querySelector('.tool-approval-chosen')?.textContent, buttons: t.root.querySelectorAll('.tool-approval-choices').length }, {
			waiting: { open: true, prompt: 'From the MCP server "files".', buttons: [['Allow', 'primary'], ['Deny', 'secondary']] },
			disabled: [true, true],
			posted: [{ type: 'tool/decide', turnId: 't1', callId: 'c1', choice: 'deny' }],
			after: 'You chose: Deny', buttons: 0,
		});
	});

	it('a command card shows the exact command and folder with Run and Skip, then how it ran and its output, collapsed', () => {
		const t = setup();
		t.send(snapshot([turn('t1', 'Q', { status: 'streaming', text: '', deltaSeq: 0, reasoning: '' })]));
		const approval = { prompt: 'Run this command in "app"?', detail: 'npm test -- --grep "a b"', choices: [{ id: 'run', label: 'Run', allows: true }, { id: 'skip', label: 'Skip', allows: false }] };
		const call = { id: 'c1', name: 'run_command', arguments: '{"command":"npm test -- --grep \\"a b\\""}', approval };
		t.send({ type: 'turn/tool', turnId: 't1', call: { ...call, status: 'awaiting' } });
		const view = () => {
			const card = t.root.querySelector('.tool-card');
			return {
				open: card?.hasAttribute('open'),
				outcome: card?.querySelector('.tool-outcome')?.textContent,
				arguments: card?.querySelectorAll('.tool-arguments').length,
				commands: Array.from(card?.querySelectorAll('.tool-command') ?? []).map((c) => c.textContent),
				prompt: card?.querySelector('.tool-approval-prompt')?.textContent,
				buttons: Array.from(card?.querySelectorAll('.tool-approval-choices [data-action="tool/decide"]') ?? []).map((b) => b.getAttribute('aria-label')),
				facts: card?.querySelector('.tool-run-facts')?.textContent,
				output: card?.querySelector('.tool-output')?.textContent,
			};
		};
		const waiting = view();
		t.click('[data-choice="run"]');
		const terminal = { command: approval.detail, folder: 'app', via: 'process' as const, ended: 'exited' as const, exitCode: 1, output: '1 failing' };
		t.send({ type: 'turn/tool', turnId: 't1', call: { ...call, approval: { ...approval, chosen: 'run' }, status: 'error', summary: 'exit code 1 (child process)', durationMs: 1500, terminal } });
		const ran = view();
		t.send({ type: 'turn/tool', turnId: 't1', call: { id: 'c2', name: 'run_command', arguments: '{"command":"ls"}', status: 'done', durationMs: 10, terminal: { ...terminal, command: 'ls', via: 'terminal', exitCode: 0, output: '', autoRun: true } } });
		const auto = t.root.querySelectorAll('.tool-card')[1];
		assert.deepEqual({
			waiting, ran, posted: t.api.posted,
			auto: [auto.querySelector('.tool-command')?.textContent, auto.querySelector('.tool-run-facts')?.textContent, auto.querySelector('.tool-output')?.textContent, auto.hasAttribute('open')],
		}, {
			waiting: {
				open: true, outcome: 'waiting for your approval', arguments: 0, commands: ['npm test -- --grep "a b"'], prompt: 'Run this command in "app"?',
				buttons: ['Run', 'Skip'], facts: undefined, output: undefined,
			},
			ran: {
				open: false, outcome: 'exit code 1 · 1.5 s', arguments: 0, commands: ['npm test -- --grep "a b"'], prompt: 'Run this command in "app"?',
				buttons: [], facts: 'Ran as a child process of your shell, in app: the terminal\'s shell integration did not start.', output: '1 failing',
			},
			posted: [{ type: 'tool/decide', turnId: 't1', callId: 'c1', choice: 'run' }],
			auto: ['ls', 'Ran in the "Flux" terminal, in app. It ran without asking: it matches "flux.tools.terminal.autoRun".', '(no output)', false],
		});
	});

	it('shows tool calls as cards that update in place, notices, and the code attached to a question', () => {
		const t = setup();
		const context = { path: 'src/a.ts', language: 'typescript', startLine: 3, endLine: 9, text: 'const a = 1;' };
		t.send(snapshot([{ ...turn('t1', 'Explain this code.', { status: 'waiting', text: '', deltaSeq: 0, reasoning: '' }), context }]));
		t.send({ type: 'turn/tool', turnId: 't1', call: { id: 'c1', name: 'read_file', arguments: '{"path":"src/a.ts"}', status: 'running' } });
		const running = t.root.querySelector('.tool-card summary')?.textContent;
		t.send({ type: 'turn/tool', turnId: 't1', call: { id: 'c1', name: 'read_file', arguments: '{"path":"src/a.ts"}', status: 'done', summary: 'read src/a.ts lines 1-9', durationMs: 12 } });
		t.send({ type: 'turn/notice', turnId: 't1', notice: 'Flux reached the limit of 8 tool rounds.' });
		const chip = t.root.querySelector('.context-chip');
		assert.deepEqual({
			running,
			cards: Array.from(t.root.querySelectorAll('.tool-card summary')).map((c) => c.textContent),
			args: t.root.querySelector('.tool-arguments')?.textContent,
			notices: Array.from(t.root.querySelectorAll('.reply-notices li')).map((n) => n.textContent?.trim()),
			chip: [chip?.textContent?.trim(), chip?.getAttribute('aria-label')],
			codeShown: t.root.textContent?.includes('const a = 1;'),
		}, {
			running: 'read_filerunning…',
			cards: ['read_fileread src/a.ts lines 1-9 · 12 ms'],
			args: '{\n  "path": "src/a.ts"\n}',
			notices: ['Flux reached the limit of 8 tool rounds.'],
			chip: ['src/a.ts:3-9', 'Attached: src/a.ts, lines 3 to 9'],
			codeShown: false,
		});
	});

	it('posts Apply to Editor with the code of its block', () => {
		const t = setup();
		t.send(snapshot([turn('t1', 'Q', done('```ts\nconst x = 2;\n```'))]));
		t.click('[data-action="code/apply"]');
		assert.deepEqual(t.api.posted, [{ type: 'code/apply', text: 'const x = 2;\n' }]);
	});
	it('keeps what the user typed before the first snapshot arrived', () => {
		const t = setup();
		t.app.start();
		t.type('typed early');
		t.send(snapshot([], { draft: 'older saved draft' }));
		assert.equal(t.screen().composer.text, 'typed early');
	});
});

describe('ChatApp: header, history, paging and per-turn retry (jsdom)', () => {
	const turns = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => turn(`t${from + i}`, `Question ${from + i}`, done(`Answer ${from + i}`, { meta })));
	const text = (root: HTMLElement, selector: string) => root.querySelector(selector)?.textContent?.trim();

	it('shows the model chip, pins and unpins through the host, and names both controls', () => {
		const t = setup();
		t.send(snapshot([], { model: { model: 'flux-pinned-gpt-5', defaultModel: 'flux-auto', pin: 'flux-pinned-gpt-5' } }));
		const chip = t.root.querySelector('.model-chip')!;
		const unpin = t.root.querySelector('[data-action="pin-clear"]')!;
		assert.deepEqual({ chip: chip.getAttribute('aria-label'), unpin: unpin.getAttribute('aria-label'), hidden: unpin.closest('[hidden]') !== null },
			{ chip: 'Model for this conversation: flux-pinned-gpt-5 (pinned). Change', unpin: 'Unpin model (use flux-auto)', hidden: false });
		t.click('.model-chip');
		t.click('[data-action="pin-clear"]');
		assert.deepEqual(t.api.posted, [{ type: 'chat/pin', action: 'choose' }, { type: 'chat/pin', action: 'clear' }]);
		t.send({ type: 'chat/model', model: { model: 'flux-auto', defaultModel: 'flux-auto' } });
		assert.deepEqual({ chip: text(t.root, '.model-chip'), unpinHidden: unpin.closest('[hidden]') !== null, composer: t.screen().composer.model },
			{ chip: 'flux-auto', unpinHidden: true, composer: 'flux-auto' });
	});

	it('shows the context meter and the spend on one line, today and the router dividend in the tooltip and the details', () => {
		const t = setup();
		t.send(snapshot([]));
		assert.equal(t.root.querySelector('[role="meter"]')?.closest('[hidden]') !== null, true);
		t.send({ type: 'chat/context', context: { usedTokens: 30_000, budgetTokens: 120_000, windowTokens: 128_000, summarisedTurns: 40, droppedTurns: 0 } });
		t.send({ type: 'chat/spend', spend: { conversationUsd: 0.0123, todayUsd: 0.4567, estimated: true, dividend: { baselineModel: 'one strong pinned model', baselineUsd: 0.0333, savedUsd: 0.021, basis: 'Reported costs only.' } } });
		const meter = t.root.querySelector('[role="meter"]')!;
		const spend = t.root.querySelector<HTMLElement>('.spend')!;
		assert.deepEqual({
			meter: [meter.getAttribute('aria-valuenow'), meter.getAttribute('aria-label'), text(t.root, '.context-meter-text')],
			row: Array.from(t.root.querySelectorAll('.chat-header > *')).map((el) => el.className),
			spend: [spend.textContent, spend.title, spend.getAttribute('aria-label')],
			details: [text(t.root, '.spend-details-conversation'), text(t.root, '.spend-details-today'), text(t.root, '.dividend'), text(t.root, '.dividend-basis')],
		}, {
			meter: ['25', 'Context: 30,000 of 120,000 tokens used by the last request (window 128,000); 40 older turns summarised', '25%'],
			row: ['chat-header-row', 'spend-details'],
			spend: ['≈$0.0123',
				'This chat ≈$0.0123\nToday $0.4567\nRouter dividend: ≈ $0.0210 saved vs. one strong pinned model (estimate)\nThe same tokens at that rate would have cost ≈ $0.0333. Reported costs only.\nClick for details.',
				'Spend: this chat ≈$0.0123, today $0.4567. Details'],
			details: ['This chat: ≈$0.0123 (partly estimated from lane prices)', 'Today: $0.4567 (every conversation since midnight)',
				'Router dividend: ≈ $0.0210 saved vs. one strong pinned model (estimate)', 'The same tokens at that rate would have cost ≈ $0.0333. Reported costs only.'],
		});
	});

	it('opens the spend details on a click, closes them on Escape or a click outside, and hides a dividend it cannot compute', () => {
		const t = setup();
		t.send(snapshot([]));
		t.send({ type: 'chat/spend', spend: { conversationUsd: 0.002, todayUsd: 0.01, estimated: true } });
		const spend = t.root.querySelector<HTMLElement>('.spend')!;
		const details = t.root.querySelector<HTMLElement>('.spend-details')!;
		const state = () => ({ open: !details.hidden, expanded: spend.getAttribute('aria-expanded'), focus: t.window.document.activeElement?.className });
		const seen = [state()];
		t.click('.spend');
		seen.push(state());
		details.dispatchEvent(new t.window.KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
		seen.push(state());
		t.click('.spend');
		t.click('.spend-details-today');
		seen.push(state());
		t.click('.transcript, .chat');
		seen.push(state());
		assert.deepEqual({
			seen,
			dividendShown: t.root.querySelector('.spend-details-dividend')?.closest('[hidden]') === null,
			title: spend.title,
		}, {
			seen: [
				{ open: false, expanded: 'false', focus: '' },
				{ open: true, expanded: 'true', focus: 'spend-details' },
				{ open: false, expanded: 'false', focus: 'spend' },
				{ open: true, expanded: 'true', focus: 'spend-details' },
				{ open: false, expanded: 'false', focus: 'spend-details' },
			],
			dividendShown: false,
			title: 'This chat ≈$0.0020\nToday $0.0100\nClick for details.',
		});
	});

	it('opens the history, searches as the user types, ignores stale lists, and renders titles as text', () => {
		const t = setup();
		t.send(snapshot([]));
		t.click('[data-action="history-show"]');
		const search = t.root.querySelector<HTMLInputElement>('input[aria-label="Search conversations"]')!;
		search.value = 'borrow';
		search.dispatchEvent(new t.window.Event('input', { bubbles: true }));
		t.clock.advance(200);
		assert.deepEqual(t.api.posted, [{ type: 'history/query', query: '' }, { type: 'history/query', query: 'borrow' }]);
		const item = { id: 'c2', title: '<img src=x onerror=alert(1)>', updatedAt: 1_000_000, turnCount: 3, models: ['deepseek-v4'], costUsd: 0.002, snippet: 'the borrow checker' };
		t.send({ type: 'history/list', query: '', items: [{ ...item, title: 'stale' }], models: [], currentId: 'c1' });
		assert.equal(t.root.querySelectorAll('.history-item').length, 0);
		t.send({ type: 'history/list', query: 'borrow', items: [item], models: ['deepseek-v4'], currentId: 'c2' });
		const row = t.root.querySelector('.history-item')!;
		assert.deepEqual({
			title: text(row as HTMLElement, '.history-title'), images: row.querySelectorAll('img').length, mark: text(row as HTMLElement, 'mark'),
			current: row.querySelector('[aria-current="true"]') !== null, filter: Array.from(t.root.querySelectorAll('select option')).map((o) => o.textContent),
		}, { title: '<img src=x onerror=alert(1)>', images: 0, mark: 'borrow', current: true, filter: ['All models', 'deepseek-v4'] });
		t.api.posted.length = 0;
		for (const action of ['rename', 'export', 'delete', 'open']) t.click(`.history-item [data-action="history/${action}"]`);
		assert.deepEqual(t.api.posted, [{ type: 'history/rename', id: 'c2' }, { type: 'history/export', id: 'c2' }, { type: 'history/delete', id: 'c2' }, { type: 'history/open', id: 'c2' }]);
		assert.equal(t.root.querySelector('.history')?.hasAttribute('hidden'), true);
	});

	it('draws the newest turns first, older ones a few per frame, then asks the host once per page, in order', () => {
		const t = setup();
		const drawn = () => t.root.querySelectorAll('.turn-pair').length;
		t.send(snapshot(turns(40, 80), { earlierTurns: 40 }));
		const label = () => t.root.querySelector('[data-action="load-earlier"]')?.getAttribute('aria-label');
		assert.deepEqual([drawn(), label()], [6, 'Load earlier turns (74 more)']);
		t.click('[data-action="load-earlier"]');
		t.runFrames();
		assert.deepEqual([drawn(), t.api.posted.filter((m) => m.type === 'chat/loadEarlier').length], [40, 0]);
		t.click('[data-action="load-earlier"]');
		t.click('[data-action="load-earlier"]');
		assert.deepEqual(t.api.posted.filter((m) => m.type === 'chat/loadEarlier'), [{ type: 'chat/loadEarlier', beforeTurnId: 't40' }]);
		t.send({ type: 'chat/earlier', conversationId: 'other', turns: turns(0, 40), earlierTurns: 0 });
		t.runFrames();
		assert.equal(drawn(), 40);
		t.send({ type: 'chat/earlier', conversationId: 'c1', turns: turns(0, 40), earlierTurns: 0 });
		t.runFrames();
		const ids = Array.from(t.root.querySelectorAll('.turn-pair')).map((p) => p.getAttribute('data-turn-id'));
		assert.deepEqual({ count: ids.length, first: ids[0], at40: ids[40], more: t.root.querySelector('[data-action="load-earlier"]')?.hasAttribute('hidden') },
			{ count: 80, first: 't0', at40: 't40', more: true });
	});

	it('draws older turns three per frame at most, fewer once the frame\'s time is spent, with their code coloured after they are painted', () => {
		const t = setup();
		const withCode = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => turn(`t${from + i}`, `Question ${from + i}`, done(`Answer:\n\n\`\`\`ts\nconst n = ${from + i};\n\`\`\``)));
		const drawn = () => Array.from(t.root.querySelectorAll('.turn-pair')).map((p) => p.getAttribute('data-turn-id'));
		const code = (id: string) => t.root.querySelector(`[data-turn-id="${id}"] pre code`)!;
		const coloured = (id: string) => code(id).querySelector('span[class^="hljs-"]') !== null;
		t.send(snapshot(withCode(0, 12)));
		t.runFrames();
		t.clock.advance(0);
		assert.deepEqual(drawn(), ['t6', 't7', 't8', 't9', 't10', 't11']);
		// A frame on a fast machine draws three; where each turn took 10 ms, one.
		t.click('[data-action="load-earlier"]');
		t.runFrame();
		assert.deepEqual(drawn().slice(0, 4), ['t3', 't4', 't5', 't6']);
		assert.deepEqual({ plain: code('t3').className, coloured: coloured('t3') }, { plain: 'language-ts hljs-plain', coloured: false });
		const now = t.clock.now;
		let slow = now();
		t.clock.now = () => (slow += 10);
		t.runFrame();
		t.clock.now = now;
		assert.deepEqual(drawn().slice(0, 2), ['t2', 't3']);
		t.runFrames();
		t.clock.advance(0);
		assert.deepEqual({ drawn: drawn().length, coloured: drawn().map((id) => coloured(id!)).every(Boolean), text: code('t0').textContent }, { drawn: 12, coloured: true, text: 'const n = 0;\n' });
	});

	it('retries a middle turn with a stronger, faster or chosen model; Stop then targets that turn', () => {
		const t = setup();
		t.send(snapshot(turns(0, 3)));
		t.click('[data-turn-id="t1"] [data-action="retry-stronger"]');
		t.click('[data-turn-id="t1"] [data-action="retry-faster"]');
		t.click('[data-turn-id="t1"] [data-action="retry-choose"]');
		assert.deepEqual(t.api.posted.slice(-3), [
			{ type: 'turn/retryWith', turnId: 't1', model: 'stronger' },
			{ type: 'turn/retryWith', turnId: 't1', model: 'faster' },
			{ type: 'turn/retryWith', turnId: 't1', model: 'choose' },
		]);
		t.send({ type: 'turn/started', turn: { ...turn('t1', 'Question 1', { status: 'waiting', text: '', reasoning: '', deltaSeq: 0 }), model: 'flux-reasoning' } });
		assert.deepEqual({ stop: t.screen().composer.stop, retryButtons: t.screen().articles.flatMap((a) => a.buttons).filter((b) => b?.startsWith('Retry with')).length },
			{ stop: true, retryButtons: 0 });
		t.click('[data-action="stop"]');
		assert.deepEqual(t.api.posted.at(-1), { type: 'turn/stop', turnId: 't1' });
		t.send({ type: 'turn/ended', turnId: 't1', reply: done('Stronger answer', { meta: { servedModel: 'deepseek-v4', requestedModel: 'flux-reasoning', routed: true } }) });
		const middle = t.screen().articles[3];
		assert.deepEqual([middle.name, middle.notes], ['Flux, deepseek-v4', ['asked flux-reasoning']]);
	});

	it('shows standing notices as text with their action and Dismiss, and clears them on an empty list', () => {
		const t = setup();
		t.send(snapshot([]));
		t.send({ type: 'view/notices', notices: [
			{ id: 'restricted', text: 'Restricted Mode: no tools', detail: 'This folder is not trusted.', action: 'manageTrust' },
			{ id: 'ignoredSettings', text: 'This workspace sets <img src=x onerror=alert(1)>; ignored.', action: 'openUserSettings' },
		] });
		const notices = () => Array.from(t.root.querySelectorAll('.view-notice')).filter((el) => !el.closest('[hidden]')).map((el) => ({
			text: el.querySelector('.view-notice-text')?.textContent,
			hover: el.querySelector('.view-notice-text')?.getAttribute('title'),
			buttons: Array.from(el.querySelectorAll('button, vscode-button')).map((b) => b.getAttribute('aria-label') ?? b.textContent),
		}));
		const shown = notices();
		t.click('.view-notice [data-notice-action="manageTrust"]');
		t.click('.view-notice [data-notice-action="dismiss"]', 1);
		t.send({ type: 'view/notices', notices: [] });
		assert.deepEqual({ shown, images: t.root.querySelectorAll('img').length, posted: t.api.posted, after: notices() }, {
			shown: [
				{ text: 'Restricted Mode: no tools', hover: 'This folder is not trusted.', buttons: ['Manage Workspace Trust', 'Dismiss'] },
				{ text: 'This workspace sets <img src=x onerror=alert(1)>; ignored.', hover: 'This workspace sets <img src=x onerror=alert(1)>; ignored.', buttons: ['Open User Settings', 'Dismiss'] },
			],
			images: 0,
			posted: [
				{ type: 'view/noticeAction', id: 'restricted', action: 'manageTrust' },
				{ type: 'view/noticeAction', id: 'ignoredSettings', action: 'dismiss' },
			],
			after: [],
		});
	});
	it('offers Set API Key and the walkthrough in the empty chat while no key is set, through the host', () => {
		const t = setup();
		const setupButtons = () => Array.from(t.root.querySelectorAll('.empty-setup vscode-button')).filter((el) => !el.closest('[hidden]')).map((b) => b.getAttribute('aria-label'));
		t.send(snapshot([]));
		const before = setupButtons();
		t.send({ type: 'view/setup', needsKey: true });
		const noKey = setupButtons();
		t.click('[data-action="setup-setApiKey"]');
		t.click('[data-action="setup-openWalkthrough"]');
		// A fresh snapshot rebuilds the empty state; the first steps stay until the host says a key is set.
		t.send(snapshot([]));
		const afterSnapshot = setupButtons();
		t.send({ type: 'view/setup', needsKey: false });
		assert.deepEqual({ before, noKey, afterSnapshot, keySet: setupButtons(), posted: t.api.posted.filter((m) => m.type === 'view/setupAction') }, {
			before: [],
			noKey: ['Set API Key', 'Open Walkthrough'],
			afterSnapshot: ['Set API Key', 'Open Walkthrough'],
			keySet: [],
			posted: [{ type: 'view/setupAction', action: 'setApiKey' }, { type: 'view/setupAction', action: 'openWalkthrough' }],
		});
	});
});

describe('ChatApp: attachments, # mentions, slash commands and keys (jsdom)', () => {
	const chips = (extra: Partial<Extract<HostMessage, { type: 'context/chips' }>['chips']> = {}): HostMessage => ({
		type: 'context/chips',
		chips: {
			added: [
				{ id: 'a1', kind: 'file', label: 'src/a.ts:1-40', path: 'src/a.ts', startLine: 1, endLine: 40, note: 'Cut to lines 1–40 of 900 to fit the context budget.' },
				{ id: 'a2', kind: 'problems', label: 'Problems in the workspace' },
			],
			active: { id: 'active', kind: 'selection', label: 'src/b.ts:3-4', path: 'src/b.ts', startLine: 3, endLine: 4 },
			activeOff: false,
			...extra,
		},
	});
	const chipBar = (root: HTMLElement) => Array.from(root.querySelectorAll('.chip-bar .attach-chip')).map((chip) => ({
		text: chip.textContent,
		dimmed: chip.classList.contains('chip-active'),
		off: chip.classList.contains('chip-off'),
		controls: Array.from(chip.querySelectorAll('button')).map((b) => b.getAttribute('aria-label')),
	}));

	it('shows the chips above the box, removable, the active editor dimmed and toggled by a click, a cut one with its note', () => {
		const t = setup();
		t.send(snapshot([]), chips());
		const shown = chipBar(t.root);
		t.click('.chip-bar [data-chip-id="a2"] [data-action="chip-remove"]');
		t.click('.chip-bar [data-action="chip-toggle-active"]');
		t.send(chips({ added: [], activeOff: true }));
		assert.deepEqual({ shown, posted: t.api.posted, after: chipBar(t.root), hidden: (t.root.querySelector('.chip-bar') as HTMLElement).hidden }, {
			shown: [
				{ text: 'src/a.ts:1-40cut', dimmed: false, off: false, controls: ['Remove src/a.ts, lines 1 to 40. Cut to lines 1–40 of 900 to fit the context budget.'] },
				{ text: 'Problems in the workspace', dimmed: false, off: false, controls: ['Remove Problems in the workspace'] },
				{ text: 'src/b.ts:3-4', dimmed: true, off: false, controls: ['Active editor src/b.ts, lines 3 to 4, attached: click to leave it out of this message'] },
			],
			posted: [{ type: 'context/remove', id: 'a2' }, { type: 'context/toggleActive' }],
			after: [{ text: 'src/b.ts:3-4', dimmed: true, off: true, controls: ['Active editor src/b.ts, lines 3 to 4, not attached: click to attach it'] }],
			hidden: false,
		});
	});

	it('shows what went with a sent question as chips on it', () => {
		const t = setup();
		t.send(snapshot([{ ...turn('t1', 'Why?', done('Because.')), attachments: [{ id: 'a1', kind: 'file', label: 'src/a.ts:1-3', path: 'src/a.ts', startLine: 1, endLine: 3, text: 'secret-ish code' }] }]));
		const chip = t.root.querySelector('.question-chips .context-chip');
		assert.deepEqual([chip?.textContent?.trim(), chip?.getAttribute('aria-label'), t.root.textContent?.includes('secret-ish code')], ['src/a.ts:1-3', 'Attached: src/a.ts, lines 1 to 3', false]);
	});

	it('asks the host for the # list as the user types, shows only the latest answer, moves with the arrows and picks with Enter', () => {
		const t = setup();
		t.send(snapshot([]));
		t.type('see #gr');
		t.type('see #gre');
		const queries = t.api.posted.filter((m) => m.type === 'context/mentionQuery');
		t.send({ type: 'context/mentions', requestId: 1, items: [{ kind: 'file', value: 'stale.ts', detail: '' }] });
		const afterStale = t.root.querySelectorAll('.suggestion').length;
		t.send({ type: 'context/mentions', requestId: 2, items: [{ kind: 'file', value: 'src/greet.ts', detail: 'src' }, { kind: 'file', value: 'lib/greeting.ts', detail: 'lib' }] });
		const rows = Array.from(t.root.querySelectorAll('.suggestion')).map((r) => r.textContent);
		t.key('ArrowDown');
		const active = t.root.querySelector('.suggestion.active')?.textContent;
		const enter = t.key('Enter');
		assert.deepEqual({ queries, afterStale, rows, active, enter, picked: t.api.posted.at(-1), text: t.screen().composer.text, open: t.root.querySelectorAll('.suggestion').length }, {
			queries: [{ type: 'context/mentionQuery', requestId: 1, query: 'gr' }, { type: 'context/mentionQuery', requestId: 2, query: 'gre' }],
			afterStale: 0,
			rows: ['#src/greet.tssrc', '#lib/greeting.tslib'],
			active: '#lib/greeting.tslib',
			enter: false,
			picked: { type: 'context/mentionPick', item: { kind: 'file', value: 'lib/greeting.ts', detail: 'lib' } },
			text: 'see ',
			open: 0,
		});
	});

	it('offers the slash commands at the start with their descriptions; Tab picks, Escape closes without stopping anything', () => {
		const t = setup();
		t.send(snapshot([turn('t1', 'Q', { status: 'streaming', text: '', deltaSeq: 0, reasoning: '' })]));
		t.type('/');
		const all = Array.from(t.root.querySelectorAll('.suggestion-label')).map((r) => r.textContent);
		t.type('/e');
		const filtered = Array.from(t.root.querySelectorAll('.suggestion')).map((r) => r.textContent);
		t.key('Tab');
		const picked = t.screen().composer.text;
		t.type('/t');
		t.key('Escape');
		assert.deepEqual({ all, filtered, picked, open: t.root.querySelectorAll('.suggestion').length, stops: t.api.posted.filter((m) => m.type === 'turn/stop') }, {
			all: ['/explain', '/fix', '/tests', '/new'],
			filtered: ['/explainExplain the attached code (or the active editor)'],
			picked: '/explain ',
			open: 0,
			stops: [],
		});
	});

	it('names the instructions in use above the box, as text, each opening through the host; / offers the prompt files after the built-in commands', () => {
		const t = setup();
		t.send(snapshot([]));
		const hidden = (t.root.querySelector('.instructions-line') as HTMLElement).hidden;
		t.send({
			type: 'context/instructions',
			files: [{ id: 'user', kind: 'user', label: '' }, { id: 'file1', kind: 'file', label: 'AGENTS.md' }, { id: 'file2', kind: 'file', label: 'web/<img src=x onerror=alert(1)>.md' }],
			promptCommands: [{ name: 'review', description: 'Review the change' }, { name: 'deploy', description: '' }],
		});
		const line = t.root.querySelector('.instructions-line') as HTMLElement;
		t.click('[data-action="instruction-open"]', 1);
		t.type('/');
		const all = Array.from(t.root.querySelectorAll('.suggestion')).map((r) => r.textContent);
		t.type('/r');
		t.key('Tab');
		assert.deepEqual({
			hidden,
			shown: !line.hidden,
			names: Array.from(line.querySelectorAll('button')).map((b) => [b.textContent, b.getAttribute('aria-label')]),
			images: line.querySelectorAll('img').length,
			opened: t.api.posted.filter((m) => m.type === 'context/openInstruction'),
			all: all.slice(4),
			picked: t.screen().composer.text,
		}, {
			hidden: true,
			shown: true,
			names: [['Your instructions', 'Open Your instructions'], ['AGENTS.md', 'Open AGENTS.md'], ['web/<img src=x onerror=alert(1)>.md', 'Open web/<img src=x onerror=alert(1)>.md']],
			images: 0,
			opened: [{ type: 'context/openInstruction', id: 'file1' }],
			all: ['/reviewReview the change', '/deployPrompt file'],
			picked: '/review ',
		});
	});

	it('stops a streaming reply with Escape, brings back the last question with Up in an empty box, and focuses the box on Focus Chat', () => {
		const t = setup();
		t.send(snapshot([turn('t1', 'First?', done('One.')), turn('t2', 'Second?', { status: 'streaming', text: 'Tw', deltaSeq: 1, reasoning: '' })]));
		t.key('Escape');
		t.send({ type: 'turn/ended', turnId: 't2', reply: { status: 'stopped', text: 'Tw', deltaSeq: 1, reasoning: '' } });
		t.key('Escape');
		t.key('ArrowUp');
		const recalled = t.screen().composer.text;
		t.type('typed');
		const notEmpty = t.key('ArrowUp');
		// Focus Chat from the history panel brings the chat back, the typed text kept.
		t.click('[data-action="history-show"]');
		const historyOpen = !t.root.querySelector<HTMLElement>('.history')!.hidden;
		t.send({ type: 'context/focus' });
		assert.deepEqual({ stops: t.api.posted.filter((m) => m.type === 'turn/stop'), recalled, notEmpty, historyOpen, historyAfterFocus: !t.root.querySelector<HTMLElement>('.history')!.hidden, kept: t.screen().composer.text }, {
			stops: [{ type: 'turn/stop', turnId: 't2' }],
			recalled: 'Second?',
			notEmpty: true,
			historyOpen: true,
			historyAfterFocus: false,
			kept: 'typed',
		});
	});

	it('keeps which tool cards were open across a hide and show (webview state), for the same conversation only', () => {
		let stored: unknown;
		const store: ViewStateStore = { load: () => stored, save: (state) => { stored = state; } };
		const withTools = snapshot([{ ...turn('t1', 'Q', done('A.')), reply: done('A.', { tools: [
			{ id: 'c1', name: 'read_file', arguments: '{}', status: 'done' },
			{ id: 'c2', name: 'list_files', arguments: '{}', status: 'done' },
		] }) }]);
		const first = setup(store);
		first.send(withTools);
		// jsdom lays nothing out; a view with no height is one being hidden, whose state is not kept.
		Object.defineProperty(first.root.querySelector('.transcript'), 'clientHeight', { value: 300 });
		const cards = first.root.querySelectorAll('details.tool-card');
		(cards[1] as HTMLDetailsElement).open = true;
		cards[1].dispatchEvent(new first.window.Event('toggle'));
		first.clock.advance(300);
		const again = setup(store);
		again.send(withTools);
		const other = setup(store);
		other.send({ ...withTools, conversation: { id: 'c2', title: 'Other' } });
		const open = (t: ReturnType<typeof setup>) => Array.from(t.root.querySelectorAll('details.tool-card')).map((d) => (d as HTMLDetailsElement).open);
		assert.deepEqual({ stored, again: open(again), other: open(other) }, {
			stored: { conversationId: 'c1', place: { atEnd: true }, open: { 't1:0': false, 't1:1': false, 't1:2': true } },
			again: [false, true],
			other: [false, false],
		});
	});

	it('shows the file a change really writes and what it does, warns on files that run code, and binds every click to the card\'s version (issue 27)', () => {
		const t = setup();
		const changes = {
			id: 'set-v2',
			files: [
				{ path: 'docs/notes.md', target: '.vscode/tasks.json', created: false, overwrite: true, runsCode: 'editor', added: 1, removed: 1, status: 'pending' as const },
				{ path: 'src/a.ts', created: false, added: 2, removed: 1, status: 'pending' as const },
				{ path: 'src/new.ts', created: true, added: 3, removed: 0, status: 'pending' as const },
			],
		};
		t.send(snapshot([turn('t1', 'Q', done('Proposed.', { changes }))]));
		const rows = () => Array.from(t.root.querySelectorAll('.change-file')).map((row) => ({
			path: row.querySelector('.change-path')?.textContent,
			kind: row.querySelector('.change-kind')?.textContent,
			notes: Array.from(row.querySelectorAll('.change-link, .change-warning')).map((n) => n.textContent),
		}));
		const buttons = () => t.screen().articles[1].buttons.filter((b) => /Accept|Discard|Undo|Retry \S+\.\S+/.test(b ?? ''));
		const shown = { rows: rows(), buttons: buttons(), note: t.root.querySelector('.change-card > .change-note')?.textContent };
		t.click('.change-actions [data-action="changes/accept"]');
		t.click('[data-change-path="docs/notes.md"] [data-action="changes/accept"]');
		const posted = [...t.api.posted];
		// The same card in a window that does not hold the conversation: nothing to accept there.
		t.send(snapshot([turn('t1', 'Q', done('Proposed.', { changes: { ...changes, readOnly: true } }))]));
		assert.deepEqual({ shown, posted, readOnly: { buttons: buttons(), note: t.root.querySelector('.change-card > .change-note')?.textContent } }, {
			shown: {
				rows: [
					{ path: '.vscode/tasks.json', kind: 'overwrite', notes: ['docs/notes.md is a symbolic link: this change writes .vscode/tasks.json.', 'Runs code: VS Code runs what this file names (tasks, launch, settings, extensions). Read it before you accept it.'] },
					{ path: 'src/a.ts', kind: 'edit', notes: [] },
					{ path: 'src/new.ts', kind: 'new file', notes: [] },
				],
				buttons: ['Accept .vscode/tasks.json (runs code)', 'Discard .vscode/tasks.json', 'Accept src/a.ts', 'Discard src/a.ts', 'Accept src/new.ts', 'Discard src/new.ts', 'Accept the others', 'Discard'],
				note: 'Accept leaves out the file that runs code: accept it on its own row.',
			},
			posted: [
				{ type: 'changes/accept', turnId: 't1', setId: 'set-v2' },
				{ type: 'changes/accept', turnId: 't1', setId: 'set-v2', path: 'docs/notes.md' },
			],
			readOnly: { buttons: [], note: 'This conversation is open in another window: accept or discard these changes there.' },
		});
	});
});
