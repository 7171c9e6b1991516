/**
 * Numbers, money, durations and dates in VS Code's display language: the host writes it into
 * `<html lang>` (see src/views/chatHtml.ts), so a German VS Code shows "0,0012 $" and "1,5 s".
 * Without a page or a language Intl knows (unit tests), English.
 */
export const displayLocale = localeOf(typeof document === 'undefined' ? undefined : document.documentElement.lang);

/** `lang` if Intl takes it as a locale, else English. */
export function localeOf(lang: string | undefined): string {
	if (!lang) return 'en';
	try {
		return Intl.NumberFormat.supportedLocalesOf(lang).length ? lang : 'en';
	} catch {
		// Not a well-formed language tag.
		return 'en';
	}
}

export interface NumberFormats {
	/** 12,345 (en) or 12.345 (de). */
	integer(value: number): string;
	/** Dollars with enough digits to tell small amounts apart: $0.0012, $0.31, $12.40. */
	usd(value: number): string;
	/** 850 ms, 1.5 s. */
	duration(ms: number): string;
}

export function numberFormats(locale: string): NumberFormats {
	const integer = new Intl.NumberFormat(locale);
	const usd = new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD' });
	const smallUsd = new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD', minimumFractionDigits: 4, maximumFractionDigits: 4 });
	const tenths = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
	return {
		integer: (value) => integer.format(value),
		usd: (value) => {
			if (value === 0) return usd.format(0);
			if (value < 0.0001) return `<${smallUsd.format(0.0001)}`;
			return value < 1 ? smallUsd.format(value) : usd.format(value);
		},
		// SI symbols read the same in every language (Intl's own units would write "1.5 sec", "1,5 Sek.").
		duration: (ms) => ms < 1000 ? `${integer.format(Math.round(ms))} ms` : `${tenths.format(ms / 1000)} s`,
	};
}

const formats = numberFormats(displayLocale);
export const formatInteger = formats.integer;
export const formatUsd = formats.usd;
export const formatDuration = formats.duration;
