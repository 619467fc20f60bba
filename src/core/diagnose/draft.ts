/**
 * DraftRequest: a request that may not have been sent yet (pasted curl, a panel
 * draft, or the request record of an Exchange), in the shape the rules read.
 */
import type { HttpRequestRecord, Param } from '../types';
import { SECRET_FIELDS } from '../redaction/secret-names';

/** How the body of a draft was written (OAuth endpoints expect `form`). */
export type DraftBodyFormat = 'none' | 'form' | 'json' | 'multipart' | 'other';

/**
 * A request to diagnose. `url` carries no query string: query parameters are in
 * `query`. Secret values are marked `secret: true` and must never be echoed.
 */
export interface DraftRequest {
  method: string;
  /** Scheme, host and path; placeholders such as `{yourOktaDomain}` are kept as-is. */
  url: string;
  headers: Param[];
  /** Body parameters (form-encoded, or the top-level fields of a JSON body). */
  form: Param[];
  query?: Param[];
  /** What the body looked like; absent means form (or no body). */
  bodyFormat?: DraftBodyFormat;
  /** Things the importer ignored or could not represent (unknown curl options, `@file` data). */
  warnings?: string[];
  /**
   * Pasted curl only: lines where a backslash with no space before it glued the previous
   * word to the next line's option (`'…/introspect'\` then `--header`). Bash joins them;
   * the importer read them apart, as meant. `wouldCall`: the URL curl would request.
   */
  gluedLines?: Array<{ line: number; wouldCall?: string }>;
}

/** Header names whose values are credentials (parameter names: the redaction's one list, SECRET_FIELDS). */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'dpop']);

/** True when a form/query parameter of this name carries a credential. */
export function isSecretParam(name: string): boolean {
  return SECRET_FIELDS.has(name.toLowerCase());
}

/** True when a header of this name carries a credential. */
export function isSecretHeader(name: string): boolean {
  const n = name.toLowerCase();
  return SECRET_HEADERS.has(n) || /token|secret|api[-_]?key|password/.test(n);
}

/** Splits `a=1&b=2` into decoded params (`+` is a space), marking secrets. */
export function parseUrlEncoded(text: string): Param[] {
  const out: Param[] = [];
  for (const part of text.split('&')) {
    if (part === '') continue;
    const i = part.indexOf('=');
    const rawName = i === -1 ? part : part.slice(0, i);
    const rawValue = i === -1 ? '' : part.slice(i + 1);
    const name = safeDecode(rawName);
    const value = safeDecode(rawValue);
    // One object per field (no spread copy): a pasted body at the cap has ~18,000 fields.
    out.push(isSecretParam(name) ? { name, value, secret: true } : { name, value });
  }
  return out;
}

/** Percent-decodes, leaving malformed sequences (and placeholders) as they are. */
export function safeDecode(s: string): string {
  if (!s.includes('%') && !s.includes('+')) return s; // nothing to decode (most names and values)
  const plus = s.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(plus);
  } catch {
    return plus.replace(/%([0-9a-fA-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
}

/** Splits a URL string into base and query params without `new URL` (placeholders survive). */
export function splitUrl(raw: string): { url: string; query: Param[] } {
  const noFragment = raw.split('#')[0] ?? raw;
  const q = noFragment.indexOf('?');
  if (q === -1) return { url: noFragment, query: [] };
  return { url: noFragment.slice(0, q), query: parseUrlEncoded(noFragment.slice(q + 1)) };
}

/** The draft view of a request record (prepared or sent). */
export function draftFromRequest(req: HttpRequestRecord): DraftRequest {
  const { url, query } = splitUrl(req.url);
  const contentType = headerValue(req.headers, 'content-type') ?? '';
  const bodyFormat: DraftBodyFormat = req.form?.length ? 'form' : /json/i.test(contentType) ? 'json' : 'none';
  return {
    method: req.method,
    url,
    headers: req.headers.map((h) => ({ ...h })),
    form: (req.form ?? []).map((p) => ({ ...p })),
    query,
    bodyFormat,
  };
}

/** First header value by case-insensitive name. */
export function headerValue(headers: Param[], name: string): string | undefined {
  const n = name.toLowerCase();
  return headers.find((h) => h.name.toLowerCase() === n)?.value;
}

/** First body parameter value by exact name. */
export function formValue(draft: DraftRequest, name: string): string | undefined {
  return draft.form.find((p) => p.name === name)?.value;
}

/** First query parameter value by exact name. */
export function queryValue(draft: DraftRequest, name: string): string | undefined {
  return draft.query?.find((p) => p.name === name)?.value;
}

/**
 * A value as it may be shown in evidence: secrets become `<name: N chars>`, so the
 * user sees that something was sent without the value itself.
 */
export function describeParam(p: Param): string {
  if (isRedactionMarker(p.name, p.value)) return `${p.name}=<${p.name}: redacted>`;
  if (p.secret || isSecretParam(p.name)) return `${p.name}=<${p.name}: ${p.value.length} chars>`;
  return `${p.name}=${p.value}`;
}

/** A header as it may be shown in evidence (scheme kept, credential hidden). */
export function describeHeader(h: Param): string {
  if (isRedactionMarker(h.name, h.value)) return `${h.name}: ${h.value}`;
  if (h.secret || isSecretHeader(h.name)) {
    const scheme = /^(\S+)\s+\S/.exec(h.value)?.[1];
    return scheme ? `${h.name}: ${scheme} <${h.value.length - scheme.length - 1} chars>` : `${h.name}: <${h.value.length} chars>`;
  }
  return `${h.name}: ${h.value}`;
}

/**
 * True for the markers redactExchange() leaves in place of secrets (`<client_secret>`,
 * `Basic <client_credentials>`, `Bearer <access_token>`): a redacted record, not a placeholder.
 */
export function isRedactionMarker(name: string, value: string): boolean {
  const v = value.trim();
  if (v === `<${name.toLowerCase()}>`) return true;
  return name.toLowerCase() === 'authorization' && /^(\w+ )?<(client_credentials|access_token|credentials|authorization)>$/.test(v);
}

/** A URL for evidence: secret query values replaced by their length. */
export function safeUrl(url: string): string {
  const { url: base, query } = splitUrl(url);
  if (query.length === 0) return base;
  return `${base}?${query.map((p) => describeParam(p)).join('&')}`;
}

/** True for values such as `{client_id}`, `<token>`, `{{secret}}`, `$TOKEN`, `${TOKEN}`. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  return /^\{\{?[^{}]+\}?\}$/.test(v) || /^<[^<>]+>$/.test(v) || /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(v) || /^\[[A-Za-z_ -]+\]$/.test(v);
}
