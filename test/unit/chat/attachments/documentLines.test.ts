import * as assert from 'node:assert/strict';
import { activeEditorLines, documentLines, type TextRange } from '../../../../src/chat/attachments/documentLines';

const range = (startLine: number, startCharacter: number, endLine: number, endCharacter: number): TextRange =>
	({ start: { line: startLine, character: startCharacter }, end: { line: endLine, character: endCharacter } });

/** 600 lines of code, over the size at which the whole file goes: only the lines on screen would. */
const code = Array.from({ length: 600 }, (_, i) => `export const value${i} = ${i}; // a line of ordinary code`);
const pem = ['-----BEGIN OPENSSH PRIVATE KEY-----', 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ', '-----END OPENSSH PRIVATE KEY-----'];
/** The same file with a key pasted at line 501, far below the screen. */
const withKeyBelow = [...code.slice(0, 500), ...pem, ...code.slice(500)].join('\n') + '\n';
const onScreen = range(0, 0, 39, 0);

describe('the active editor\'s lines (what goes with a question by default)', () => {
	it('sends the lines on screen of a large file, but nothing of one with a private key below them', () => {
		const plain = { text: code.join('\n') + '\n', untitled: false };
		const secret = { text: withKeyBelow, untitled: false };
		assert.deepEqual({
			plain: activeEditorLines(plain, undefined, onScreen),
			secret: activeEditorLines(secret, undefined, onScreen),
			selected: activeEditorLines(secret, range(2, 0, 4, 0), onScreen),
			crlf: activeEditorLines({ text: withKeyBelow.replace(/\n/g, '\r\n'), untitled: false }, undefined, onScreen),
		}, {
			plain: { kind: 'selection', startLine: 1, endLine: 39, text: code.slice(0, 39).join('\n') },
			secret: undefined,
			selected: undefined,
			crlf: undefined,
		});
	});

	it('sends nothing of a Google service-account key anywhere in a small file', () => {
		const key = `const config = { a: 1 };\n\n\n${JSON.stringify({ type: 'service_account', private_key: 'x' }, null, 2)}\n`;
		assert.deepEqual(activeEditorLines({ text: key, untitled: false }, range(0, 0, 0, 10), undefined), undefined);
	});

	it('sends a small file whole and a selection as whole lines, but nothing of an untitled buffer', () => {
		const text = 'const a = 1;\nconst b = 2;\nconst c = 3;\n';
		assert.deepEqual({
			whole: activeEditorLines({ text, untitled: false }, undefined, undefined),
			selection: activeEditorLines({ text, untitled: false }, range(1, 4, 3, 0), undefined),
			untitled: activeEditorLines({ text, untitled: true }, undefined, undefined),
		}, {
			whole: { kind: 'file', startLine: 1, endLine: 3, text: 'const a = 1;\nconst b = 2;\nconst c = 3;' },
			selection: { kind: 'selection', startLine: 2, endLine: 3, text: 'const b = 2;\nconst c = 3;' },
			untitled: undefined,
		});
	});
});

describe('lines a user adds (Add Selection, Explain Selection, an open file)', () => {
	it('refuses any part of a document with a key anywhere, and takes an untitled buffer the user chose', () => {
		assert.deepEqual({
			aboveKey: documentLines({ text: withKeyBelow, untitled: false }, range(0, 0, 2, 0)),
			untitledWithKey: documentLines({ text: withKeyBelow, untitled: true }, range(0, 0, 2, 0)),
			untitled: documentLines({ text: 'scratch\nnotes\n', untitled: true }, range(1, 0, 1, 3)),
			pastTheEnd: documentLines({ text: 'one\ntwo', untitled: false }, range(5, 0, 9, 0)),
		}, {
			aboveKey: 'secret',
			untitledWithKey: 'secret',
			untitled: { startLine: 2, endLine: 2, text: 'notes' },
			pastTheEnd: { startLine: 2, endLine: 2, text: 'two' },
		});
	});
});
