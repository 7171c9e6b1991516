import * as assert from 'node:assert/strict';
import { chatHtml } from '../../../src/views/chatHtml';
import { createNonce } from '../../../src/platform/nonce';

describe('chatHtml', () => {
	const html = chatHtml({
		cspSource: 'https://file+.vscode-resource.example',
		nonce: 'abc123',
		scriptUri: 'https://file+.vscode-resource.example/ext/dist/webview.js',
		styleUri: 'https://file+.vscode-resource.example/ext/media/chat.css',
	});

	it('sets a strict CSP: nothing by default, scripts only with the nonce', () => {
		const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1];
		assert.deepEqual(csp?.split('; '), [
			`default-src 'none'`,
			'style-src https://file+.vscode-resource.example',
			'font-src https://file+.vscode-resource.example',
			'img-src https://file+.vscode-resource.example',
			`script-src 'nonce-abc123'`,
		]);
	});

	it('loads exactly one script, carrying the nonce (the translations are a JSON block, never run)', () => {
		assert.deepEqual([...html.matchAll(/<script[^>]*>/g)].map((m) => m[0]), [
			'<script type="application/json" id="flux-l10n">',
			'<script type="module" nonce="abc123" src="https://file+.vscode-resource.example/ext/dist/webview.js">',
		]);
	});

	it('carries the display language\'s translations as JSON no text can break out of', () => {
		const translated = chatHtml({
			cspSource: 'x', nonce: 'n', scriptUri: 's', styleUri: 'c', language: 'de',
			l10n: { 'Send': 'Senden', '</script><script>alert(1)</script>': '<b>' },
		});
		assert.match(translated, /<html lang="de">/);
		const block = /<script type="application\/json" id="flux-l10n">([^<]*)<\/script>/.exec(translated)?.[1];
		assert.ok(block, 'the JSON block holds no "<"');
		assert.deepEqual(JSON.parse(block), { 'Send': 'Senden', '</script><script>alert(1)</script>': '<b>' });
	});
});

describe('createNonce', () => {
	it('is base64 from 18 random bytes and differs every load', () => {
		const nonces = new Set(Array.from({ length: 100 }, () => createNonce()));
		assert.equal(nonces.size, 100);
		for (const nonce of nonces) assert.match(nonce, /^[A-Za-z0-9+/]{24}$/);
	});
});
