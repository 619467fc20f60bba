/**
 * Redaction of exchanges before they are stored, logged, shown or copied (SECURITY.md
 * 4, 5, 15, 19): secret request values become `<name>` placeholders; in everything the
 * server sent (body, headers, parsed JSON, result) and in the error, the exchange's own
 * secrets are masked by value in every encoding, secret-named fields by name and every
 * JWT-shaped value by shape.
 */
import type { ErrorInfo } from '../errors';
import type { Exchange, HttpRequestRecord, HttpResponseRecord, Param } from '../types';
import { callSecrets } from './call-secrets';
import { Scrubber } from './scrubber';

/** Placeholder for a secret parameter value, e.g. `<client_secret>`, `Basic <client_credentials>`. */
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

function redactParams(params: Param[] | undefined, s: Scrubber): Param[] | undefined {
  return params?.map((p) => (p.secret ? { ...p, value: placeholderFor(p) } : { ...p, value: s.plain(p.value) }));
}

/** Copy of a request with secret values replaced by placeholders (and anything secret-shaped elsewhere masked). */
export function redactRequest(r: HttpRequestRecord, scrubber: Scrubber = Scrubber.none): HttpRequestRecord {
  const out: HttpRequestRecord = { method: r.method, url: scrubber.plain(r.url), headers: redactParams(r.headers, scrubber) ?? [] };
  if (r.form) out.form = redactParams(r.form, scrubber);
  return out;
}

/** Copy of a response with secrets masked in the headers, the body and the parsed JSON. */
export function redactResponse(r: HttpResponseRecord, scrubber: Scrubber = Scrubber.none): HttpResponseRecord {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers)) headers[k] = k === 'set-cookie' ? '<cookies>' : scrubber.plain(v);
  const out: HttpResponseRecord = { ...r, headers, body: scrubber.text(r.body) };
  if (r.statusText !== undefined) out.statusText = scrubber.plain(r.statusText);
  if ('json' in r) out.json = scrubber.json(r.json);
  return out;
}

/** Copy of an error record with every text scrubbed. */
export function redactError(e: ErrorInfo, scrubber: Scrubber = Scrubber.none): ErrorInfo {
  const out: ErrorInfo = { ...e, message: scrubber.plain(e.message) };
  if (e.excerpt !== undefined) out.excerpt = scrubber.plain(e.excerpt);
  if (e.oauth) {
    out.oauth = { error: scrubber.plain(e.oauth.error) };
    if (e.oauth.errorDescription !== undefined) out.oauth.errorDescription = scrubber.plain(e.oauth.errorDescription);
    if (e.oauth.errorUri !== undefined) out.oauth.errorUri = scrubber.plain(e.oauth.errorUri);
  }
  return out;
}

/** The scrubber for an exchange: the secrets it carries and received, plus `extra` (e.g. the call's scrubber). */
export function scrubberFor(e: Exchange<unknown>, extra: Scrubber = Scrubber.none): Scrubber {
  return extra.with(callSecrets({ request: e.request, ...(e.response ? { response: e.response } : {}), result: e.result }));
}

/**
 * The exchange with `scrubber`'s secrets replaced by value in everything the server
 * sent (headers, body, parsed JSON), the result and the error — nothing else masked, so
 * the record stays usable (tokens, request). For texts that must keep their meaning
 * for the code reading them (diagnosis rules, the caller's raw record).
 */
export function withoutSecretValues<T>(e: Exchange<T>, scrubber: Scrubber): Exchange<T> {
  if (!scrubber.hasSecrets) return e;
  const out: Exchange<T> = { ...e };
  if (e.response) {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(e.response.headers)) headers[k] = scrubber.values(v);
    out.response = { ...e.response, headers, body: scrubber.values(e.response.body) };
    if ('json' in e.response) out.response.json = scrubber.valuesDeep(e.response.json);
  }
  if (e.result !== undefined) out.result = scrubber.valuesDeep(e.result) as T;
  if (e.error) out.error = scrubber.valuesDeep(e.error) as ErrorInfo;
  return out;
}

const KNOWN = new Set(['id', 'operation', 'profileId', 'request', 'response', 'timings', 'assertion', 'error', 'result', 'attempts']);

/**
 * A copy of an exchange that is safe to store, log or show by default: secret
 * request values become placeholders (`<client_secret>`, `<client_assertion>`,
 * `Basic <client_credentials>`); the exchange's own secrets are masked by value
 * wherever the server echoed them; token values keep only their first 6 characters.
 * The decoded assertion (header and claims, no signature) is kept: it is what
 * diagnosis needs and it cannot be replayed. Idempotent.
 * @param scrubber secrets beyond those the exchange carries (the call's client secret or key)
 */
export function redactExchange<T>(e: Exchange<T>, scrubber: Scrubber = Scrubber.none): Exchange<T> {
  const s = scrubberFor(e, scrubber);
  const out: Exchange<T> = { ...e, request: redactRequest(e.request, s), timings: { ...e.timings } };
  // Fields other operations add (the introspection JWT's verification) are scrubbed as JSON.
  const extra = e as unknown as Record<string, unknown>;
  for (const k of Object.keys(e)) if (!KNOWN.has(k)) (out as unknown as Record<string, unknown>)[k] = s.json(extra[k]);
  if (e.response) out.response = redactResponse(e.response, s);
  if (e.result !== undefined) out.result = s.json(e.result) as T;
  if (e.error) out.error = redactError(e.error, s);
  return out;
}

/** Masks secret fields and JWT-shaped values in arbitrary text (JSON, form-encoded or anything else). */
export function maskSecretsInText(text: string): string {
  return Scrubber.none.text(text);
}

/** Deep copy of a JSON value with secret fields and JWT-shaped strings masked. */
export function maskJson(value: unknown): unknown {
  return Scrubber.none.json(value);
}
