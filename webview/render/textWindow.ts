/**
 * The end of a growing text, addressed by offsets into the whole text. The part before the block
 * being written is dropped: appending to a long string and then searching it makes V8 copy the
 * whole string each time, which over a long reply would be quadratic.
 */
export class TextWindow {
	private text = '';
	private base = 0;

	/** Offset of the first character still held. */
	get start(): number {
		return this.base;
	}

	/** Offset just past the last character. */
	get end(): number {
		return this.base + this.text.length;
	}

	append(piece: string): void {
		this.text += piece;
	}

	slice(start: number, end = this.end): string {
		return this.text.slice(start - this.base, end - this.base);
	}

	indexOf(search: string, from: number): number {
		const index = this.text.indexOf(search, from - this.base);
		return index < 0 ? -1 : index + this.base;
	}

	charCodeAt(index: number): number {
		return this.text.charCodeAt(index - this.base);
	}

	/** Forgets the text before `offset`, once enough has piled up to be worth copying the rest. */
	dropBefore(offset: number): void {
		if (offset - this.base < 4096) return;
		this.text = this.text.slice(offset - this.base);
		this.base = offset;
	}
}
