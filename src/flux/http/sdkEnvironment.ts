/**
 * Variables the SDK constructors read headers from, with no option to turn that off. They are
 * meant for other tools' use of those SDKs: a value there could change a header Flux sends (the
 * user agent, the API version), and a line whose name is no HTTP token makes the constructor throw.
 */
const headerVariables = ['OPENAI_CUSTOM_HEADERS', 'ANTHROPIC_CUSTOM_HEADERS'] as const;

/**
 * Builds an SDK client with {@link headerVariables} out of its sight. The constructors read them
 * once, synchronously, so they are put back before any other code can run (guardedFetch's
 * allow-list stays as the second line for everything else).
 */
export function withoutSdkHeaderVariables<T>(build: () => T): T {
	const saved = headerVariables.map((name) => [name, process.env[name]] as const).filter(([, value]) => value !== undefined);
	for (const [name] of saved) delete process.env[name];
	try {
		return build();
	} finally {
		for (const [name, value] of saved) process.env[name] = value;
	}
}
