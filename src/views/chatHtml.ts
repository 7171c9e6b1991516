/** What the chat view's HTML needs from the webview: its CSP source and resolved asset URIs. */
export interface ChatHtmlInput {
	readonly cspSource: string;
	readonly nonce: string;
	readonly scriptUri: string;
	readonly styleUri: string;
	/** The display language's translations (`vscode.l10n.bundle`), English template → text; empty for English. */
	readonly l10n?: Readonly<Record<string, string>>;
	/** VS Code's display language, for `<html lang>`. */
	readonly language?: string;
}

/**
 * The webview's HTML. Nothing loads unless the CSP allows it: scripts only with this load's
 * nonce, styles, fonts and images only from the extension's own files.
 */
export function chatHtml({ cspSource, nonce, scriptUri, styleUri, l10n = {}, language = 'en' }: ChatHtmlInput): string {
	const csp = [
		`default-src 'none'`,
		`style-src ${cspSource}`,
		`font-src ${cspSource}`,
		`img-src ${cspSource}`,
		`script-src 'nonce-${nonce}'`,
	].join('; ');
	return `<!DOCTYPE html>
<html lang="${escapeAttribute(language)}">
<head>
	<meta charset="UTF-8">
	<meta http-equiv="Content-Security-Policy" content="${csp}">
	<meta name="viewport" content="width=device-width, initial-scale=1.0">
	<link href="${styleUri}" rel="stylesheet">
	<title>Flux Chat</title>
</head>
<body>
	<main id="app" aria-label="Flux Chat"></main>
	<script type="application/json" id="flux-l10n">${jsonForScript(l10n)}</script>
	<script type="module" nonce="${nonce}" src="${scriptUri}"></script>
</body>
</html>`;
}

/**
 * The webview's translations as a JSON data block: a `type="application/json"` script is never
 * run (so the CSP's nonce rule does not apply), and `<` is escaped so no text can close the tag.
 */
function jsonForScript(value: unknown): string {
	return JSON.stringify(value).replace(/</g, '\\u003c');
}

function escapeAttribute(value: string): string {
	return value.replace(/[^\w-]/g, '');
}
