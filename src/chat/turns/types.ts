import type { FluxClient } from '../../flux/fluxClient';
import type { Logger } from '../../flux/logger';
import type { HostMessage, ModelChoiceView } from '../../protocol/messages';
import type { ContextBudget } from '../context/contextBudget';
import type { InstructionSet } from '../context/instructions';
import type { ConversationLibrary } from '../history/conversationLibrary';
import type { UsageMeter } from '../usage/usageMeter';
import type { FrameTimer } from './replyInProgress';
import type { TurnTools } from './turnRunner';

// What the runner, the turn execution and the turn request share: here, so that none of them
// imports another for a type.

/** The settings one turn runs with, read once when it starts. */
export interface ChatSettings {
	readonly model: string;
	readonly systemPrompt: string;
	/** `flux.context.maxInputTokens`; undefined when not set. */
	readonly maxInputTokens?: number;
}

/** What is kept per workspace besides the conversations themselves. */
export interface SessionState {
	readonly currentId: string | undefined;
	readonly draft: string;
	/** The open conversation's pin, kept so the status bar can show it before the conversation is read. */
	readonly pin: string | undefined;
	save(state: { readonly currentId: string; readonly draft: string; readonly pin: string | undefined }): Promise<void>;
}

/** What the open conversation works with: handed in once by activate() (or a test). */
export interface ConversationRunnerDeps {
	/** A client for this turn; throws FluxConfigError when there is no key or a bad base URL. */
	readonly createClient: () => Promise<FluxClient>;
	readonly settings: () => ChatSettings;
	readonly library: ConversationLibrary;
	readonly state: SessionState;
	/** Every paid request of a turn is recorded here as it ends; it also holds today's total. */
	readonly meter: UsageMeter;
	/** The model the open conversation uses changed (its pin, or another conversation was opened). */
	readonly onModelChoice?: (choice: ModelChoiceView) => void;
	/** Fits each request into the context window; without it the whole history is sent. */
	readonly context?: ContextBudget;
	readonly logger: Logger;
	/** Sends a message to the view (dropped when no view is open). */
	readonly emit: (message: HostMessage) => void;
	/** The tools for a turn that starts now, or why there are none (read once per turn). */
	readonly tools?: () => { readonly tools?: TurnTools; readonly notices?: readonly string[] };
	/**
	 * The user's and the repository's instructions for a question about `contextPaths` (workspace
	 * paths), read when its turn starts; without it only the system prompt is sent.
	 */
	readonly instructions?: (contextPaths: readonly string[]) => Promise<InstructionSet>;
	/** Waits between retries (replaceable in tests). */
	readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
	/** Paces the streamed text sent to the view (one `turn/delta` per frame); replaceable in tests. */
	readonly frames?: FrameTimer;
}
