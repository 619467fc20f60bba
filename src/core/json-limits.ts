/**
 * Limits on JSON read from servers and pastes (SECURITY.md 18). `JSON.parse` is one
 * synchronous step: on 1 MiB of `[[[[…` it blocks for about 300 ms, on 1 MiB of an
 * object with 50,000 keys about 100 ms, and a deep value later overflows the stack of
 * every recursive reader (masking, rendering, `JSON.stringify`). No OAuth document
 * comes near these limits; text beyond them is kept as text, not parsed.
 */

/** Deepest nesting of arrays/objects accepted. */
export const MAX_JSON_DEPTH = 64;
/** Most values (array elements and object members) accepted in one document. */
export const MAX_JSON_MEMBERS = 10_000;

export type JsonShape = 'ok' | 'too deep' | 'too many members';

/** Other limits for a caller whose documents have their own shape (e.g. a client file). */
export interface JsonShapeLimits {
  /** Default {@link MAX_JSON_DEPTH}. */
  maxDepth?: number;
  /** Default {@link MAX_JSON_MEMBERS}; `Infinity` when a size cap bounds the text already. */
  maxMembers?: number;
}

/**
 * Checks nesting and size in one forward pass before anything parses the text.
 * Hand-written (a measured hot path): it must stay linear on any input, including
 * unterminated strings and runs of backslashes; sticky one-class patterns skip the
 * characters that do not matter.
 */
export function jsonShape(text: string, limits: JsonShapeLimits = {}): JsonShape {
  const maxDepth = limits.maxDepth ?? MAX_JSON_DEPTH;
  const maxMembers = limits.maxMembers ?? MAX_JSON_MEMBERS;
  if (withinLimitsByCount(text, maxDepth, maxMembers)) return 'ok';
  let depth = 0;
  let members = 0;
  let i = 0;
  while (i < text.length) {
    PLAIN.lastIndex = i;
    PLAIN.test(text);
    i = PLAIN.lastIndex;
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      i = afterString(text, i + 1);
      continue;
    }
    if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return 'too deep';
      if (++members > maxMembers) return 'too many members';
    } else if (c === 0x5d || c === 0x7d) depth--;
    else if (c === 0x2c && ++members > maxMembers) return 'too many members';
    i++;
  }
  return 'ok';
}

/**
 * True when `text` cannot exceed the limits whatever its structure: depth is at most the
 * number of opening brackets, and members at most its length. One tight loop with no
 * regex calls: most texts checked (JWT headers and payloads, token responses) are short,
 * and the structural pass below costs several times more on them (measured: a third of
 * verifyJwt's overhead over jose).
 */
function withinLimitsByCount(text: string, maxDepth: number, maxMembers: number): boolean {
  if (text.length > maxMembers) return false;
  let opening = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c === 0x5b || c === 0x7b) && ++opening > maxDepth) return false;
  }
  return true;
}

/** Characters outside strings that change nothing (sticky, one class: no backtracking). */
const PLAIN = /[^"[\]{},]*/y;
/** Characters inside a string up to a quote or an escape. */
const IN_STRING = /[^"\\]*/y;

/** Index after the string whose content starts at `from` (the end of the text if it never closes). */
function afterString(text: string, from: number): number {
  let i = from;
  for (;;) {
    IN_STRING.lastIndex = i;
    IN_STRING.test(text);
    i = IN_STRING.lastIndex;
    if (i >= text.length) return i;
    if (text.charCodeAt(i) === 0x22) return i + 1;
    i += 2; // a backslash and the character it escapes
    // A lone backslash at the very end: past the end, a failing sticky search would reset
    // lastIndex to 0 and the scan would start over, forever (text ending in `"\`).
    if (i >= text.length) return text.length;
  }
}

/** The parsed value when `text` is valid JSON within the limits; undefined otherwise. */
export function parseBoundedJson(text: string): { value: unknown } | undefined {
  if (jsonShape(text) !== 'ok') return undefined;
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}
