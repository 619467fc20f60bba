/**
 * "Process response" half of every operation: turns an HTTP response into a typed
 * result or a typed error (SECURITY.md item 9). Never trusts the shape of a body.
 */
import { HttpError, OAuthError, ResponseError, type WorkbenchError } from '../errors';
import { bodyExcerpt } from '../http/excerpt';
import type { HttpResponseRecord, IntrospectionResult, TokenSet } from '../types';
import { readServerAnswer } from './server-answer';

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
 * A number sent as a decimal string (`"3600"`, Azure AD v1 style): its value, else undefined.
 * The diagnosis warns about it (RESPONSE_TYPE_COERCED); the raw body keeps the string.
 */
export function numericString(v: unknown): number | undefined {
  if (typeof v !== 'string' || v.length > 20 || !/^\s*\d+(\.\d+)?\s*$/.test(v)) return undefined;
  return Number(v);
}

/** `"true"` / `"false"` (any case, trimmed) as a boolean, else undefined. */
export function booleanString(v: unknown): boolean | undefined {
  if (typeof v !== 'string' || v.length > 10) return undefined;
  const t = v.trim().toLowerCase();
  return t === 'true' ? true : t === 'false' ? false : undefined;
}

/**
 * Validates a token response (RFC 6749 §5.1) and stamps `received_at` / `expires_at`.
 * `access_token` must be a non-empty string; `expires_in` a number, or a decimal string
 * that is read leniently (the set then holds the number).
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
  const expiresIn = typeof o.expires_in === 'number' ? o.expires_in : numericString(o.expires_in);
  if (o.expires_in !== undefined && (expiresIn === undefined || !Number.isFinite(expiresIn))) {
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
  if (expiresIn !== undefined) {
    set.expires_in = expiresIn;
    set.expires_at = nowSeconds + Math.floor(expiresIn);
  }
  return set;
}

/**
 * Validates an RFC 7662 introspection response: an object whose `active` is a boolean,
 * or the string "true"/"false" read leniently (the result then holds the boolean).
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
  const active = typeof o.active === 'boolean' ? o.active : booleanString(o.active);
  if (active === undefined) {
    throw new ResponseError(
      'RESPONSE_INVALID',
      `The introspection response has "active" as ${o.active === undefined ? 'missing' : `${describe(o.active)} (${JSON.stringify(o.active)})`}; RFC 7662 §2.2 requires true or false.`,
      bodyExcerpt(r?.body ?? JSON.stringify(json)),
    );
  }
  return { ...o, active };
}

/**
 * The error an unsuccessful response stands for, read through {@link readServerAnswer}
 * (every common error shape): an OAuth error when the server named a code anywhere (JSON,
 * nested, list, problem+json, text, form, WWW-Authenticate); otherwise an HttpError
 * HTTP_STATUS quoting the server's own words and challenge, or a ResponseError for an
 * HTML page. The raw body stays on the response record.
 */
export function errorFromResponse(r: HttpResponseRecord, what: string): WorkbenchError {
  const a = readServerAnswer(r);
  if (a.error) return new OAuthError(a.error, a.description, a.uri, r.status);
  if (r.status === 429 || r.status === 503) {
    return new HttpError(
      'HTTP_STATUS',
      `The ${what} answered HTTP ${r.status} (${r.status === 429 ? 'too many requests' : 'unavailable'})${r.headers['retry-after'] ? `, asking to retry after ${r.headers['retry-after']}` : ''}. Retries are bounded; try again later.`,
      r.status,
    );
  }
  if (a.shape === 'html') {
    try {
      jsonObject(r, `${what} error`);
    } catch (e) {
      return e as ResponseError;
    }
  }
  const challenge = a.challenges.length ? ` and WWW-Authenticate: ${a.challenges.map((c) => c.scheme).join(', ')}` : '';
  const said = a.description ? `: "${bodyExcerpt(a.description)}"` : '';
  return new HttpError(
    'HTTP_STATUS',
    `The ${what} answered HTTP ${r.status} with ${a.source === 'empty body' ? 'an empty body' : `a ${a.source}`}${challenge}, and no OAuth error code${said}.`,
    r.status,
  );
}
