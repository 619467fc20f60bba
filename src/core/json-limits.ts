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

/**
 * Checks nesting and size in one forward pass before anything parses the text.
 * Hand-written (a measured hot path): it must stay linear on any input, including
 * unterminated strings and runs of backslashes.
 */
export function jsonShape(text: string): JsonShape {
  let depth = 0;
  let members = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
      continue;
    }
    switch (c) {
      case 0x22:
        inString = true;
        break;
      case 0x5b: // [
      case 0x7b: // {
        if (++depth > MAX_JSON_DEPTH) return 'too deep';
        if (++members > MAX_JSON_MEMBERS) return 'too many members';
        break;
      case 0x5d: // ]
      case 0x7d: // }
        depth--;
        break;
      case 0x2c: // ,
        if (++members > MAX_JSON_MEMBERS) return 'too many members';
        break;
    }
  }
  return 'ok';
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
