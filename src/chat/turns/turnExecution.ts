import type { HostMessage, ReplyView } from '../../protocol/messages';
import { t } from '@vscode/l10n';
import type { ContextMeter } from '../context/contextMeter';
import { questionContextPaths, withInstructions, type InstructionSet } from '../context/instructions';
import { ConversationLockedError } from '../history/conversationLocks';
import type { ConversationRunnerDeps } from './types';
import { changeSetOf, type ChangeSet } from '../changeSet';
import { endAttempt, type Conversation, type HistoryRecord, type InstructionUse, type Reply, type Turn } from '../model';
import { ToolApprovals } from './toolApprovals';
import { runTurn } from './turnRunner';
import { prepareTurn } from './turnRequest';

interface RunningTurn {
	readonly turnId: string;
	readonly controller: AbortController;
	readonly done: Promise<void>;
}

/** What the runner is told as turns run. */
export interface TurnEvents {
	/** Another window took the conversation before the question could be saved. */
	lockedOut(conversation: Conversation, unsent?: string): Promise<void>;
	/** Saves a record of a conversation (a later failure to save makes it read-only). */
	record(record: HistoryRecord, conversation: Conversation): void;
	/** Only the open conversation's turns reach the view. */
	isOpen(conversation: Conversation): boolean;
	/** A turn ended and its record is written; `deltaSeq` is what its view has seen. */
	ended(conversation: Conversation, turn: Turn, deltaSeq: number): void;
}

/**
 * The turns in flight: at most one the user can still stop, plus any left ending in a
 * conversation the user switched away from. Each turn is saved as it starts, prepared (the
 * context budget), run (the tool rounds), kept up to date delta by delta, and saved as it ends.
 */
export class TurnExecution {
	private running: RunningTurn | undefined;
	private readonly ending = new Set<Promise<void>>();
	/** How many deltas each reply in flight has sent (transport state, kept apart from the model). */
	private readonly deltaSeqs = new Map<string, number>();
	/** The approval cards of the turns in flight, waiting for the user's click. */
	readonly approvals = new ToolApprovals();

	constructor(private readonly deps: ConversationRunnerDeps, private readonly meter: ContextMeter, private readonly events: TurnEvents) {}

	get busy(): boolean {
		return this.running !== undefined;
	}

	get runningTurnId(): string | undefined {
		return this.running?.turnId;
	}

	/** The deltas the view already has of a turn in flight (0 when it is not running). */
	deltaSeq(turnId: string): number {
		return this.deltaSeqs.get(turnId) ?? 0;
	}

	/** Aborts the turn in flight (or only `turnId`); its partial reply is kept, marked as stopped. */
	stop(turnId?: string): void {
		if (this.running && (turnId === undefined || this.running.turnId === turnId)) this.running.controller.abort();
	}

	/** Stops the turn in flight and lets it end on its own: a new turn may start at once. */
	detach(): void {
		this.stop();
		this.running = undefined;
	}

	/** Resolves when every turn in flight has ended and its record is written. */
	async idle(): Promise<void> {
		await Promise.all([...this.ending]);
		await this.deps.library.flush();
	}

	start(conversation: Conversation, turn: Turn): void {
		const controller = new AbortController();
		const done = this.deps.library.append(conversation, { type: 'turn', at: Date.now(), turn })
			.then(() => this.run(conversation, turn.id, controller.signal), (error: unknown) => {
				// Another window took the conversation: nothing is asked that could not be saved.
				if (error instanceof ConversationLockedError) return this.events.lockedOut(conversation, turn.question);
				this.deps.logger.error(`could not save the question: ${String(error)}`);
				return this.run(conversation, turn.id, controller.signal);
			})
			.catch((error: unknown) => this.deps.logger.error(error instanceof Error ? error : String(error)))
			.finally(() => {
				this.ending.delete(done);
				if (this.running?.done === done) this.running = undefined;
			});
		this.ending.add(done);
		this.running = { turnId: turn.id, controller, done };
	}

