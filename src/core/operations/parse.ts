/**
 * "Process response" half of every operation: turns an HTTP response into a typed
 * result or a typed error (SECURITY.md item 9). Never trusts the shape of a body.
 */
import { HttpError, OAuthError, ResponseError, type WorkbenchError } from '../errors';
import { bodyExcerpt } from '../http/excerpt';
import { parseChallenges, primaryChallenge } from '../http/www-authenticate';
import type { HttpResponseRecord, IntrospectionResult, TokenSet } from '../types';

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'string' ? 'a string' : typeof v;
}

/** The parsed JSON body as an object, or a ResponseError with an escaped excerpt. */
export function jsonObject(r: HttpResponseRecord, what: string): Record<string, unknown> {
  if (r.json === undefined) {
    const ct = r.headers['content-type'] ?? 'no content type';
    const kind =
      /html/i.test(ct) || /^\s*</.test(r.body)
        ? 'an HTML page'
        : r.body.trim() === ''
          ? 'an empty body'
          : `text that is not valid JSON (${ct})`;
    throw new ResponseError(
      'RESPONSE_NOT_JSON',
      `The ${what} (HTTP ${r.status}) is ${kind}, not JSON. Check the endpoint URL.`,
      bodyExcerpt(r.body),
    );
  }
  if (r.json === null || typeof r.json !== 'object' || Array.isArray(r.json)) {
    throw new ResponseError(
      'RESPONSE_INVALID',
      `The ${what} (HTTP ${r.status}) is ${describe(r.json)}, not a JSON object.`,
      bodyExcerpt(r.body),
    );
  }
  return r.json as Record<string, unknown>;
}

function invalid(what: string, field: string, problem: string, r: HttpResponseRecord | undefined, json: unknown): ResponseError {
  return new ResponseError(
    'RESPONSE_INVALID',
    `The ${what} has ${problem} "${field}".`,
    bodyExcerpt(r?.body ?? JSON.stringify(json) ?? ''),
  );
}

/**
 * Validates a token response (RFC 6749 §5.1) and stamps `received_at` / `expires_at`.
 * `access_token` must be a non-empty string, `expires_in` a number (a string is an error).
 * @throws ResponseError RESPONSE_INVALID
 */
export function tokenSetFrom(json: unknown, nowSeconds: number, r?: HttpResponseRecord): TokenSet {
  const what = 'token response';
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new ResponseError(
      'RESPONSE_INVALID',
      `The ${what} is ${describe(json)}, not a JSON object.`,
      bodyExcerpt(r?.body ?? String(JSON.stringify(json))),
    );
  }
  const o = json as Record<string, unknown>;
  if (typeof o.access_token !== 'string' || o.access_token === '') {
    throw invalid(what, 'access_token', o.access_token === undefined ? 'no' : `a non-string or empty`, r, json);
  }
  if (o.expires_in !== undefined && (typeof o.expires_in !== 'number' || !Number.isFinite(o.expires_in))) {
    throw new ResponseError(
      'RESPONSE_INVALID',
      `The ${what} has "expires_in" as ${describe(o.expires_in)} (${JSON.stringify(o.expires_in)}); RFC 6749 §5.1 requires a number of seconds.`,
      bodyExcerpt(r?.body ?? JSON.stringify(json)),
    );
  }
  for (const f of ['token_type', 'refresh_token', 'id_token', 'scope', 'issued_token_type'] as const) {
    if (o[f] !== undefined && typeof o[f] !== 'string') throw invalid(what, f, `${describe(o[f])} as`, r, json);
  }
  const set: TokenSet = { ...o, access_token: o.access_token, received_at: nowSeconds };
  if (typeof o.expires_in === 'number') set.expires_at = nowSeconds + Math.floor(o.expires_in);
  return set;
}

/**
 * Validates an RFC 7662 introspection response: an object whose `active` is a boolean.
 * @throws ResponseError RESPONSE_INVALID
 */
export function introspectionFrom(json: unknown, r?: HttpResponseRecord): IntrospectionResult {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new ResponseError(
      'RESPONSE_INVALID',
      `The introspection response is ${describe(json)}, not a JSON object.`,
      bodyExcerpt(r?.body ?? String(JSON.stringify(json))),
    );
  }
  const o = json as Record<string, unknown>;
  if (typeof o.active !== 'boolean') {
    throw new ResponseError(
      'RESPONSE_INVALID',
      `The introspection response has "active" as ${o.active === undefined ? 'missing' : `${describe(o.active)} (${JSON.stringify(o.active)})`}; RFC 7662 §2.2 requires true or false.`,
      bodyExcerpt(r?.body ?? JSON.stringify(json)),
    );
  }
  return o as IntrospectionResult;
}

/**
 * The error an unsuccessful response stands for: an OAuth error (JSON body or
 * WWW-Authenticate), or a ResponseError/HttpError describing what came instead.
 */
export function errorFromResponse(r: HttpResponseRecord, what: string): WorkbenchError {
  const json = r.json;
  if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
    const o = json as Record<string, unknown>;
    if (typeof o.error === 'string' && o.error) {
      return new OAuthError(
        o.error,
        typeof o.error_description === 'string' ? o.error_description : undefined,
        typeof o.error_uri === 'string' ? o.error_uri : undefined,
        r.status,
      );
    }
  }
  const www = primaryChallenge(parseChallenges(r.headers['www-authenticate']))?.params ?? {};
  if (www['error']) return new OAuthError(www['error'], www['error_description'], www['error_uri'], r.status);
  if (r.status === 429 || r.status === 503) {
    return new HttpError(
      'HTTP_STATUS',
      `The ${what} answered HTTP ${r.status} (${r.status === 429 ? 'too many requests' : 'unavailable'})${r.headers['retry-after'] ? `, asking to retry after ${r.headers['retry-after']}` : ''}. Retries are bounded; try again later.`,
      r.status,
    );
  }
  if (r.body.trim() === '') return new HttpError('HTTP_STATUS', `The ${what} answered HTTP ${r.status} with an empty body.`, r.status);
  try {
    jsonObject(r, `${what} error`);
  } catch (e) {
    return e as ResponseError;
  }
  return new ResponseError(
    'RESPONSE_INVALID',
    `The ${what} answered HTTP ${r.status} with JSON that is not an OAuth error (no "error" member).`,
    bodyExcerpt(r.body),
  );
}
