/**
 * Fetches an issuer's JWKS for verification through the core's one HTTP transport
 * (timeouts, size cap, no redirects, proxy/CA dispatcher, cancel).
 */
import type { JWK } from 'jose';
import { HttpError, ResponseError } from '../errors';
import type { FetchedJwks } from './jwks-cache';
import { bodyExcerpt } from '../http/excerpt';
import { assertSafeUrl } from '../http/safe-url';
import { sendHttp, type HttpOptions } from '../http/transport';

/** HTTP options for the JWKS fetch. */
export type JwksFetchHttp = HttpOptions;

/**
 * GETs and parses a JWK Set, with the response headers that say how long to keep it.
 * Plain http only to loopback unless allowed: a swapped JWKS would make any forged
 * token "verify".
 * @throws ConfigError (unsafe URL) | HttpError (transport, non-200) | ResponseError (not a JWKS)
 */
export async function fetchJwks(uri: string, http?: JwksFetchHttp, allowInsecureHttp = false): Promise<FetchedJwks> {
  assertSafeUrl(uri, allowInsecureHttp);
  const { response } = await sendHttp(
    { method: 'GET', url: uri, headers: [{ name: 'accept', value: 'application/jwk-set+json, application/json' }] },
    http,
  );
  if (response.status !== 200) {
    throw new HttpError(
      'HTTP_STATUS',
      `The JWKS at ${uri} answered HTTP ${response.status} instead of 200. Check the issuer's jwks_uri.`,
      response.status,
    );
  }
  return { keys: parseJwks(response.json, response.body, uri), headers: response.headers };
}

/** Validates the shape of a JWK Set (an object with a `keys` array of objects). */
export function parseJwks(json: unknown, body: string, uri: string): { keys: JWK[] } {
  if (json === undefined) throw new ResponseError('RESPONSE_NOT_JSON', `The JWKS at ${uri} is not JSON.`, bodyExcerpt(body));
  const keys: unknown = typeof json === 'object' && json !== null ? (json as { keys?: unknown }).keys : undefined;
  if (!Array.isArray(keys)) throw new ResponseError('RESPONSE_INVALID', `The JWKS at ${uri} has no "keys" array.`, bodyExcerpt(body));
  return { keys: keys.filter((k): k is JWK => typeof k === 'object' && k !== null && !Array.isArray(k)) };
}
