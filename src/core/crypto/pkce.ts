/** PKCE (RFC 7636, S256 only) and random `state`/`nonce` values. */
import { createHash, randomBytes } from 'node:crypto';

/** S256 code challenge of a verifier: BASE64URL(SHA256(ASCII(verifier))). */
export function s256Challenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** A fresh PKCE pair: 32 random bytes → 43-char verifier, its S256 challenge. */
export function createPkce(): { verifier: string; challenge: string; method: 'S256' } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: s256Challenge(verifier), method: 'S256' };
}

/** An unguessable `state` (also used for `nonce`): 32 random bytes, base64url. */
export function randomState(): string {
  return randomBytes(32).toString('base64url');
}
