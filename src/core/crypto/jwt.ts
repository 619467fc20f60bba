/**
 * JWT verify (signature against the issuer's JWKS, `iss`/`aud`/`exp`/`nbf` with clock
 * tolerance); decoding is jwt-decode.ts. jose does the JOSE work; this module turns
 * its failures into plain-language errors.
 */
import { createLocalJWKSet, errors as joseErrors, jwtVerify } from 'jose';
import type { JWK, JWTVerifyGetKey, JWTVerifyOptions, JWTVerifyResult } from 'jose';
import { ConfigError, JwtError, toErrorInfo, type ErrorInfo } from '../errors';
import { assertSafeUrl } from '../http/safe-url';
import type { DecodedJwt } from '../types';
import { sharedJwksCache, type JwksCache } from './jwks-cache';
import { fetchJwks } from './jwks-fetch';
import type { JwksFetchHttp } from './jwks-fetch';
import { checkedCompactJwt, decodeJwt, now } from './jwt-decode';
import { duration } from './time-format';

export { annotateTimes, decodeJwt, TIME_CLAIMS } from './jwt-decode';

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
  /**
   * Where `jwksUri` key sets are kept between calls (fetched once per TTL, refetched
   * once on an unknown `kid`); default: one cache shared by the core.
   */
  jwksCache?: JwksCache;
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
  let jwt: string;
  try {
    jwt = checkedCompactJwt(token);
  } catch (e) {
    return { verified: false, header: {}, claims: {}, error: toErrorInfo(e) };
  }
  const options: JWTVerifyOptions = { issuer: o.issuer, clockTolerance: tolerance, currentDate: new Date(nowSeconds * 1000) };
  if (o.audience !== undefined) options.audience = o.audience;
  if (o.algorithms) options.algorithms = o.algorithms.filter((a) => a.toLowerCase() !== 'none');
  let failure: unknown;
  try {
    // A verified token's header and claims are jose's: decoding it again would cost as much as
    // the rest of the call (issue 12 measured 1.5x jose); only a failure is decoded to explain it.
    const { protectedHeader, payload } = await verifySignature(jwt, o, options);
    return { verified: true, header: { ...protectedHeader }, claims: { ...payload } };
  } catch (e) {
    failure = e;
  }
  let decoded: DecodedJwt;
  try {
    decoded = decodeJwt(jwt, nowSeconds);
  } catch (e) {
    return { verified: false, header: {}, claims: {}, error: toErrorInfo(e) };
  }
  const base = { header: decoded.header, claims: decoded.claims };
  if (!isJoseError(failure)) return { verified: false, ...base, error: toErrorInfo(failure) };
  return {
    verified: false,
    ...base,
    error: toErrorInfo(new JwtError('JWT_INVALID', explainJoseFailure(failure, decoded, o, nowSeconds, tolerance))),
  };
}

/** jose's verification against the inline key set or the cached `jwks_uri` set (refetched once for an unknown kid). */
async function verifySignature(jwt: string, o: VerifyOptions, options: JWTVerifyOptions): Promise<JWTVerifyResult> {
  if (o.jwks) return jwtVerify(jwt, localKeySet(o.jwks), options);
  const uri = o.jwksUri as string;
  const cache = o.jwksCache ?? sharedJwksCache;
  // Checked on every call, cached or not: the cache must not lend an http URI to a caller that refuses it.
  assertSafeUrl(uri, o.allowInsecureHttp);
  const load = (): ReturnType<typeof fetchJwks> => fetchJwks(uri, o.http, o.allowInsecureHttp);
  const cached = await cache.get(uri, load);
  try {
    return await jwtVerify(jwt, cached.getKey, options);
  } catch (e) {
    if (!(e instanceof joseErrors.JWKSNoMatchingKey)) throw e;
    // The issuer may have rotated its keys since the set was fetched: look once more.
    const fresh = await cache.refetchForUnknownKid(uri, load);
    if (!fresh) throw e;
    return jwtVerify(jwt, fresh.getKey, options);
  }
}

/** A key set given inline, made once per object (jose's local key set caches the keys it imports). */
const localKeySets = new WeakMap<object, JWTVerifyGetKey>();
function localKeySet(jwks: { keys: JWK[] }): JWTVerifyGetKey {
  let getKey = localKeySets.get(jwks);
  if (!getKey) {
    getKey = createLocalJWKSet(jwks);
    localKeySets.set(jwks, getKey);
  }
  return getKey;
}

/** jose's own failures (bad token, no key) are explained; ours (fetch, unsafe URL) are reported as they are. */
function isJoseError(e: unknown): boolean {
  return e instanceof joseErrors.JOSEError;
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
