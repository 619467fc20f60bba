/**
 * Masks the values of secret-named fields in any text (SECURITY.md 19): valid or broken
 * JSON (`"accessToken": "…"`, `\"jwt\":\"…\"` inside an escaped string), HTML and plain
 * text echoes (`password: hunter2`), query strings and form bodies whose values hold
 * spaces or `&` (`client_secret=a b&c&x=1` masks `a b&c`).
 *
 * Hand-written, one forward pass: a measured hot path (SECURITY.md 18). Only the
 * separators are visited (native search); before each, a bounded look back at the name;
 * after a secret name, one scan of the value, and the search resumes after it.
 * Look-aheads never cross the next delimiter, so no character is visited more than a
 * few times.
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

/** End (exclusive) of the field name before the separator at `sep`: blanks and a closing quote skipped. */
function nameEndBefore(text: string, sep: number): number {
  let j = sep - 1;
  const blanksFrom = Math.max(0, sep - 16);
  while (j >= blanksFrom && isBlank(text.charCodeAt(j))) j--;
  const q = text.charCodeAt(j);
  if (q === QUOTE || q === APOS) {
    j--;
    if (q === QUOTE && text.charCodeAt(j) === BACKSLASH) j--;
  }
  return j + 1;
}

/** Start of the field name ending at `end`, or -1 when there is none (or it is longer than a name). */
function nameStart(text: string, end: number): number {
  let j = end - 1;
  const limit = Math.max(0, end - MAX_NAME_LENGTH - 1);
  while (j >= limit && isNameChar(text.charCodeAt(j))) j--;
  const length = end - j - 1;
  return length < 3 || length > MAX_NAME_LENGTH || (j >= 0 && isNameChar(text.charCodeAt(j))) ? -1 : j + 1;
}

/** Start of the value after the separator at `sep` (blanks and an opening quote skipped); its quote kind. */
function valueStart(text: string, sep: number): number {
  let j = sep + 1;
  while (j < text.length && isBlank(text.charCodeAt(j))) j++;
  return j;
}

/** End of the value whose first character (a quote, or not) is at `j`. */
function valueEnd(text: string, j: number, colon: boolean): number {
  const q = text.charCodeAt(j);
  if (q === BACKSLASH && text.charCodeAt(j + 1) === QUOTE) return endOfEscapedQuoted(text, j + 2);
  if (q === QUOTE || q === APOS) return endOfQuoted(text, j + 1, q);
  return endOfUnquoted(text, j, colon);
}

/** Length of the opening quote at `j` (0, 1 for `"` or `'`, 2 for `\"`). */
function openingQuote(text: string, j: number): number {
  const q = text.charCodeAt(j);
  if (q === BACKSLASH && text.charCodeAt(j + 1) === QUOTE) return 2;
  return q === QUOTE || q === APOS ? 1 : 0;
}

/**
 * The text with the value of every secret-named field masked. The engine's native
 * search jumps from one candidate `:` or `=` to the next; the name before it is read
 * backwards (at most 64 characters), the value forwards once, and the search resumes
 * after it. No object is made per candidate (a body can hold a hundred thousand).
 */
export function maskSecretFields(text: string): string {
  let out = '';
  let last = 0;
  // A separator after the last letter a secret name can end with (n, t, d, y, e), an
  // optional closing quote and blanks: the only places worth a look. One character
  // class per step, no nested quantifier and a fixed-length look-ahead, so the pattern
  // cannot backtrack.
  // A value that is plainly empty (`token=&`, `"token":""`, `token=,`) is not a candidate at all.
  const candidates = /[ntdyeNTDYE](?:\\?["'])?[ \t]*[:=](?![&,}\]]|""|'')/g;
  // Hostile bodies repeat one name: the last answer is reused without slicing the name again.
  let name = '';
  let secret = false;
  while (candidates.test(text)) {
    const sep = candidates.lastIndex - 1;
    const end = nameEndBefore(text, sep);
    const start = nameStart(text, end);
    if (start === -1) continue;
    if (end - start !== name.length || !text.startsWith(name, start)) {
      name = text.slice(start, end);
      secret = isSecretFieldName(name);
    }
    if (!secret) continue;
    // Empty values (`token=&`, `"token":""`) end here, without a scan.
    const next = text.charCodeAt(sep + 1);
    if (next === 0x26 || next === 0x2c || next === 0x7d || (next === QUOTE && text.charCodeAt(sep + 2) === QUOTE)) continue;
    const j = valueStart(text, sep);
    const vs = j + openingQuote(text, j);
    const ve = valueEnd(text, j, text.charCodeAt(sep) === 0x3a);
    if (ve > vs) {
      const value = text.slice(vs, ve);
      if (!isMasked(value) && !isStructural(value)) {
        out += text.slice(last, vs) + maskNamedValue(name, value);
        last = ve;
      }
    }
    if (ve > candidates.lastIndex) candidates.lastIndex = ve;
  }
  return last === 0 ? text : out + text.slice(last);
}
