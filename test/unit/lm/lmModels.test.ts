import * as assert from 'node:assert/strict';
import { FluxClient } from '../../../src/flux/fluxClient';
import { silentLogger } from '../../../src/flux/logger';
import { modelInformation } from '../../../src/lm/lmModels';
import { startFluxSimulator, type FluxSimulator } from '../../sim/fluxSimulator';

describe('language model information from the model list', () => {
	let sim: FluxSimulator;
	before(async () => { sim = await startFluxSimulator(); });
	after(async () => { await sim.close(); });

	it('offers flux-auto, the tiers and the key\'s pinned ids, sized by context_window, tools by supports_tools', async () => {
		sim.configure({ allowedModels: ['flux-auto', 'flux-fast', 'flux-standard', 'flux-reasoning', 'flux-pinned-gpt-5', 'flux-pinned-gemini-3-flash'] });
		const entries = await new FluxClient({ baseUrl: sim.baseUrl, apiKey: 'sk-test', logger: silentLogger }).listModelEntries();
		const models = modelInformation(entries);
		assert.deepEqual(models.map((m) => [m.id, m.name, m.family, m.version, m.maxInputTokens, m.maxOutputTokens, m.capabilities.toolCalling]), [
			['flux-auto', 'Flux Auto (routed)', 'flux-auto', 'flux-auto', 200_000 - 8192, 8192, true],
			['flux-fast', 'Flux Fast', 'flux-fast', 'flux-fast', 200_000 - 8192, 8192, true],
			['flux-standard', 'Flux Standard', 'flux-standard', 'flux-standard', 200_000 - 8192, 8192, true],
			['flux-reasoning', 'Flux Reasoning', 'flux-reasoning', 'flux-reasoning', 128_000 - 8192, 8192, true],
			['flux-pinned-gpt-5', 'Flux gpt-5 (pinned)', 'gpt-5', 'flux-pinned-gpt-5', 400_000 - 8192, 8192, true],
			['flux-pinned-gemini-3-flash', 'Flux gemini-3-flash (pinned)', 'gemini-3-flash', 'flux-pinned-gemini-3-flash', 1_000_000 - 8192, 8192, false],
		]);
	});

	it('falls back to the router ids at 128,000 tokens when the list could not be read, and to defaults for ids it lacks', () => {
		assert.deepEqual(modelInformation(undefined).map((m) => [m.id, m.maxInputTokens, m.maxOutputTokens, m.capabilities.toolCalling]), [
			['flux-auto', 128_000 - 8192, 8192, true],
			['flux-fast', 128_000 - 8192, 8192, true],
			['flux-standard', 128_000 - 8192, 8192, true],
			['flux-reasoning', 128_000 - 8192, 8192, true],
		]);
		assert.deepEqual(modelInformation([{ id: 'flux-pinned-tiny', contextWindow: 16_000 }]).at(-1)?.maxOutputTokens, 4000);
	});
});
