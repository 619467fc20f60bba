/**
 * Fetches an issuer's JWKS for verification. TEMPORARY: until the core's HTTP layer
 * (src/core/http) lands, this uses undici directly with a timeout and size cap.
 */
import { request } from 'undici';
import type { JWK } from 'jose';
import { HttpError, ResponseError } from '../errors';

/** HTTP options for the JWKS fetch (the core's HttpOptions once available). */
export type JwksFetchHttp = { signal?: AbortSignal };

const MAX_BYTES = 1024 * 1024;

export async function fetchJwks(uri: string, http?: JwksFetchHttp): Promise<{ keys: JWK[] }> {
  const res = await request(uri, { method: 'GET', headers: { accept: 'application/json' }, headersTimeout: 10_000, bodyTimeout: 10_000, signal: http?.signal }).catch(
    (e: unknown) => {
      throw new HttpError('HTTP_NETWORK', `Could not fetch the JWKS from ${uri}: ${e instanceof Error ? e.message : String(e)}`);
    },
  );
  const text = await res.body.text();
  if (text.length > MAX_BYTES) throw new HttpError('HTTP_TOO_LARGE', `The JWKS at ${uri} is larger than 1 MiB.`);
  if (res.statusCode !== 200) throw new HttpError('HTTP_STATUS', `The JWKS at ${uri} answered HTTP ${res.statusCode}.`, res.statusCode);
  return parseJwks(text, uri);
}

export function parseJwks(text: string, uri: string): { keys: JWK[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ResponseError('RESPONSE_NOT_JSON', `The JWKS at ${uri} is not JSON.`, text.slice(0, 200));
  }
  const keys = (json as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) throw new ResponseError('RESPONSE_INVALID', `The JWKS at ${uri} has no "keys" array.`, text.slice(0, 200));
  return { keys: keys.filter((k): k is JWK => typeof k === 'object' && k !== null) };
}
