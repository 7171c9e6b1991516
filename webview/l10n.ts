/**
 * The webview's translations. The host puts its display language's bundle (`vscode.l10n.bundle`:
 * English template → translation) in the page as JSON; `t` looks a template up there and fills
 * in `{0}`, `{1}`... Without a bundle (English, unit tests) the English template is used.
 */
let bundle: Readonly<Record<string, string>> = {};

/** Sets the bundle (from the page's `#flux-l10n` block). */
export function setL10nBundle(contents: Readonly<Record<string, string>>): void {
	bundle = contents;
}

/** Reads the bundle the host wrote into the page, if any; a malformed block means English. */
export function loadL10nBundle(doc: Document): void {
	const text = doc.getElementById('flux-l10n')?.textContent;
	if (!text) return;
	try {
		const parsed: unknown = JSON.parse(text);
		if (parsed && typeof parsed === 'object') setL10nBundle(parsed as Record<string, string>);
	} catch {
		// English it is.
	}
}

// Read when this module is first imported, before any module that calls `t` runs (imports are
// evaluated first), so even their module-level constants are translated.
if (typeof document !== 'undefined') loadL10nBundle(document);

/** `message` in the display language, with `{n}` replaced by `args[n]`. */
export function t(message: string, ...args: (string | number)[]): string {
	const template = Object.hasOwn(bundle, message) && typeof bundle[message] === 'string' ? bundle[message] : message;
	return template.replace(/\{(\d+)\}/g, (whole, index: string) => {
		const arg = args[Number(index)];
		return arg === undefined ? whole : String(arg);
	});
}
