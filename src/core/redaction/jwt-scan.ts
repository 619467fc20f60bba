/**
 * Masks every JWT-shaped value in a text, whatever surrounds it (SECURITY.md 19): a
 * `eyJ…` header segment followed by a dot and a payload segment (a JWS or JWE), or a
 * header segment cut off by the end of the text (an excerpt).
 *
 * Hand-written, one forward pass: this is a measured hot path (SECURITY.md 18, `npm run
 * bench`). The regular expression it replaces backtracked at every `eyJ` and took
 * minutes on a 1 MiB body of repeated `eyJ`. Here every character is visited a constant
 * number of times: the text is cut into maximal runs of base64url characters and dots,
 * and each run is examined once, segment by segment, never rescanned.
 */
import { maskToken } from './mask-token';

/** Characters after `eyJ` in the header segment, and in the payload segment, at least. */
const MIN_SEGMENT = 4;

/** base64url alphabet or '.', by char code. */
function isRunChar(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) || // a-z
    (c >= 0x41 && c <= 0x5a) || // A-Z
    (c >= 0x30 && c <= 0x39) || // 0-9
    c === 0x2d || // -
    c === 0x5f || // _
    c === 0x2e // .
  );
}

/** Index of the first `eyJ` in [from, to), or -1. Bounded: never looks past `to`. */
function findEyJ(text: string, from: number, to: number): number {
  for (let i = from; i + 2 < to; i++) {
    if (text.charCodeAt(i) === 0x65 && text.charCodeAt(i + 1) === 0x79 && text.charCodeAt(i + 2) === 0x4a) return i;
  }
  return -1;
}

/** End (exclusive) of the segment starting at `from` inside a run ending at `end`. */
function segmentEnd(text: string, from: number, end: number): number {
  let i = from;
  while (i < end && text.charCodeAt(i) !== 0x2e) i++;
  return i;
}

/**
 * Where a JWT starts inside the run [start, end), or -1. A header segment is `eyJ` plus
 * at least 4 characters; it must be followed by a dot and a payload of at least 4
 * characters, or reach the end of the text (a JWT cut by an excerpt).
 */
function jwtStart(text: string, start: number, end: number): number {
  let seg = start;
  let segEnd = segmentEnd(text, seg, end);
  while (seg < end) {
    const nextStart = segEnd + 1;
    const nextEnd = nextStart <= end ? segmentEnd(text, nextStart, end) : end;
    const e = findEyJ(text, seg, segEnd);
    if (e !== -1 && segEnd - e >= 3 + MIN_SEGMENT) {
      const cutByEnd = segEnd === text.length;
      const hasPayload = segEnd < end && nextEnd - nextStart >= MIN_SEGMENT;
      if (cutByEnd || hasPayload) return e;
    }
    seg = nextStart;
    segEnd = nextEnd;
  }
  return -1;
}

/** The text with every JWT-shaped value masked to its first 6 characters (`eyJhbG…`). */
export function maskJwtShaped(text: string): string {
  const n = text.length;
  let out = '';
  let last = 0;
  let i = 0;
  while (i < n) {
    if (!isRunChar(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < n && isRunChar(text.charCodeAt(i))) i++;
    const hit = jwtStart(text, start, i);
    if (hit !== -1) {
      out += text.slice(last, hit) + maskToken(text.slice(hit, i));
      last = i;
    }
  }
  return last === 0 ? text : out + text.slice(last);
}
