import type * as vscode from 'vscode';
import type { SpendLedger } from '../../chat/usage/usageMeter';
import { localDay } from '../../chat/usage/spend';

const key = 'flux.spendToday';

/** Today's spend across all workspaces, in global storage; a new local day starts at zero. */
export class GlobalSpendLedger implements SpendLedger {
	constructor(private readonly memento: vscode.Memento) {}

	today(): number {
		const saved = this.memento.get<{ day: string; usd: number }>(key);
		return saved?.day === localDay(Date.now()) ? saved.usd : 0;
	}

	add(usd: number): void {
		void this.memento.update(key, { day: localDay(Date.now()), usd: this.today() + usd });
	}
}
