/** The function names both wires accept. */
export const functionNamePattern = /^[a-zA-Z0-9_-]{1,64}$/;

const maxNameLength = 64;

/**
 * Gives each external tool a function name both wires accept: unsafe characters become `_`, long
 * names are cut to 64, and a name that is taken (one of `reserved`, our own tools, or an earlier
 * tool's) gets `_2`, `_3`... Names are handed out in the order given, so the same list maps the
 * same way every time. Returns model name -> VS Code name.
 */
export function mapToolNames(names: readonly string[], reserved: readonly string[]): ReadonlyMap<string, string> {
	const taken = new Set(reserved.map((name) => name.toLowerCase()));
	const mapped = new Map<string, string>();
	for (const name of names) {
		const base = name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, maxNameLength) || 'tool';
		let candidate = base;
		for (let n = 2; taken.has(candidate.toLowerCase()); n++) {
			const suffix = `_${n}`;
			candidate = `${base.slice(0, maxNameLength - suffix.length)}${suffix}`;
		}
		// Case-insensitively unique: some models and servers fold the case of a function name.
		taken.add(candidate.toLowerCase());
		mapped.set(candidate, name);
	}
	return mapped;
}
