/**
 * JWT decode: header + claims, NOT verified, time claims annotated. Apart from jwt.ts
 * (verification), so that what only decodes (the tree, the status bar) loads neither
 * jose's verifier nor the HTTP client that fetches key sets.
 */
import { decodeJwt as joseDecodeJwt, decodeProtectedHeader } from 'jose';
import { JwtError } from '../errors';
import type { DecodedJwt } from '../types';
import { isoTime, relativeTime } from './time-format';

/** Claims annotated with absolute and relative times. */
export const TIME_CLAIMS = ['exp', 'iat', 'nbf', 'auth_time'] as const;

export const now = (): number => Math.floor(Date.now() / 1000);

/**
 * Decodes a compact JWS JWT without verifying it. Time claims (`exp`, `iat`, `nbf`,
 * `auth_time`) are annotated as epoch, ISO and relative ("in 42 min", "3 h ago").
 * @throws JwtError JWT_MALFORMED, with what exactly is wrong (also for an encrypted JWE).
 */
export function decodeJwt(token: string, nowSeconds: number = now()): DecodedJwt {
  if (typeof token !== 'string') throw new JwtError('JWT_MALFORMED', 'Not a JWT: expected a string.');
  const t = token.trim().replace(/^Bearer\s+/i, '');
  if (t === '') throw new JwtError('JWT_MALFORMED', 'Not a JWT: the input is empty.');
  const parts = t.split('.');
  if (parts.length === 5) {
    throw new JwtError(
      'JWT_MALFORMED',
      "This is an encrypted JWT (JWE, 5 parts). Its claims can only be read by decrypting it with the recipient's private key; the workbench does not decrypt tokens.",
    );
  }
  if (parts.length !== 3) {
    throw new JwtError(
      'JWT_MALFORMED',
      `Not a JWT: a signed JWT has 3 dot-separated parts (header.payload.signature), this has ${parts.length}. ` +
        (parts.length === 1 ? 'It may be an opaque token, which only the issuer can introspect.' : 'It may have been cut while copying.'),
    );
  }
  const [h, p] = parts;
  const b64url = /^[A-Za-z0-9_-]*$/;
  if (!b64url.test(h ?? '') || !b64url.test(p ?? '') || !b64url.test(parts[2] ?? '')) {
    throw new JwtError(
      'JWT_MALFORMED',
      'Not a JWT: a part contains characters outside base64url (A-Z a-z 0-9 - _). Check for spaces, quotes or line breaks pasted with it.',
    );
  }
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(t);
  } catch {
    throw new JwtError('JWT_MALFORMED', 'Not a JWT: the first part (header) is not base64url-encoded JSON.');
  }
  let claims: Record<string, unknown>;
  try {
    claims = joseDecodeJwt(t);
  } catch {
    throw new JwtError('JWT_MALFORMED', 'The second part (payload) is not a base64url-encoded JSON object, so this JWS is not a JWT.');
  }
  return { header, claims, times: annotateTimes(claims, nowSeconds), verified: false };
}

/** Epoch, ISO and relative time for each numeric time claim. */
export function annotateTimes(claims: Record<string, unknown>, nowSeconds: number): DecodedJwt['times'] {
  const times: DecodedJwt['times'] = {};
  for (const name of TIME_CLAIMS) {
    const v = claims[name];
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    const iso = isoTime(v);
    if (iso === undefined) continue;
    times[name] = { epoch: v, iso, relative: relativeTime(v, nowSeconds) };
  }
  return times;
}
