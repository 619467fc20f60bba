/**
 * JWT decode (header + claims, NOT verified, time claims annotated) and verify
 * (signature against the issuer's JWKS, `iss`/`aud`/`exp`/`nbf` with clock tolerance).
 * jose does the JOSE work; this module turns its failures into plain-language errors.
 */
import { createLocalJWKSet, decodeJwt as joseDecodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify } from 'jose';
import type { JWK, JWTVerifyOptions } from 'jose';
import { ConfigError, JwtError, toErrorInfo, type ErrorInfo } from '../errors';
import type { DecodedJwt } from '../types';
import { fetchJwks } from './jwks-fetch';
import type { JwksFetchHttp } from './jwks-fetch';
import { duration, isoTime, relativeTime } from './time-format';
import { jsonShape, MAX_JSON_DEPTH, MAX_JSON_MEMBERS } from '../json-limits';

/** Claims annotated with absolute and relative times. */
export const TIME_CLAIMS = ['exp', 'iat', 'nbf', 'auth_time'] as const;

const now = (): number => Math.floor(Date.now() / 1000);

/**
 * Decodes a compact JWS JWT without verifying it. Time claims (`exp`, `iat`, `nbf`,
 * `auth_time`) are annotated as epoch, ISO and relative ("in 42 min", "3 h ago").
 * @throws JwtError JWT_MALFORMED, with what exactly is wrong (also for an encrypted JWE).
 */
