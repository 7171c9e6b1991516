import * as assert from 'node:assert/strict';
import { acceptSchema, maxSchemaChars } from '../../../../src/tools/belt/beltSchema';

describe('tool belt: schemas per wire', () => {
	const schema = { type: 'object', properties: { city: { type: 'string', description: 'A city' }, days: { type: 'integer' } }, required: ['city'] };

	it('sends an object schema as it is on both wires', () => {
		assert.deepEqual(acceptSchema(schema, 'openai'), { ok: true, parameters: schema });
		assert.deepEqual(acceptSchema(schema, 'anthropic'), { ok: true, parameters: schema });
	});

	it('gives a tool without a schema an empty object schema', () => {
		assert.deepEqual(acceptSchema(undefined, 'openai'), { ok: true, parameters: { type: 'object', properties: {} } });
		assert.deepEqual(acceptSchema(undefined, 'anthropic'), { ok: true, parameters: { type: 'object', properties: {} } });
	});

	it('adds the "type" a schema left out, and the properties OpenAI needs', () => {
		assert.deepEqual(acceptSchema({ properties: { a: { type: 'string' } } }, 'anthropic'), { ok: true, parameters: { properties: { a: { type: 'string' } }, type: 'object' } });
		assert.deepEqual(acceptSchema({ type: 'object' }, 'openai'), { ok: true, parameters: { type: 'object', properties: {} } });
		assert.deepEqual(acceptSchema({ type: 'object' }, 'anthropic'), { ok: true, parameters: { type: 'object' } });
	});

	it('leaves out a schema a wire cannot take, saying why', () => {
		assert.deepEqual(acceptSchema({ type: 'string' }, 'openai'), { ok: false, reason: 'its schema\'s top-level type is "string", not "object"' });
		assert.deepEqual(acceptSchema({ type: ['object', 'null'] }, 'anthropic'), { ok: false, reason: 'its schema\'s top-level type is ["object","null"], not "object"' });
		assert.deepEqual(acceptSchema({ anyOf: [{ type: 'object' }] }, 'openai'), { ok: false, reason: 'its schema has "anyOf" at the top, which the OpenAI format does not take' });
		assert.deepEqual(acceptSchema({ type: 'object', oneOf: [] }, 'anthropic'), { ok: false, reason: 'its schema has "oneOf" at the top, which the Anthropic format does not take' });
		assert.deepEqual(acceptSchema([], 'openai'), { ok: false, reason: 'its schema is not a JSON object' });
		assert.deepEqual(acceptSchema({ type: 'object', properties: [] }, 'openai'), { ok: false, reason: 'its schema\'s properties are not an object' });
		const cyclic: Record<string, unknown> = { type: 'object' };
		cyclic.self = cyclic;
		assert.deepEqual(acceptSchema(cyclic, 'openai'), { ok: false, reason: 'its schema cannot be written as JSON' });
		const huge = { type: 'object', description: 'x'.repeat(maxSchemaChars) };
		assert.deepEqual(acceptSchema(huge, 'anthropic'), { ok: false, reason: `its schema is ${JSON.stringify(huge).length} characters, over ${maxSchemaChars}` });
	});
});
