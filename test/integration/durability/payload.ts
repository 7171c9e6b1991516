import { readFileSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { FluxTestApi } from '../../../src/extension';

/** What the launcher asks of one launch (see runDurability.ts). */
export interface DurabilityControl {
	readonly report: string;
	readonly questions: readonly string[];
	/** A question whose reply streams slowly; the launcher kills the host while it does. */
	readonly slowQuestion?: string;
}

/** What a launch found when it started: the conversation as the extension restored it. */
export interface DurabilityReport {
	readonly pid: number;
	readonly turns: readonly { readonly question: string; readonly status: string; readonly text: string; readonly error?: string }[];
}

/**
 * The extension host side of the durability test: reports the restored conversation, asks the
 * quick questions one after another, then starts the slow one and waits to be killed.
 */
export async function run(): Promise<void> {
	const control = JSON.parse(readFileSync(process.env.FLUX_DURABILITY_CONTROL!, 'utf8')) as DurabilityControl;
	const api = (await vscode.extensions.getExtension<FluxTestApi>('fluxchat.flux-chat')!.activate())!;
	const conversation = await api.library.load(api.runner.conversationId);
	const report: DurabilityReport = {
		pid: process.pid,
		turns: (conversation?.turns ?? []).map((t) => ({ question: t.question, status: t.reply.status, text: t.reply.text, ...(t.reply.error ? { error: t.reply.error.message } : {}) })),
	};
	writeFileSync(control.report, JSON.stringify(report));
	for (const question of control.questions) {
		api.runner.send(question);
		await api.runner.idle();
	}
	if (!control.slowQuestion) return;
	api.runner.send(control.slowQuestion);
	await new Promise(() => { /* the launcher kills this process mid-stream */ });
}
