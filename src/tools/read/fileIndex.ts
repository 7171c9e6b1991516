import type { Exclusions } from '../guard/exclusions';
import { indexPath, normaliseQuery, rankPaths, type IndexedPath } from './fuzzyRank';

/** How many files the `#` list offers for one query. */
export const mentionLimit = 50;

/**
 * The workspace's files for the `#` list: listed once (lazily, on the first `#`) by `list`, kept
 * prepared for fuzzy ranking, listed again after `invalidate` (a file was created or deleted).
 * Secret and excluded files are never in it.
 */
export class FileIndex {
	private entries: Promise<readonly IndexedPath[]> | undefined;
	/**
	 * The files the last query matched: typing on (`gre` after `gr`) can only narrow them, since a
	 * path that lacks `gr` in order lacks `gre` too; so the next keystroke scans these, not all.
	 */
	private narrowed: { readonly query: string; readonly matches: readonly IndexedPath[]; readonly from: readonly IndexedPath[] } | undefined;

	/**
	 * `list` gives every file as its display path (`src/a.ts`; with several folders, starting with
	 * the folder's name) with its folder-relative path, for the exclusions.
	 */
	constructor(private readonly list: () => Promise<readonly { readonly display: string; readonly relative: string }[]>, private readonly exclusions: () => Exclusions) {}

	/** The best files for `query`, best first. */
	async query(query: string, limit = mentionLimit): Promise<string[]> {
		const all = await this.load();
		const q = normaliseQuery(query);
		const last = this.narrowed;
		const pool = last && last.from === all && q.startsWith(last.query) ? last.matches : all;
		const matches: IndexedPath[] = [];
		const ranked = rankPaths(q, pool, limit, matches);
		this.narrowed = { query: q, matches, from: all };
		return ranked;
	}

	/** Lists the files again on the next query. */
	invalidate(): void {
		this.entries = undefined;
		this.narrowed = undefined;
	}

	private load(): Promise<readonly IndexedPath[]> {
		if (!this.entries) {
			const loading = this.build();
			this.entries = loading;
			// A failed listing is tried again next time rather than kept.
			loading.catch(() => { if (this.entries === loading) this.entries = undefined; });
		}
		return this.entries;
	}

	private async build(): Promise<readonly IndexedPath[]> {
		const files = await this.list();
		const exclusions = this.exclusions();
		return files.filter((f) => !exclusions.isExcluded(f.relative)).map((f) => indexPath(f.display));
	}
}
