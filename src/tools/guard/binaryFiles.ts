import { extname } from 'node:path';

/** How much of a file is sniffed for NUL bytes, as git and ripgrep do. */
export const binarySniffBytes = 8 * 1024;

/** Extensions that are binary whatever their first bytes say; lower case, without the dot. */
export const binaryExtensions: readonly string[] = [
	'png', 'jpg', 'jpeg', 'gif', 'bmp', 'ico', 'icns', 'webp', 'tif', 'tiff', 'psd',
	'pdf', 'zip', 'gz', 'tgz', 'bz2', 'xz', '7z', 'rar', 'tar', 'jar', 'war', 'vsix', 'zst',
	'exe', 'dll', 'so', 'dylib', 'o', 'a', 'obj', 'lib', 'class', 'pyc', 'pyo', 'wasm', 'node', 'bin',
	'mp3', 'mp4', 'm4a', 'mov', 'avi', 'mkv', 'webm', 'wav', 'ogg', 'flac',
	'woff', 'woff2', 'ttf', 'otf', 'eot',
	'sqlite', 'sqlite3', 'db', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx',
];

const binaryExtensionSet = new Set(binaryExtensions);

/** Binary by its extension alone, without opening it. */
export function hasBinaryExtension(path: string): boolean {
	return binaryExtensionSet.has(extname(path).slice(1).toLowerCase());
}

/** A NUL byte in the first 8 KB: what git and ripgrep call binary. */
export function isBinaryContent(bytes: Uint8Array): boolean {
	return bytes.subarray(0, binarySniffBytes).includes(0);
}

/** Text as the tools show it: UTF-8, without a byte-order mark, split into lines without their ends. */
export function splitLines(bytes: Uint8Array): string[] {
	let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	if (text === '') return [];
	const lines = text.split('\n');
	// A final newline ends the last line; it does not start another one.
	if (lines[lines.length - 1] === '') lines.pop();
	return lines.map((line) => line.endsWith('\r') ? line.slice(0, -1) : line);
}
