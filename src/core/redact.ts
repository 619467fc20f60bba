/**
 * Redaction of exchanges before they are stored, logged, shown by default or copied
 * (SECURITY.md items 4, 5, 15): secret request values become `<name>` placeholders,
 * token values in responses keep only their first 6 characters.
 */
import type { Exchange, HttpRequestRecord, HttpResponseRecord, Param } from './types';

/** Response/result fields whose values are secrets. */
export const SECRET_FIELDS: ReadonlySet<string> = new Set([
  'access_token',
  'refresh_token',
  'id_token',
  'device_code',
  'code',
  'client_secret',
  'client_assertion',
  'assertion',
  'subject_token',
  'actor_token',
  'password',
  'token',
  'code_verifier',
  'registration_access_token',
]);

const KEEP = 6;

/** `abcdefghij` → `abcdef…`; short values are fully hidden. */
export function maskToken(value: string): string {
  if (value.length <= KEEP * 2) return '…';
  return `${value.slice(0, KEEP)}…`;
}

/** Deep copy of a JSON value with secret fields masked. */
export function maskJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskJson);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = SECRET_FIELDS.has(k) && typeof v === 'string' ? maskToken(v) : maskJson(v);
    }
    return out;
  }
  return value;
}

const JWT_LIKE = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const FIELD_ALT = [...SECRET_FIELDS].join('|');
const JSON_FIELD = new RegExp(`("(?:${FIELD_ALT})"\\s*:\\s*")([^"\\\\]*)`, 'g');
const FORM_FIELD = new RegExp(`((?:^|[?&\\s])(?:${FIELD_ALT})=)([^&\\s]*)`, 'g');

/**
 * Masks token-like values in arbitrary text (JSON, form-encoded or anything else):
 * known secret fields and anything that looks like a JWT.
 */
export function maskSecretsInText(text: string): string {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.stringify(maskJson(JSON.parse(trimmed)));
    } catch {
      // broken JSON: fall through to the pattern-based masking
    }
  }
  return text
    .replace(JSON_FIELD, (_m, pre: string, v: string) => `${pre}${maskToken(v)}`)
    .replace(FORM_FIELD, (_m, pre: string, v: string) => `${pre}${maskToken(v)}`)
    .replace(JWT_LIKE, (jwt) => maskToken(jwt));
}

/** Placeholder for a secret parameter value, e.g. `<client_secret>`. */
export function placeholderFor(p: Param): string {
  if (p.name.toLowerCase() === 'authorization') {
    const scheme = /^(\w+)\s/.exec(p.value)?.[1];
    if (scheme?.toLowerCase() === 'basic') return 'Basic <client_credentials>';
    if (scheme)
      return `${scheme} <${scheme.toLowerCase() === 'bearer' || scheme.toLowerCase() === 'dpop' ? 'access_token' : 'credentials'}>`;
    return '<authorization>';
  }
  return `<${p.name.toLowerCase()}>`;
}

function redactParams(params: Param[] | undefined): Param[] | undefined {
  return params?.map((p) => (p.secret ? { ...p, value: placeholderFor(p) } : { ...p }));
}

/** Copy of a request with secret values replaced by placeholders. */
export function redactRequest(r: HttpRequestRecord): HttpRequestRecord {
  const out: HttpRequestRecord = { method: r.method, url: r.url, headers: redactParams(r.headers) ?? [] };
  if (r.form) out.form = redactParams(r.form);
  return out;
}

/** Copy of a response with token values masked in the body and parsed JSON. */
export function redactResponse(r: HttpResponseRecord): HttpResponseRecord {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers)) headers[k] = k === 'set-cookie' ? '<cookies>' : v;
  const out: HttpResponseRecord = { ...r, headers, body: maskSecretsInText(r.body) };
  if ('json' in r) out.json = maskJson(r.json);
  return out;
}

/**
 * A copy of an exchange that is safe to store, log or show by default: secret
 * request values become placeholders (`<client_secret>`, `<client_assertion>`,
 * `Basic <client_credentials>`), token values in the response and result keep only
 * their first 6 characters. The decoded assertion (header and claims, no signature)
 * is kept: it is what diagnosis needs and it cannot be replayed.
 */
export function redactExchange<T>(e: Exchange<T>): Exchange<T> {
  const out: Exchange<T> = { ...e, request: redactRequest(e.request), timings: { ...e.timings } };
  if (e.response) out.response = redactResponse(e.response);
  if (e.result !== undefined) out.result = maskJson(e.result) as T;
  if (e.error) out.error = { ...e.error, ...(e.error.excerpt ? { excerpt: maskSecretsInText(e.error.excerpt) } : {}) };
  return out;
}
