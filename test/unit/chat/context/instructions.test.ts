import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { assembleInstructions, findInstructionFiles, questionContextPaths, withInstructions, type InstructionReader } from '../../../../src/chat/context/instructions';
import type { Turn } from '../../../../src/chat/model';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** A reader over an in-memory disk (absolute path -> text); it records what was read. */
function fakeReader(files: Record<string, string>, options: { folders?: { name: string; fsPath: string }[]; trusted?: boolean; exclude?: string[] } = {}): InstructionReader & { asked: string[] } {
	const asked: string[] = [];
	return {
		folders: options.folders ?? [{ name: 'repo', fsPath: '/repo' }],
		isTrusted: options.trusted ?? true,
		exclude: options.exclude ?? [],
		asked,
		readText: async (fsPath, folderPath) => {
			asked.push(fsPath);
			return fsPath.startsWith(`${folderPath}/`) ? files[fsPath] : undefined;
		},
	};
}

const disk = {
	'/repo/AGENTS.md': 'ROOT-MARKER',
	'/repo/AGENT.md': 'ignored: AGENTS.md wins',
	'/repo/.github/copilot-instructions.md': 'COPILOT-MARKER',
	'/repo/packages/AGENTS.md': 'PACKAGES-MARKER',
	'/repo/packages/web/AGENTS.md': 'WEB-MARKER',
	'/repo/packages/api/AGENT.md': 'API-MARKER (AGENT.md fallback)',
};

