/**
 * How every bench judges a figure: beside a baseline measured in the same run, on the same
 * machine, so a loaded machine slows both sides and does not fail the bench, while a slow change
 * moves only the figure and does. Each row prints its figure, its baseline and the ratio.
 */
export interface Row {
	readonly name: string;
	/** What is judged (ours). */
	readonly figure: number;
	/** The same work done the plainest way, in the same run. */
	readonly baseline: number;
	/** What the baseline is, e.g. `rg` or `bare webview`. */
	readonly baselineName: string;
	readonly unit?: string;
	/** The row fails when figure / baseline is above this. */
	readonly maxRatio?: number;
	/**
	 * For figures so small that a ratio is noise (a 3 ms gap against a 1 ms one): the row also
	 * passes when the figure is at most this much above the baseline.
	 */
	readonly floor?: number;
	/** Judged by the difference instead: the row fails when figure - baseline is above this. */
	readonly maxExcess?: number;
	/** Something else the row needs, e.g. results identical to the baseline's; false fails it. */
	readonly also?: { readonly ok: boolean; readonly what: string };
}

function format(value: number, unit: string): string {
	return `${value.toFixed(Math.abs(value) < 10 ? 2 : 0)}${unit === '' ? '' : ` ${unit}`}`;
}

/** Whether the row meets its target. */
export function passes(row: Row): boolean {
	const excess = row.figure - row.baseline;
	const ratio = row.figure / row.baseline;
	const byRatio = row.maxRatio === undefined || ratio <= row.maxRatio || (row.floor !== undefined && excess <= row.floor);
	const byExcess = row.maxExcess === undefined || excess <= row.maxExcess;
	return byRatio && byExcess && (row.also?.ok ?? true);
}

/** Prints each row (figure, baseline, ratio, target) and returns how many failed; sets a failing exit code. */
export function judge(bench: string, rows: readonly Row[]): number {
	let failed = 0;
	for (const row of rows) {
		const unit = row.unit ?? 'ms';
		const ok = passes(row);
		if (!ok) failed++;
		const targets = [
			...row.maxRatio === undefined ? [] : [`ratio <= ${row.maxRatio}x${row.floor === undefined ? '' : ` or <= ${format(row.floor, unit)} over`}`],
			...row.maxExcess === undefined ? [] : [`<= ${format(row.maxExcess, unit)} over`],
			...row.also ? [row.also.what] : [],
		];
		console.log(`${ok ? 'PASS' : 'FAIL'}  ${row.name}: ${format(row.figure, unit)}; baseline (${row.baselineName}) ${format(row.baseline, unit)}; `
			+ `ratio ${(row.figure / row.baseline).toPrecision(3)}x, ${row.figure >= row.baseline ? '+' : ''}${format(row.figure - row.baseline, unit)} (${targets.length ? `target ${targets.join(', ')}` : 'no target, for reference'})`);
	}
	console.log(`${bench}: ${rows.length - failed} of ${rows.length} rows met their target`);
	// A bench that measured nothing proves nothing: that fails too.
	if (rows.length === 0) console.log(`FAIL  ${bench}: nothing was measured`);
	if (failed > 0 || rows.length === 0) process.exitCode = 1;
	return failed;
}
