import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConversationFiles } from '../../../../src/chat/history/conversationFiles';
import { silentLogger } from '../../../../src/flux/logger';
import { fakeRecordingFs } from '../../../fakes/fakeHistoryFs';

const id = '5d1e7c2a-3b4f-4a6d-8e9f-0a1b2c3d4e5f';

describe('ConversationFiles', () => {
	let dir: string;
	beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'flux-files-')); });
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it('rewrites a file so a power cut leaves the old text or the new: synced before the rename, the folder after (issue 25.6)', async () => {
		const calls: string[] = [];
		const files = new ConversationFiles(dir, silentLogger, fakeRecordingFs(dir, calls));
		await files.append(id, '{"old":1}\n{"old":2}\n');
		calls.length = 0;
		await files.rewrite(id, '{"new":1}\n');
		const file = `${id}.jsonl`;
		const temporary = `${file}.${process.pid}.tmp`;
		assert.deepEqual({ calls, text: readFileSync(join(dir, file), 'utf8'), files: readdirSync(dir) }, {
			calls: [
				`open ${temporary} w`, `writeFile ${temporary}`, `sync ${temporary}`, `close ${temporary}`,
				`rename ${temporary} ${file}`,
				'open . r', 'sync .', 'close .',
				`stat ${file}`,
			],
			text: '{"new":1}\n',
			files: [file],
		});
	});
});
