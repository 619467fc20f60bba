/**
 * Masks every JWT-shaped value in a text, whatever surrounds it (SECURITY.md 19): an
 * `eyJ…` header segment followed by a dot and a payload segment (a JWS or JWE), or a
 * header segment cut off by the end of the text (an excerpt).
 *
 * Hand-written, one forward pass: a measured hot path (SECURITY.md 18, `npm run
 * bench`). The regular expression it replaces backtracked at every `eyJ` and took
 * minutes on a 1 MiB body of repeated `eyJ`. Here the engine's native search jumps to
 * each `eyJ`; from there the header, the payload and the rest of the run are scanned
 * forward once (a sticky single-class pattern, which cannot backtrack), and the search
 * resumes after what was scanned: no character is looked at twice.
 */
import { maskToken } from './mask-token';

/** Characters after `eyJ` in the header segment, and in the payload segment, at least. */
const MIN_SEGMENT = 4;

/** A run of base64url characters; sticky, one character class: linear, no backtracking. */
const SEGMENT = /[A-Za-z0-9_-]*/y;

/** End (exclusive) of the base64url characters from `from`. */
function segmentEnd(text: string, from: number): number {
  SEGMENT.lastIndex = from;
  return SEGMENT.test(text) ? SEGMENT.lastIndex : from;
}

/** End (exclusive) of the run of base64url characters and dots from `from`. */
function runEnd(text: string, from: number): number {
  let i = from;
  for (;;) {
    i = segmentEnd(text, i);
    if (text.charCodeAt(i) !== 0x2e) return i;
    i++;
  }
}

/** The text with every JWT-shaped value masked to its first 6 characters (`eyJhbG…`). */
export function maskJwtShaped(text: string): string {
  let out = '';
  let last = 0;
  let pos = 0;
  for (;;) {
    const k = text.indexOf('eyJ', pos);
    if (k === -1) break;
    const headerEnd = segmentEnd(text, k + 3);
    pos = headerEnd;
    if (headerEnd - k < 3 + MIN_SEGMENT) continue;
    let end = -1;
    if (headerEnd === text.length)
      end = headerEnd; // a JWT cut by the end of an excerpt
    else if (text.charCodeAt(headerEnd) === 0x2e) {
      const payloadEnd = segmentEnd(text, headerEnd + 1);
      pos = payloadEnd;
      if (payloadEnd - headerEnd - 1 >= MIN_SEGMENT) end = runEnd(text, payloadEnd);
    }
    if (end === -1) continue;
    out += text.slice(last, k) + maskToken(text.slice(k, end));
    last = end;
    pos = end;
  }
  return last === 0 ? text : out + text.slice(last);
}
