/**
 * Whether `key` (read from the DOM or a message, so any string) is one of the record's own keys.
 * Tables typed by a union are the view's lists of what is valid, so nothing restates the union.
 */
export function isKeyOf<K extends string>(record: { readonly [P in K]: unknown }, key: string): key is K {
	return Object.hasOwn(record, key);
}