	private async run(conversation: Conversation, turnId: string, signal: AbortSignal): Promise<void> {
		const started = Date.now();
		const index = conversation.turns.findIndex((t) => t.id === turnId);
		const turn = conversation.turns[index];
		const instructions = await this.instructionsFor(conversation.turns.slice(0, index), turn);
		// The instructions go with the system prompt, so the context budget counts and keeps them.
		const base = this.deps.settings();
		const settings = instructions ? { ...base, systemPrompt: withInstructions(base.systemPrompt, instructions) } : base;
		const model = turn.model ?? conversation.pin ?? settings.model;
		const modelSource = turn.model ? 'turn' : conversation.pin ? 'pin' : 'setting';
		const { tools, notices: toolNotices = [] } = this.deps.tools?.() ?? {};
		const notices = instructions?.cut.length ? [...toolNotices, cutNotice(instructions)] : toolNotices;
		const prepare = async (abort: AbortSignal) => {
			const result = await prepareTurn(conversation, turnId, { model, settings, ...(tools ? { tools: tools.definitions } : {}) }, this.deps.context, abort);
			if (result?.newSummary) {
				conversation.summary = result.newSummary;
				this.events.record({ type: 'summary', at: Date.now(), summary: result.newSummary }, conversation);
			}
			return result;
		};
		const prepared = await prepare(signal);
		// Stop pressed while older turns were being summarised: nothing was asked yet.
		if (!prepared) return this.finish(conversation, turnId, { status: 'stopped', text: '', reasoning: '', deltaSeq: 0 });
		if (prepared.context) this.meter.show(conversation, prepared.context.context);
		const allNotices = prepared.context?.notice ? [...notices, prepared.context.notice] : notices;
		const reply = await runTurn({
			turnId,
			model,
			modelSource,
			messages: prepared.messages,
			...(tools ? { tools } : {}),
			...(allNotices.length ? { notices: allNotices } : {}),
			...(this.deps.context ? {
				budget: {
					budget: this.deps.context, maxInputTokens: settings.maxInputTokens, prepared: prepared.context?.context,
					// After an overflow the ratio is higher, so preparing again summarises or drops more history.
					reprepare: async (abort: AbortSignal) => (await prepare(abort))?.messages,
				},
			} : {}),
		}, signal, {
			onContext: (context) => this.meter.show(conversation, context),
			createClient: this.deps.createClient,
			logger: this.deps.logger,
			onReply: (r) => this.replace(conversation, turnId, r),
			meter: this.deps.meter,
			approvals: this.approvals,
			emit: (message: HostMessage) => { if (this.events.isOpen(conversation)) this.deps.emit(message); },
			...(this.deps.sleep ? { sleep: this.deps.sleep } : {}),
			...(this.deps.frames ? { frames: this.deps.frames } : {}),
		});
		this.finish(conversation, turnId, { ...reply, durationMs: Date.now() - started }, changeSetOf(tools?.proposed?.() ?? []), instructions?.used);
	}

	/** The instructions for a turn; none (logged) when they cannot be read: the question goes without them. */
	private async instructionsFor(history: readonly Turn[], turn: Turn): Promise<InstructionSet | undefined> {
		if (!this.deps.instructions) return undefined;
		try {
			return await this.deps.instructions(questionContextPaths(history, turn));
		} catch (error) {
			this.deps.logger.error(`could not read the instructions: ${String(error)}`);
			return undefined;
		}
	}

	/** Saves the reply's final state; the changes the turn proposed become its change card, the instruction files it used are kept. */
	private finish(conversation: Conversation, turnId: string, final: ReplyView, proposed?: ChangeSet, instructions?: readonly InstructionUse[]): void {
		const { deltaSeq, changes: _viewOnly, ...rest } = final;
		const reply: Reply = { ...rest, ...(proposed ? { changes: proposed } : {}), ...(instructions?.length ? { instructions } : {}) };
		this.deltaSeqs.delete(turnId);
		const index = conversation.turns.findIndex((t) => t.id === turnId);
		const turn = index < 0 ? undefined : endAttempt(conversation.turns[index], reply);
		if (turn) {
			conversation.turns[index] = turn;
			this.events.record({ type: 'turn', at: Date.now(), turn }, conversation);
		}
		if (turn) this.events.ended(conversation, turn, turn.reply === reply ? deltaSeq : 0);
	}

	/** Updates the reply in flight in place: called on every posted delta (one a frame), so no copying of the list. */
	private replace(conversation: Conversation, turnId: string, { deltaSeq, changes: _viewOnly, ...reply }: ReplyView): void {
		this.deltaSeqs.set(turnId, deltaSeq);
		const turns = conversation.turns;
		for (let i = turns.length - 1; i >= 0; i--) {
			if (turns[i].id !== turnId) continue;
			turns[i] = { ...turns[i], reply };
			return;
		}
	}
}

/** Names what the cap left out or shortened, so the user knows the model did not see all of it. */
function cutNotice(instructions: InstructionSet): string {
	const names = instructions.cut.map((c) => c.how === 'shortened' ? t('{0} (shortened)', c.path) : t('{0} (left out)', c.path));
	return t('The instructions are capped at 32 KiB: {0}.', names.join(', '));
}
