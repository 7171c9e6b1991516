import * as assert from 'node:assert/strict';
import { functionNamePattern, mapToolNames } from '../../../../src/tools/belt/beltNames';

describe('tool belt: names', () => {
	it('keeps a name both wires accept as it is', () => {
		assert.deepEqual([...mapToolNames(['fetch_page', 'get-weather'], ['read_file'])], [['fetch_page', 'fetch_page'], ['get-weather', 'get-weather']]);
	});

	it('maps dots, spaces and other characters to "_", and cuts a name over 64 characters, so each maps back', () => {
		const long = `mcp.server.${'x'.repeat(80)}`;
		const mapped = mapToolNames(['github.search issues', long, 'wetter:heute/ü'], []);
		assert.deepEqual([...mapped], [
			['github_search_issues', 'github.search issues'],
			[`mcp_server_${'x'.repeat(53)}`, long],
			['wetter_heute__', 'wetter:heute/ü'],
		]);
		for (const name of mapped.keys()) assert.match(name, functionNamePattern);
	});

	it('never shadows our tools, and keeps two tools that map alike apart (case-insensitively), within 64 characters', () => {
		const long = 'y'.repeat(70);
		const mapped = mapToolNames(['read_file', 'Read.File', 'a.b', 'a_b', long, `${long}z`, ''], ['read_file', 'run_command']);
		assert.deepEqual([...mapped], [
			['read_file_2', 'read_file'],
			['Read_File_3', 'Read.File'],
			['a_b', 'a.b'],
			['a_b_2', 'a_b'],
			['y'.repeat(64), long],
			[`${'y'.repeat(62)}_2`, `${long}z`],
			['tool', ''],
		]);
		for (const name of mapped.keys()) assert.match(name, functionNamePattern);
	});
});
