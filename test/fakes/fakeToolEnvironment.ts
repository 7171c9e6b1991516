/** In every value of {@link fakeToolEnvironment}: a request that carries it took something from the environment. */
export const leakMarker = 'envleak';

/**
 * What other tools' setups leave in the environment for the OpenAI and Anthropic SDKs: keys,
 * organisation and project, custom headers (one trying to replace the key, one the user agent, one
 * with a name no HTTP header may have), base URLs. Flux Chat
 * must send none of it. The integration run starts VS Code with these set, so every integration
 * test runs under them.
 */
export const fakeToolEnvironment: Readonly<Record<string, string>> = {
	OPENAI_API_KEY: 'sk-envleak-openai-key',
	OPENAI_ADMIN_KEY: 'sk-envleak-openai-admin',
	OPENAI_ORG_ID: 'org-envleak',
	OPENAI_PROJECT_ID: 'proj_envleak',
	OPENAI_CUSTOM_HEADERS: 'Authorization: Bearer sk-envleak-openai-custom\nX-Envleak-Openai: envleak-openai-custom\nUser-Agent: envleak-agent\nBad Name: envleak',
	OPENAI_BASE_URL: 'http://127.0.0.1:9/envleak/v1',
	ANTHROPIC_API_KEY: 'sk-envleak-anthropic-key',
	ANTHROPIC_AUTH_TOKEN: 'sk-envleak-anthropic-token',
	ANTHROPIC_CUSTOM_HEADERS: 'X-Api-Key: sk-envleak-anthropic-custom\nX-Envleak-Anthropic: envleak-anthropic-custom\nAnthropic-Beta: envleak-beta\nAnthropic-Version: envleak-version\nBad Name: envleak',
	ANTHROPIC_BASE_URL: 'http://127.0.0.1:9/envleak/anthropic',
};
