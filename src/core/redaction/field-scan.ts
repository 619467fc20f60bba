/**
 * Masks the values of secret-named fields in any text (SECURITY.md 19): valid or broken
 * JSON (`"accessToken": "…"`, `\"jwt\":\"…\"` inside an escaped string), HTML and plain
 * text echoes (`password: hunter2`), query strings and form bodies whose values hold
 * spaces or `&` (`client_secret=a b&c&x=1` masks `a b&c`).
 *
 * Hand-written, one forward pass: a measured hot path (SECURITY.md 18). Each word is
 * looked at once; after a secret name, a bounded look at the separator and one scan of
 * the value, and scanning resumes after it. Look-aheads never cross the next delimiter,
 * so no character is visited more than a few times.
 */
import { isMasked } from './mask-token';
import { maskNamedValue } from './mask-named-value';
import { isSecretFieldName, MAX_NAME_LENGTH } from './secret-names';

const BACKSLASH = 0x5c;
const QUOTE = 0x22;
const APOS = 0x27;
const NL = 0x0a;
const CR = 0x0d;

function isNameChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2d;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/** Characters that end an unquoted value. */
function endsUnquoted(c: number, stopAtSpace: boolean): boolean {
  switch (c) {
    case NL:
    case CR:
    case QUOTE:
    case APOS:
    case 0x3c: // <
    case 0x3e: // >
    case 0x2c: // ,
    case 0x3b: // ;
    case 0x7d: // }
    case 0x5d: // ]
    case 0x29: // )
      return true;
    default:
      return stopAtSpace && (isBlank(c) || c === 0x5c);
  }
}

/** True when `&` at `amp` starts the next form field (`&name=`); looks no further than one name. */
function startsNextField(text: string, amp: number): boolean {
  let k = amp + 1;
  const limit = Math.min(text.length, k + MAX_NAME_LENGTH + 1);
  while (k < limit && isNameChar(text.charCodeAt(k))) k++;
  return k > amp + 1 && text.charCodeAt(k) === 0x3d;
}

/** End of a double-quoted value starting at `from` (JSON escapes skipped; a line break ends a broken string). */
function endOfQuoted(text: string, from: number, quote: number): number {
  let k = from;
  while (k < text.length) {
    const c = text.charCodeAt(k);
    if (c === quote || c === NL || c === CR) return k;
    k += c === BACKSLASH && quote === QUOTE ? 2 : 1;
  }
  return text.length;
}

/** End of a value quoted as `\"…\"` (inside an escaped JSON string); `\\\"` is an escaped quote within it. */
function endOfEscapedQuoted(text: string, from: number): number {
  let k = from;
  while (k < text.length) {
    const c = text.charCodeAt(k);
    if (c === NL || c === CR) return k;
    if (c === BACKSLASH) {
      if (text.charCodeAt(k + 1) === QUOTE) return k;
      k += text.startsWith('\\\\\\"', k) ? 4 : 2;
      continue;
    }
    k++;
  }
  return text.length;
}

const SCHEMES = new Set(['bearer', 'basic', 'dpop', 'digest', 'negotiate', 'mac', 'token']);

/** End of an unquoted run starting at `from`. */
function endOfRun(text: string, from: number, stopAtSpace: boolean): number {
  let k = from;
  while (k < text.length) {
    const c = text.charCodeAt(k);
    if (endsUnquoted(c, stopAtSpace)) break;
    if (c === 0x26 && startsNextField(text, k)) break; // &
    k++;
  }
  return k;
}

/** End of an unquoted value: after `:` one word (two for `Bearer xyz`), after `=` up to the next field. */
function endOfUnquoted(text: string, from: number, stopAtSpace: boolean): number {
  const k = endOfRun(text, from, stopAtSpace);
  if (!stopAtSpace || k - from > 10 || k >= text.length || !isBlank(text.charCodeAt(k))) return k;
  if (!SCHEMES.has(text.slice(from, k).toLowerCase())) return k;
  let m = k;
  while (m < text.length && isBlank(text.charCodeAt(m))) m++;
  return m > k && m < text.length ? Math.max(k, endOfRun(text, m, true)) : k;
}

/** JSON literals, numbers and nested structures are not secret values. */
function isStructural(value: string): boolean {
  const c = value.charCodeAt(0);
  return c === 0x7b || c === 0x5b || value === 'null' || value === 'true' || value === 'false' || /^-?\d[\d.eE+-]{0,30}$/.test(value);
}

/** The text with the value of every secret-named field masked. */
export function maskSecretFields(text: string): string {
  const n = text.length;
  let out = '';
  let last = 0;
  let i = 0;
  while (i < n) {
    if (!isNameChar(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < n && isNameChar(text.charCodeAt(i))) i++;
    if (i - start > MAX_NAME_LENGTH || !isSecretFieldName(text.slice(start, i))) continue;

    // Optional closing quote of the name, blanks, the separator, blanks.
    let j = i;
    if (text.charCodeAt(j) === BACKSLASH && text.charCodeAt(j + 1) === QUOTE) j += 2;
    else if (text.charCodeAt(j) === QUOTE || text.charCodeAt(j) === APOS) j++;
    while (j < n && isBlank(text.charCodeAt(j))) j++;
    const sep = text.charCodeAt(j);
    if (sep !== 0x3a && sep !== 0x3d) continue; // : =
    j++;
    while (j < n && isBlank(text.charCodeAt(j))) j++;

    let vs: number;
    let ve: number;
    const q = text.charCodeAt(j);
    if (q === BACKSLASH && text.charCodeAt(j + 1) === QUOTE) {
      vs = j + 2;
      ve = endOfEscapedQuoted(text, vs);
    } else if (q === QUOTE || q === APOS) {
      vs = j + 1;
      ve = endOfQuoted(text, vs, q);
    } else {
      vs = j;
      ve = endOfUnquoted(text, vs, sep === 0x3a);
    }
    const value = text.slice(vs, ve);
    if (value !== '' && !isMasked(value) && !isStructural(value)) {
      out += text.slice(last, vs) + maskNamedValue(text.slice(start, i), value);
      last = ve;
    }
    i = Math.max(i, ve);
  }
  return last === 0 ? text : out + text.slice(last);
}
