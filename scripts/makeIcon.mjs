// Draws the marketplace icon (media/icon.png, 128x128) from the activity-bar glyph in
// media/flux.svg: the same strokes, white on a rounded tile. Run it after changing the glyph:
// `node scripts/makeIcon.mjs`; the PNG is committed, so packaging never needs this script.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const glyph = readFileSync(join(root, 'media', 'flux.svg'), 'utf8');
// The glyph's shapes, without its own <svg> wrapper (a 24x24 box drawn in currentColor).
const shapes = glyph.replace(/^[\s\S]*?<svg[^>]*>/, '').replace(/<\/svg>\s*$/, '');

const size = 128;
const tile = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">
	<defs>
		<linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
			<stop offset="0" stop-color="#3b5bdb"/>
			<stop offset="1" stop-color="#7048e8"/>
		</linearGradient>
	</defs>
	<rect x="4" y="4" width="120" height="120" rx="26" fill="url(#bg)"/>
	<g transform="translate(14 14) scale(${100 / 24})" fill="none" stroke="#ffffff" stroke-width="1.9" stroke-linecap="round" stroke-linejoin="round">${shapes}</g>
</svg>`;

const png = new Resvg(tile, { fitTo: { mode: 'width', value: size } }).render().asPng();
writeFileSync(join(root, 'media', 'icon.png'), png);
console.log(`media/icon.png: ${size}x${size}, ${png.length} bytes`);
