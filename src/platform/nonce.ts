import { randomBytes } from 'node:crypto';

/** A per-load script nonce from crypto randomness (never Math.random: the CSP relies on it). */
export function createNonce(): string {
	return randomBytes(18).toString('base64');
}
