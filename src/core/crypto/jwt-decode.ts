/**
 * JWT decode: header + claims, NOT verified, time claims annotated. Apart from jwt.ts
 * (verification), so that what only decodes (the tree, the status bar) loads neither
 * jose's verifier nor the HTTP client that fetches key sets.
 */
// jose's decode subpaths, not its index: the index pulls its verifier and key import into
// what activation loads (about 16 KB; test/unit/bundle-split.test.ts).
import { decodeProtectedHeader } from 'jose/decode/protected_header';
import { decodeJwt as joseDecodeJwt } from 'jose/jwt/decode';
import { JwtError } from '../errors';
import { jsonShape, MAX_JSON_DEPTH, MAX_JSON_MEMBERS } from '../json-limits';
import type { DecodedJwt } from '../types';
import { isoTime, relativeTime } from './time-format';

/** Claims annotated with absolute and relative times. */
export const TIME_CLAIMS = ['exp', 'iat', 'nbf', 'auth_time'] as const;

export const now = (): number => Math.floor(Date.now() / 1000);

/**
 * The compact JWS in `token` (trimmed, without a `Bearer ` prefix) once its shape is safe
 * to hand to jose: bounded length, three base64url parts, header and payload JSON within
 * json-limits.ts. Linear in the input; parses nothing.
 * @throws JwtError JWT_MALFORMED, with what exactly is wrong (also for an encrypted JWE).
 */
export function checkedCompactJwt(token: string): string {
  if (typeof token !== 'string') throw new JwtError('JWT_MALFORMED', 'Not a JWT: expected a string.');
  if (token.length > MAX_JWT_LENGTH) {
    throw new JwtError(
      'JWT_MALFORMED',
      `Not a JWT this workbench decodes: it is ${token.length} characters long (limit ${MAX_JWT_LENGTH}).`,
    );
  }
  const t = token.trim().replace(/^Bearer\s+/i, '');
  if (t === '') throw new JwtError('JWT_MALFORMED', 'Not a JWT: the input is empty.');
  const dots = countDots(t, 5);
  if (dots === 4) {
    throw new JwtError(
      'JWT_MALFORMED',
      "This is an encrypted JWT (JWE, 5 parts). Its claims can only be read by decrypting it with the recipient's private key; the workbench does not decrypt tokens.",
    );
  }
  if (dots !== 2) {
    const parts = dots + 1;
    throw new JwtError(
      'JWT_MALFORMED',
      `Not a JWT: a signed JWT has 3 dot-separated parts (header.payload.signature), this has ${parts > 5 ? 'more than 5' : parts}. ` +
        (parts === 1 ? 'It may be an opaque token, which only the issuer can introspect.' : 'It may have been cut while copying.'),
    );
  }
  if (!/^[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/.test(t)) {
    throw new JwtError(
      'JWT_MALFORMED',
      'Not a JWT: a part contains characters outside base64url (A-Z a-z 0-9 - _). Check for spaces, quotes or line breaks pasted with it.',
    );
  }
  const [h = '', p = ''] = t.split('.', 2);
  assertDecodable(h, 'first part (header)');
  assertDecodable(p, 'second part (payload)');
  return t;
}

/**
 * Decodes a compact JWS JWT without verifying it. Time claims (`exp`, `iat`, `nbf`,
 * `auth_time`) are annotated as epoch, ISO and relative ("in 42 min", "3 h ago").
 * @throws JwtError JWT_MALFORMED, with what exactly is wrong (also for an encrypted JWE).
 */
export function decodeJwt(token: string, nowSeconds: number = now()): DecodedJwt {
  const t = checkedCompactJwt(token);
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

/**
 * Longest token decoded: 2 MiB, twice the response cap. No server can send a longer one
 * through the transport; a pasted or hand-built one may be longer than a response, but a
 * bound keeps a hundred-megabyte paste from being decoded at all.
 */
export const MAX_JWT_LENGTH = 2 * 1024 * 1024;

/** Dots in `t`, counting no further than `max` (a pasted megabyte of dots is not split). */
function countDots(t: string, max: number): number {
  let n = 0;
  for (let i = t.indexOf('.'); i !== -1 && n < max; i = t.indexOf('.', i + 1)) n++;
  return n;
}

/**
 * Refuses a part whose JSON is nested or sized beyond json-limits.ts before jose parses it:
 * `JSON.parse` of a deeply nested payload blocks the event loop (SECURITY.md 18).
 */
function assertDecodable(part: string, what: string): void {
  const shape = jsonShape(Buffer.from(part, 'base64url').toString('utf8'));
  if (shape !== 'ok') {
    throw new JwtError(
      'JWT_MALFORMED',
      `The ${what} is JSON ${shape === 'too deep' ? `nested deeper than ${MAX_JSON_DEPTH} levels` : `with more than ${MAX_JSON_MEMBERS} values`}; no JWT needs that, so it is not decoded.`,
    );
  }
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
