import type { FluxApiFormat } from '../../flux/fluxClient';

/** Keywords neither wire takes at the top of a tool's schema: the top must be one plain object. */
const topLevelRefused = ['anyOf', 'oneOf', 'allOf', 'not', 'enum', 'if', 'then', 'else'] as const;

/** A schema's size past which it is left out: it would eat the context window in every request. */
export const maxSchemaChars = 20_000;

/** What a wire makes of one tool's schema: the parameters to send, or why it is left out. */
export type SchemaAcceptance =
	| { readonly ok: true; readonly parameters: Readonly<Record<string, unknown>> }
	| { readonly ok: false; readonly reason: string };

/**
 * Turns a tool's `inputSchema` into what `format` sends (OpenAI's `function.parameters`,
 * Anthropic's `input_schema`), or says why that wire cannot take it. No schema means no input.
 * Both wires need an object at the top; OpenAI also refuses `type` lists and combinators there,
 * Anthropic requires `type: "object"` itself, so a schema with `properties` but no `type` gets it.
 */
export function acceptSchema(schema: unknown, format: FluxApiFormat): SchemaAcceptance {
	if (schema === undefined || schema === null) return { ok: true, parameters: { type: 'object', properties: {} } };
	if (typeof schema !== 'object' || Array.isArray(schema)) return { ok: false, reason: 'its schema is not a JSON object' };
	let text: string;
	try {
		text = JSON.stringify(schema);
	} catch {
		return { ok: false, reason: 'its schema cannot be written as JSON' };
	}
	if (text.length > maxSchemaChars) return { ok: false, reason: `its schema is ${text.length} characters, over ${maxSchemaChars}` };
	const parameters = JSON.parse(text) as Record<string, unknown>;
	const type = parameters.type;
	if (type !== undefined && type !== 'object') return { ok: false, reason: `its schema's top-level type is ${JSON.stringify(type)}, not "object"` };
	const refused = topLevelRefused.find((key) => key in parameters);
	if (refused) return { ok: false, reason: `its schema has "${refused}" at the top, which ${format === 'openai' ? 'the OpenAI' : 'the Anthropic'} format does not take` };
	if (parameters.properties !== undefined && (typeof parameters.properties !== 'object' || parameters.properties === null || Array.isArray(parameters.properties))) {
		return { ok: false, reason: 'its schema\'s properties are not an object' };
	}
	return { ok: true, parameters: { ...parameters, type: 'object', ...(format === 'openai' && parameters.properties === undefined ? { properties: {} } : {}) } };
}
