import * as vscode from 'vscode';
import type { FluxClient } from '../flux/fluxClient';
import { pickModel, type PickModelOptions } from '../dialogs/modelPicker';
import { setModel } from '../platform/config';

/** "Flux: Select Model": the default model for every conversation without a pin of its own. */
export async function selectModel(current: string, createClient: () => Promise<FluxClient>, log: vscode.LogOutputChannel, onListed?: PickModelOptions['onListed']): Promise<void> {
	const chosen = await pickModel({ title: vscode.l10n.t('Flux: Select Model'), placeholder: vscode.l10n.t('Model for the next turns (now {0})', current), current, createClient, log, ...(onListed ? { onListed } : {}) });
	if (chosen && chosen !== current) await setModel(chosen);
}
