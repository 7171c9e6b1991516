import type { SessionState } from '../../src/chat/turns/types';
import type { SpendLedger } from '../../src/chat/usage/usageMeter';

/** The open conversation's id and the draft, in memory, like workspace storage would keep them. */
export class FakeSessionState implements SessionState {
	currentId: string | undefined;
	draft = '';
	pin: string | undefined;

	async save(state: { readonly currentId: string; readonly draft: string; readonly pin: string | undefined }): Promise<void> {
		this.currentId = state.currentId;
		this.draft = state.draft;
		this.pin = state.pin;
	}
}

/** Today's spend, in memory. */
export class FakeSpendLedger implements SpendLedger {
	usd = 0;

	today(): number {
		return this.usd;
	}

	add(usd: number): void {
		this.usd += usd;
	}
}
