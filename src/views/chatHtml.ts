/** What the chat view's HTML needs from the webview: its CSP source and resolved asset URIs. */
export interface ChatHtmlInput {
	readonly cspSource: string;
	readonly nonce: string;
	readonly scriptUri: string;
	readonly styleUri: string;
}

/**
 * The webview's HTML. Nothing loads unless the CSP allows it: scripts only with this load's
 * nonce, styles, fonts and images only from the extension's own files.
 */
export function chatHtml({ cspSource, nonce, scriptUri, styleUri }: ChatHtmlInput): string {
	const csp = [
		`default-src 'none'`,
		`style-src ${cspSource}`,
		`font-src ${cspSource}`,
		`img-src ${cspSource}`,
		`script-src 'nonce-${nonce}'`,
	].join('; ');
	return `<!DOCTYPE html>
<html lang="en">
<head>
	<meta charset="UTF-8">
	<meta http-equiv="Content-Security-Policy" content="${csp}">
	<meta name="viewport" content="width=device-width, initial-scale=1.0">
	<link href="${styleUri}" rel="stylesheet">
	<title>Flux Chat</title>
</head>
<body>
	<main id="app" aria-label="Flux Chat"></main>
	<script type="module" nonce="${nonce}" src="${scriptUri}"></script>
</body>
</html>`;
}