export function decodeJwt(token: string, nowSeconds: number = now()): DecodedJwt {
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
  const [h = '', p = ''] = t.split('.');
  assertDecodable(h, 'first part (header)');
  assertDecodable(p, 'second part (payload)');
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

/** Options for {@link verifyJwt}. Give `jwks` (a key set) or `jwksUri` (fetched through the core's HTTP layer). */
export interface VerifyOptions {
  issuer: string;
  audience?: string | string[];
  /** Allowed clock skew for `exp`/`nbf`, default 30 s. */
  clockToleranceSeconds?: number;
  jwks?: { keys: JWK[] };
  jwksUri?: string;
  /** Transport options (dispatcher, timeouts, cancel) for the `jwksUri` fetch. */
  http?: JwksFetchHttp;
  /** Allow a plain-http `jwksUri` to a non-loopback host (default false). */
  allowInsecureHttp?: boolean;
  /** Accepted `alg` values (default: any asymmetric algorithm the JWKS supports; never `none`). */
  algorithms?: string[];
  nowSeconds?: number;
}

/** Outcome of {@link verifyJwt}; header and claims are filled even when verification fails. */
export interface VerifyResult {
  verified: boolean;
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** Why it did not verify (JWT_MALFORMED, JWT_INVALID, or the JWKS fetch failure). */
  error?: ErrorInfo;
}

/**
 * Verifies a JWT's signature against the issuer's JWKS and its `iss`, `aud`, `exp`,
 * `nbf` (with clock tolerance). Resolves a result; never rejects for a bad token.
 * @throws ConfigError CONFIG_INVALID when neither `jwks` nor `jwksUri` is given.
 */
export async function verifyJwt(token: string, o: VerifyOptions): Promise<VerifyResult> {
  if (!o.jwks && !o.jwksUri)
    throw new ConfigError('CONFIG_INVALID', "Cannot verify a JWT without the issuer's keys: give a JWKS or the jwks_uri.");
  const nowSeconds = o.nowSeconds ?? now();
  const tolerance = o.clockToleranceSeconds ?? 30;
  let decoded: DecodedJwt;
  try {
    decoded = decodeJwt(token, nowSeconds);
  } catch (e) {
    return { verified: false, header: {}, claims: {}, error: toErrorInfo(e) };
  }
  const base = { header: decoded.header, claims: decoded.claims };
  let jwks: { keys: JWK[] };
  if (o.jwks) jwks = o.jwks;
  else {
    try {
      jwks = await fetchJwks(o.jwksUri as string, o.http, o.allowInsecureHttp);
    } catch (e) {
      return { verified: false, ...base, error: toErrorInfo(e) };
    }
  }
  const options: JWTVerifyOptions = { issuer: o.issuer, clockTolerance: tolerance, currentDate: new Date(nowSeconds * 1000) };
  if (o.audience !== undefined) options.audience = o.audience;
  if (o.algorithms) options.algorithms = o.algorithms.filter((a) => a.toLowerCase() !== 'none');
  try {
    await jwtVerify(token.trim().replace(/^Bearer\s+/i, ''), createLocalJWKSet(jwks), options);
    return { verified: true, ...base };
  } catch (e) {
    return {
      verified: false,
      ...base,
      error: toErrorInfo(new JwtError('JWT_INVALID', explainJoseFailure(e, decoded, o, nowSeconds, tolerance))),
    };
  }
}

function show(v: unknown): string {
  if (v === undefined) return '(missing)';
  return JSON.stringify(v);
}

/** jose's reason, rewritten to say what is wrong and what was expected. */
function explainJoseFailure(e: unknown, d: DecodedJwt, o: VerifyOptions, nowSeconds: number, tolerance: number): string {
  const c = d.claims;
  const tol = `clock tolerance ${tolerance} s`;
  if (e instanceof joseErrors.JWTExpired) {
    const exp = d.times['exp'];
    return exp
      ? `The token expired ${duration(nowSeconds - exp.epoch)} ago (exp ${exp.iso}, ${tol}). Get a new token.`
      : `The token is expired (${tol}).`;
  }
  if (e instanceof joseErrors.JWTClaimValidationFailed) {
    switch (e.claim) {
      case 'iss':
        return `Wrong issuer: iss is ${show(c['iss'])}, expected ${show(o.issuer)}. The token was issued by another server or the profile's issuer is wrong.`;
      case 'aud':
        return `Wrong audience: aud is ${show(c['aud'])}, expected ${Array.isArray(o.audience) ? `one of ${show(o.audience)}` : show(o.audience)}.`;
      case 'nbf': {
        const nbf = d.times['nbf'];
        return nbf
          ? `The token is not valid yet: nbf is ${nbf.iso} (${nbf.relative}, ${tol}). Check the clocks of this machine and the server.`
          : `The token's "nbf" claim is invalid (${e.reason}).`;
      }
      case 'exp':
        return `The token's "exp" claim is invalid: it must be a number (${e.reason}).`;
      case 'iat':
        return `The token's "iat" claim is invalid (${e.reason}).`;
      default:
        return `Claim "${e.claim}" failed validation: ${e.message}.`;
    }
  }
  const kid = d.header['kid'];
  const alg = d.header['alg'];
  if (e instanceof joseErrors.JWSSignatureVerificationFailed) {
    return `The signature does not verify with the issuer's key${kid ? ` (kid ${show(kid)})` : ''}: the token was altered or signed by another key.`;
  }
  if (e instanceof joseErrors.JWKSNoMatchingKey) {
    return `No key in the issuer's JWKS matches this token (kid ${show(kid)}, alg ${show(alg)}). The issuer may have rotated its keys, or the token comes from another issuer.`;
  }
  if (e instanceof joseErrors.JWKSMultipleMatchingKeys) {
    return `Several keys in the issuer's JWKS match this token (kid ${show(kid)}) and none verified it.`;
  }
  if (e instanceof joseErrors.JOSEAlgNotAllowed) {
    return `Algorithm ${show(alg)} is not allowed${o.algorithms ? ` (allowed: ${o.algorithms.join(', ')})` : ''}.`;
  }
  if (e instanceof joseErrors.JOSENotSupported) {
    return `Algorithm ${show(alg)} is not supported for verification (${e.message}).`;
  }
  if (e instanceof joseErrors.JWKSInvalid) return "The issuer's JWKS is not a valid JWK Set.";
  if (e instanceof joseErrors.JWTInvalid || e instanceof joseErrors.JWSInvalid) return `The JWT is invalid: ${e.message}.`;
  return `The JWT did not verify: ${e instanceof Error ? e.message : String(e)}.`;
}