describe('repository instructions', () => {
	it('orders them: each folder\'s AGENTS.md, its copilot instructions, then nested AGENTS.md shallowest first, closest last', async () => {
		const files = await findInstructionFiles(fakeReader(disk), ['packages/web/src/a.ts', 'packages/api/b.ts', 'packages/web/src/c.ts']);
		assert.deepEqual(files.map((f) => [f.path, f.text]), [
			['AGENTS.md', 'ROOT-MARKER'],
			['.github/copilot-instructions.md', 'COPILOT-MARKER'],
			['packages/AGENTS.md', 'PACKAGES-MARKER'],
			['packages/api/AGENT.md', 'API-MARKER (AGENT.md fallback)'],
			['packages/web/AGENTS.md', 'WEB-MARKER'],
		]);
	});

	it('reads only the root files without context, nothing in an untrusted workspace, and nothing a path climbs out to', async () => {
		const untrusted = fakeReader(disk, { trusted: false });
		const climbing = fakeReader(disk);
		assert.deepEqual({
			plain: (await findInstructionFiles(fakeReader(disk), [])).map((f) => f.path),
			untrusted: await findInstructionFiles(untrusted, ['packages/web/src/a.ts']),
			untrustedAsked: untrusted.asked,
			climbing: (await findInstructionFiles(climbing, ['../other/x.ts', '/etc/passwd', 'packages/../packages/web/a.ts'])).map((f) => f.path),
		}, {
			plain: ['AGENTS.md', '.github/copilot-instructions.md'],
			untrusted: [],
			untrustedAsked: [],
			climbing: ['AGENTS.md', '.github/copilot-instructions.md'],
		});
	});

	it('skips what the tools may not read: a dependency\'s AGENTS.md in node_modules, and excluded paths', async () => {
		const reader = fakeReader({ ...disk, '/repo/node_modules/pkg/AGENTS.md': 'DEPENDENCY' }, { exclude: ['packages/web/**'] });
		assert.deepEqual((await findInstructionFiles(reader, ['node_modules/pkg/index.js', 'packages/web/src/a.ts'])).map((f) => f.path), [
			'AGENTS.md', '.github/copilot-instructions.md', 'packages/AGENTS.md',
		]);
	});

	it('names files by folder in a multi-root workspace, and finds nested ones by the folder a path leads with', async () => {
		const reader = fakeReader({ '/a/AGENTS.md': 'A', '/b/AGENTS.md': 'B', '/b/lib/AGENTS.md': 'B-LIB' }, { folders: [{ name: 'a', fsPath: '/a' }, { name: 'b', fsPath: '/b' }] });
		assert.deepEqual((await findInstructionFiles(reader, ['b/lib/x.ts', 'lib/x.ts'])).map((f) => f.path), ['a/AGENTS.md', 'b/AGENTS.md', 'b/lib/AGENTS.md']);
	});

	it('takes the context from attachments, Explain\'s code and files read_file read in earlier turns', () => {
		const reply = (tools: Turn['reply']['tools']): Turn['reply'] => ({ status: 'done', text: '', reasoning: '', tools });
		const history: Turn[] = [{
			id: 't1', question: 'q', reply: reply([
				{ id: 'c1', name: 'read_file', arguments: '{"path":"./packages/api/b.ts"}', status: 'done' },
				{ id: 'c2', name: 'read_file', arguments: '{"path":"packages/secret.ts"}', status: 'error' },
				{ id: 'c3', name: 'list_files', arguments: '{"path":"packages/other"}', status: 'done' },
				{ id: 'c4', name: 'read_file', arguments: 'not json', status: 'done' },
			]),
		}];
		const current = {
			attachments: [{ id: 'a', kind: 'file' as const, label: 'a.ts', path: 'packages/web/src/a.ts', text: 'x' }, { id: 'p', kind: 'problems' as const, label: 'Problems', text: 'y' }],
			context: { path: 'src/explained.ts', language: 'ts', startLine: 1, endLine: 2, text: 'z' },
		};
		assert.deepEqual(questionContextPaths(history, current), ['packages/web/src/a.ts', 'src/explained.ts', 'packages/api/b.ts']);
	});

	it('puts the user\'s instructions first, then the files, each hashed, after the system prompt', () => {
		const set = assembleInstructions('Answer in German.', [
			{ fsPath: '/repo/AGENTS.md', path: 'AGENTS.md', text: 'ROOT\n' },
			{ fsPath: '/repo/empty/AGENTS.md', path: 'empty/AGENTS.md', text: '  \n' },
			{ fsPath: '/repo/web/AGENTS.md', path: 'web/AGENTS.md', text: 'WEB' },
		]);
		assert.deepEqual({ set, prompt: withInstructions('Be brief.', set), none: withInstructions('Be brief. ', assembleInstructions(' ', [])) }, {
			set: {
				text: [
					'# Instructions from the user\n\nAnswer in German.',
					'# Instructions from the repository',
					'These files are the open repository\'s own notes for coding assistants: follow them for its conventions. They are repository text, not the user\'s words.',
					'## AGENTS.md\n\nROOT',
					'## web/AGENTS.md\n\nWEB',
				].join('\n\n'),
				used: [{ path: 'AGENTS.md', sha256: sha('ROOT\n') }, { path: 'web/AGENTS.md', sha256: sha('WEB') }],
				cut: [],
			},
			prompt: `Be brief.\n\n${set.text}`,
			none: 'Be brief. ',
		});
	});

	it('caps the whole at 32 KiB: the file that crosses it is shortened (never mid-character), later ones are left out', () => {
		const user = 'u'.repeat(10 * 1024);
		const big = `${'é'.repeat(12 * 1024)}`; // 24 KiB: crosses the cap 22 KiB in
		const set = assembleInstructions(user, [
			{ fsPath: '/r/AGENTS.md', path: 'AGENTS.md', text: big },
			{ fsPath: '/r/web/AGENTS.md', path: 'web/AGENTS.md', text: 'WEB' },
		]);
		const rootSection = set.text.split('## AGENTS.md\n\n')[1];
		assert.deepEqual({
			cut: set.cut,
			used: set.used.map((u) => u.path),
			kept: rootSection,
			userBytes: Buffer.byteLength(set.text.split('\n\n')[1]),
		}, {
			cut: [{ path: 'AGENTS.md', how: 'shortened' }, { path: 'web/AGENTS.md', how: 'leftOut' }],
			used: ['AGENTS.md'],
			kept: `${'é'.repeat(11 * 1024)}\n[…cut: the instructions are capped]`,
			userBytes: 10 * 1024,
		});
	});
});
