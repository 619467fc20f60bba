/**
 * DPoP proofs (RFC 9449 §4): a JWT with `typ: dpop+jwt` and the public `jwk` in its
 * header, claims `jti` (fresh), `htm`, `htu` (no query, no fragment), `iat`, and —
 * when the server gave one — `nonce`; for a request carrying a DPoP-bound access
 * token also `ath` (base64url SHA-256 of the token). Signed with jose.
 */
import { createHash, randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, SignJWT } from 'jose';
import { KeyError } from '../errors';
import type { LoadedKey } from '../crypto/keys';
import { assertAlgForKey, toPublicJwk } from '../crypto/keys';
import { decodeJwt } from '../crypto/jwt';
import type { AsymmetricAlg, DecodedJwt, HttpMethod } from '../types';

/** Inputs of {@link createDpopProof}. */
export interface DpopProofOptions {
  key: LoadedKey;
  /** Default: the key's first algorithm (ES256 for an EC P-256 key). */
  alg?: AsymmetricAlg;
  htm: HttpMethod;
  /** The request URL; query and fragment are removed (RFC 9449 §4.2). */
  url: string;
  nonce?: string;
  /** The access token the request carries (adds `ath`). */
  accessToken?: string;
  /** Clock, epoch seconds (tests). */
  now?: () => number;
}

/** `htu`: the URL without query and fragment (RFC 9449 §4.2). */
export function htuOf(url: string): string {
  const u = new URL(url);
  u.search = '';
  u.hash = '';
  return u.toString();
}

/** `ath`: base64url SHA-256 of the ASCII access token (RFC 9449 §4.2). */
export function accessTokenHash(accessToken: string): string {
  return createHash('sha256').update(accessToken, 'ascii').digest('base64url');
}

/** RFC 7638 thumbprint of the key's public JWK — the `jkt` a bound token's `cnf` carries. */
export function dpopJkt(key: LoadedKey): Promise<string> {
  return calculateJwkThumbprint(toPublicJwk(key.publicJwk), 'sha256');
}

/**
 * Signs a fresh DPoP proof (new `jti`, `iat` now).
 * @throws KeyError KEY_ALG_MISMATCH | KEY_PUBLIC_ONLY | KEY_UNSUPPORTED
 */
export async function createDpopProof(o: DpopProofOptions): Promise<{ jwt: string; decoded: DecodedJwt }> {
  const alg = o.alg ?? o.key.algs[0];
  if (!alg) throw new KeyError('KEY_UNSUPPORTED', 'The DPoP key cannot sign with any JWS algorithm.');
  assertAlgForKey(o.key, alg);
  if ((o.key.key as { type?: string }).type !== 'private') {
    throw new KeyError('KEY_PUBLIC_ONLY', 'The DPoP key is a public key; proofs are signed with the private key.');
  }
  const now = Math.floor((o.now ?? (() => Date.now() / 1000))());
  const claims: Record<string, string> = { htm: o.htm, htu: htuOf(o.url) };
  if (o.nonce !== undefined) claims.nonce = o.nonce;
  if (o.accessToken !== undefined) claims.ath = accessTokenHash(o.accessToken);
  let jwt: string;
  try {
    jwt = await new SignJWT(claims)
      // Only the public members: a `kid`/`use` of the stored key is not part of the proof.
      .setProtectedHeader({ typ: 'dpop+jwt', alg, jwk: toPublicJwk(o.key.publicJwk) })
      .setJti(randomUUID())
      .setIssuedAt(now)
      .sign(o.key.key);
  } catch (e) {
    throw new KeyError('KEY_UNSUPPORTED', `Signing the DPoP proof with ${alg} failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  return { jwt, decoded: decodeJwt(jwt, now) };
}
