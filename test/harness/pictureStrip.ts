import { Resvg } from '@resvg/resvg-js';

/** One picture of the strip and the words under it. */
export interface StripFrame {
	readonly png: Buffer;
	readonly width: number;
	readonly height: number;
	readonly caption: string;
}

const gap = 16;
const captionHeight = 32;

/**
 * Screenshots side by side with a numbered caption under each, as one PNG: a stepwise picture
 * for the README, where an animation would not show in every viewer.
 */
export function pictureStrip(frames: readonly StripFrame[]): Buffer {
	const width = frames.reduce((sum, f) => sum + f.width, 0) + gap * (frames.length + 1);
	const height = Math.max(...frames.map((f) => f.height)) + gap + captionHeight;
	let x = gap;
	const parts = frames.map((frame, i) => {
		const part = `<image x="${x}" y="${gap}" width="${frame.width}" height="${frame.height}" href="data:image/png;base64,${frame.png.toString('base64')}"/>`
			+ `<text x="${x + frame.width / 2}" y="${gap + frame.height + 22}" text-anchor="middle" font-family="DejaVu Sans, sans-serif" font-size="15" fill="#333">${i + 1}. ${escapeXml(frame.caption)}</text>`;
		x += frame.width + gap;
		return part;
	});
	const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#ffffff"/>${parts.join('')}</svg>`;
	return Buffer.from(new Resvg(svg, { font: { loadSystemFonts: true } }).render().asPng());
}

function escapeXml(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
