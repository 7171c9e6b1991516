import * as assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRipgrep, ripgrepCandidates } from '../../../../src/tools/search/ripgrep';

describe('finding VS Code\'s ripgrep', () => {
	it('looks in both layouts, each also in node_modules.asar.unpacked', () => {
		assert.deepEqual({ linux: ripgrepCandidates('/app', 'linux', 'x64'), windows: ripgrepCandidates('C:/app', 'win32', 'arm64') }, {
			linux: [
				join('/app', 'node_modules/@vscode/ripgrep/bin/rg'),
				join('/app', 'node_modules/@vscode/ripgrep-universal/bin/linux-x64/rg'),
				join('/app', 'node_modules.asar.unpacked/@vscode/ripgrep/bin/rg'),
				join('/app', 'node_modules.asar.unpacked/@vscode/ripgrep-universal/bin/linux-x64/rg'),
			],
			windows: [
				join('C:/app', 'node_modules/@vscode/ripgrep/bin/rg.exe'),
				join('C:/app', 'node_modules/@vscode/ripgrep-universal/bin/win32-arm64/rg.exe'),
				join('C:/app', 'node_modules.asar.unpacked/@vscode/ripgrep/bin/rg.exe'),
				join('C:/app', 'node_modules.asar.unpacked/@vscode/ripgrep-universal/bin/win32-arm64/rg.exe'),
			],
		});
	});

	it('takes the first candidate that exists on disk, or none', async () => {
		const appRoot = await mkdtemp(join(tmpdir(), 'flux-approot-'));
		try {
			const none = findRipgrep(appRoot, 'linux', 'x64', existsSync);
			const universal = join(appRoot, 'node_modules.asar.unpacked/@vscode/ripgrep-universal/bin/linux-x64/rg');
			await mkdir(join(universal, '..'), { recursive: true });
			await writeFile(universal, '#!/bin/sh\n');
			await chmod(universal, 0o755);
			assert.deepEqual({ none, found: findRipgrep(appRoot, 'linux', 'x64', existsSync) }, { none: undefined, found: universal });
		} finally {
			await rm(appRoot, { recursive: true, force: true });
		}
	});
});
