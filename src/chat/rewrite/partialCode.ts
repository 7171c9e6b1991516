import type { FluxToolArgumentsPiece } from '../../flux/fluxClient';

/**
 * The `code` string of a JSON object that is still being written: `{"code": "line 1\nli` gives
 * `line 1` + newline + `li`. An escape cut in half at the end (`\`, `\u00`) is left out until the
 * rest arrives; a `code` that has not begun yet, or arguments that are not an object, give
 * undefined. Other keys before `code` are skipped whatever they hold.
 */
export function partialCodeArgument(json: string): string | undefined {
	const scan = new Scanner(json);
	scan.space();
	if (!scan.take('{')) return undefined;
	for (;;) {
		scan.space();
		if (scan.peek() !== '"') return undefined;
		const key = scan.string();
		if (key === undefined || !key.closed) return undefined;
		scan.space();
		if (!scan.take(':')) return undefined;
		scan.space();
		if (key.value === 'code') {
			if (scan.peek() !== '"') return undefined;
			return scan.string()?.value;
		}
		if (!scan.skipValue()) return undefined;
		scan.space();
		if (!scan.take(',')) return undefined;
	}
}

class Scanner {
	private at = 0;

	constructor(private readonly text: string) {}

	peek(): string | undefined {
		return this.text[this.at];
	}

	take(char: string): boolean {
		if (this.text[this.at] !== char) return false;
		this.at++;
		return true;
	}

	space(): void {
		while (this.at < this.text.length && ' \t\r\n'.includes(this.text[this.at])) this.at++;
	}

	/** A string from its opening quote: what it holds so far, and whether it was closed. */
	string(): { value: string; closed: boolean } | undefined {
		if (!this.take('"')) return undefined;
		const parts: string[] = [];
		let start = this.at;
		while (this.at < this.text.length) {
			const char = this.text[this.at];
			if (char === '"') {
				parts.push(this.text.slice(start, this.at));
				this.at++;
				return { value: parts.join(''), closed: true };
			}
			if (char !== '\\') {
				this.at++;
				continue;
			}
			parts.push(this.text.slice(start, this.at));
			const escaped = this.escape();
			// Cut in half: what came before it is all there is so far.
			if (escaped === undefined) return { value: parts.join(''), closed: false };
			parts.push(escaped);
			start = this.at;
		}
		parts.push(this.text.slice(start));
		return { value: parts.join(''), closed: false };
	}

	/** One escape from its backslash; undefined when its end has not arrived. */
	private escape(): string | undefined {
		const code = this.text[this.at + 1];
		if (code === undefined) return undefined;
		if (code !== 'u') {
			this.at += 2;
			return simpleEscapes[code] ?? code;
		}
		const unit = this.hex(this.at + 2);
		if (unit === undefined) return undefined;
		// A surrogate pair is two escapes: show the character only when both have arrived.
		if (unit >= 0xd800 && unit <= 0xdbff) {
			const rest = this.text.slice(this.at + 6, this.at + 8);
			if (rest.length < 2 && '\\u'.startsWith(rest)) return undefined;
			if (rest === '\\u') {
				const low = this.hex(this.at + 8);
				if (low === undefined) return undefined;
				if (low >= 0xdc00 && low <= 0xdfff) {
					this.at += 12;
					return String.fromCharCode(unit, low);
				}
			}
		}
		this.at += 6;
		return String.fromCharCode(unit);
	}

	private hex(from: number): number | undefined {
		const digits = this.text.slice(from, from + 4);
		if (digits.length < 4) return undefined;
		return /^[0-9a-fA-F]{4}$/.test(digits) ? parseInt(digits, 16) : 0xfffd;
	}

	/** Skips a whole value of any kind; false when it has not ended yet. */
	skipValue(): boolean {
		const first = this.peek();
		if (first === '"') return this.string()?.closed === true;
		if (first === '{' || first === '[') {
			let depth = 0;
			while (this.at < this.text.length) {
				const char = this.text[this.at];
				if (char === '"') {
					if (this.string()?.closed !== true) return false;
					continue;
				}
				if (char === '{' || char === '[') depth++;
				else if (char === '}' || char === ']') depth--;
				this.at++;
				if (depth === 0) return true;
			}
			return false;
		}
		const literal = /^[^,}\]\s]+/.exec(this.text.slice(this.at));
		if (!literal) return false;
		this.at += literal[0].length;
		// A number or literal is whole only once something follows it.
		return this.at < this.text.length;
	}
}

const simpleEscapes: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/' };

/**
 * The replacement code as far as it has streamed, from whichever the model is writing: the
 * arguments of its `replace_selection` call (preferred once one begins), else the fenced block
 * of its text. Feed it every piece; `code` is what to show now.
 */
export class StreamingCode {
	private readonly calls = new Map<number, { name?: string; json: string }>();
	private text = '';

	constructor(private readonly toolName: string) {}

	/** A piece of a tool call's arguments. */
	toolArguments(piece: FluxToolArgumentsPiece): void {
		const call = this.calls.get(piece.index) ?? { json: '' };
		if (piece.name) call.name = piece.name;
		call.json += piece.arguments;
		this.calls.set(piece.index, call);
	}

	/** A piece of the answer's text. */
	textDelta(content: string): void {
		this.text += content;
	}

	/** Starting over (the request is asked again, without tools). */
	reset(): void {
		this.calls.clear();
		this.text = '';
	}

	/** What to show now; undefined while nothing of the code has arrived. */
	get code(): string | undefined {
		for (const call of this.calls.values()) {
			if (call.name !== this.toolName) continue;
			const code = partialCodeArgument(call.json);
			if (code !== undefined) return code;
		}
		return partialFencedCode(this.text);
	}
}

/**
 * The code of an answer in text as far as it has come, as `extractCode` will read the whole:
 * the body of its first fenced block, else the answer itself. Only whole lines are shown (the
 * last one may yet turn out to be the closing fence), and leading blank lines go.
 */
export function partialFencedCode(text: string): string | undefined {
	const lines = text.replace(/\r\n/g, '\n').split('\n');
	// The line still being written: it may be a fence or the start of one.
	lines.pop();
	const open = lines.findIndex((line) => /^\s*(`{3,}|~{3,})/.test(line));
	let body: string[];
	if (open === -1) {
		body = lines;
	} else {
		const fence = /^\s*(`{3,}|~{3,})/.exec(lines[open])![1];
		const close = lines.findIndex((line, i) => i > open && line.trim().startsWith(fence) && line.trim().replace(/^[`~]+/, '') === '');
		body = lines.slice(open + 1, close === -1 ? undefined : close);
	}
	const first = body.findIndex((line) => line.trim());
	return first === -1 ? undefined : body.slice(first).join('\n');
}
