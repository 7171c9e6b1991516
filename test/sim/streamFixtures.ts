// The conformance corpus (test/fixtures/streams/): SSE bodies in the shapes real
// OpenAI-compatible upstreams send, each beside the result the client must assemble from it.
// The simulator replays them byte for byte and the unit tests read their expectations, so unit
// and e2e tests use the same files.

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where the corpus lives (this file runs from out/test/sim/, the corpus stays in the sources). */
export const streamFixtureDir = resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'streams');

/**
 * A fixture name is a file name without extension (letters, digits, `_` and `-`), optionally in
 * the `anthropic/` folder, which holds the Anthropic Messages corpus. Never any other path.
 */
const namePattern = /^(?:anthropic\/)?[A-Za-z0-9_-]+$/;

/** The sub-folders of the corpus: one per wire format besides the OpenAI one at the top. */
export type StreamFixtureFolder = 'anthropic';

/**
 * `{{repeat "TEXT" N}}` stands for TEXT written N times, so a 1 MB line can be kept as one short
 * line in git. TEXT is a JSON string literal; expansion is the same in `.sse` and `.expected.json`.
 */
const repeatMarker = /\{\{repeat ("(?:[^"\\]|\\.)*") (\d+)\}\}/g;

function expand(text: string): string {
	return text.replace(repeatMarker, (_all, literal: string, count: string) => (JSON.parse(literal) as string).repeat(Number(count)));
}

function fixturePath(name: string, extension: string): string {
	if (!namePattern.test(name)) {
		throw new Error(`Not a stream fixture name: ${JSON.stringify(name)}.`);
	}
	return join(streamFixtureDir, `${name}${extension}`);
}

/** True when `test/fixtures/streams/<name>.sse` exists. */
export function hasStreamFixture(name: string): boolean {
	return namePattern.test(name) && existsSync(fixturePath(name, '.sse'));
}

/** The exact bytes an upstream would send for `name` (repeat markers expanded). */
export function readStreamFixture(name: string): Buffer {
	const raw = readFileSync(fixturePath(name, '.sse'));
	// Only expand when a marker is there, so every other file goes out byte for byte as stored.
	return raw.includes('{{repeat ') ? Buffer.from(expand(raw.toString('utf8')), 'utf8') : raw;
}

/** What `name` must assemble to: its `.expected.json`, repeat markers expanded. */
export function readStreamExpectation(name: string): unknown {
	return JSON.parse(expand(readFileSync(fixturePath(name, '.expected.json'), 'utf8')));
}

/**
 * The fixtures of one format, sorted: the OpenAI ones at the top by default, or those of a
 * folder, named with it (`anthropic/textWithPing`).
 */
export function streamFixtureNames(folder?: StreamFixtureFolder): string[] {
	const names = readdirSync(folder === undefined ? streamFixtureDir : join(streamFixtureDir, folder))
		.filter((f) => f.endsWith('.sse'))
		.map((f) => f.slice(0, -'.sse'.length));
	return names.map((n) => (folder === undefined ? n : `${folder}/${n}`)).sort();
}
