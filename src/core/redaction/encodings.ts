/**
 * The forms in which a secret may come back from a server (SECURITY.md 19): raw,
 * percent-encoded (upper- or lower-case hex), form-urlencoded (`+` for space), base64
 * and base64url — also in the middle of a longer base64 text such as a Basic header —
 * JSON-string-escaped (with `\/` and `\uXXXX` variants), HTML-escaped, and either of
 * those escaped once more (an escaped echo inside a JSON string or a quoted header
 * parameter). Long alphanumeric runs of a secret are forms too: no escaping changes
 * them, so an echo in an encoding not listed here still loses its distinctive part.
 */

/** Secrets shorter than this are not searched by value (they would match ordinary words). */
export const MIN_SECRET_LENGTH = 6;
/** base64 fragments shorter than this would match by chance. */
const MIN_BASE64_CORE = 8;
/** Alphanumeric runs of a secret at least this long are masked on their own. */
const MIN_DISTINCT_RUN = 12;

function percentLower(s: string): string {
  return s.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
}

function jsonEscaped(s: string): string[] {
  const json = JSON.stringify(s).slice(1, -1);
  // Python's json.dumps (ensure_ascii) and others escape every non-ASCII character.
  const ascii = json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const asciiUpper = ascii.replace(/\\u([0-9a-f]{4})/g, (_m, h: string) => `\\u${h.toUpperCase()}`);
  return [json, json.replace(/\//g, '\\/'), ascii, asciiUpper];
}

/** RFC 9110 quoted-string escaping (WWW-Authenticate parameters): `"` and `\` get a backslash. */
function quotedString(s: string): string {
  return s.replace(/["\\]/g, '\\$&');
}

/** Forms escaped a second time: an escaped echo quoted again by JSON or a header parameter. */
function escapedTwice(first: string[]): string[] {
  return first.flatMap((f) => [JSON.stringify(f).slice(1, -1), quotedString(f)]);
}

function distinctRuns(s: string): string[] {
  return s.match(new RegExp(`[A-Za-z0-9]{${MIN_DISTINCT_RUN},}`, 'g')) ?? [];
}

function htmlEscaped(s: string): string[] {
  const base = s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return [base.replace(/"/g, '&quot;').replace(/'/g, '&#39;'), base.replace(/"/g, '&#34;').replace(/'/g, '&#x27;')];
}

function urlEncoded(s: string): string[] {
  try {
    const pct = encodeURIComponent(s);
    const form = new URLSearchParams({ v: s }).toString().slice(2);
    return [pct, percentLower(pct), form, percentLower(form), pct.replace(/%20/g, '+')];
  } catch {
    return []; // a lone surrogate has no URL encoding
  }
}

/**
 * The base64 text of `bytes` wherever they sit in a longer byte string: for each of the
 * three alignments, the characters that depend on these bytes only.
 */
function base64Cores(bytes: Buffer): string[] {
  const out: string[] = [];
  for (const offset of [0, 1, 2]) {
    const padded = Buffer.concat([Buffer.alloc(offset), bytes]);
    const b64 = padded.toString('base64');
    const first = offset === 0 ? 0 : offset === 1 ? 2 : 3;
    const last = Math.floor((padded.length * 8) / 6);
    const core = b64.slice(first, last);
    if (core.length >= MIN_BASE64_CORE) out.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  const whole = bytes.toString('base64');
  out.push(whole, bytes.toString('base64url'));
  return out;
}

/** Every form of `secret` worth searching for, longest first, without duplicates. */
export function encodedForms(secret: string): string[] {
  if (secret.length < MIN_SECRET_LENGTH) return [];
  const escaped = [...jsonEscaped(secret), ...htmlEscaped(secret)];
  const forms = new Set<string>([secret, quotedString(secret), ...urlEncoded(secret), ...escaped, ...escapedTwice(escaped)]);
  for (const r of distinctRuns(secret)) forms.add(r);
  for (const f of base64Cores(Buffer.from(secret, 'utf8'))) forms.add(f);
  return [...forms].filter((f) => f.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}
