import * as assert from 'node:assert/strict';
import { localeOf, numberFormats } from '../../../webview/format';

/** Intl puts no-break spaces between a number and its unit; the expectations are easier read with plain ones. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('webview number formats', () => {
	it('writes English figures as before', () => {
		const en = numberFormats('en');
		assert.deepEqual([en.integer(12345), en.usd(0), en.usd(0.00004), en.usd(0.0012), en.usd(12.4), en.duration(420), en.duration(1500)].map(plain),
			['12,345', '$0.00', '<$0.0001', '$0.0012', '$12.40', '420 ms', '1.5 s']);
	});

	it('writes German figures the German way', () => {
		const de = numberFormats('de');
		assert.deepEqual([de.integer(12345), de.usd(0), de.usd(0.0012), de.usd(12.4), de.duration(420), de.duration(1500)].map(plain),
			['12.345', '0,00 $', '0,0012 $', '12,40 $', '420 ms', '1,5 s']);
	});

	it('falls back to English for a missing or malformed language', () => {
		assert.equal(localeOf(undefined), 'en');
		assert.equal(localeOf(''), 'en');
		assert.equal(localeOf('not a tag!'), 'en');
		assert.equal(localeOf('de'), 'de');
		assert.equal(localeOf('zh-cn'), 'zh-cn');
	});
});
