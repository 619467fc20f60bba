/**
 * How a masked value looks. Tokens keep their first 6 characters (enough to tell two
 * tokens apart, useless to replay); other secrets and secrets found by value become a
 * `<label>` marker. Both forms are fixed points: masking a masked value changes
 * nothing, so redaction is idempotent.
 */

const KEEP = 6;
/** What replaces the hidden part of a value. */
export const ELLIPSIS = '…';

/** `abcdefghijklm` → `abcdef…`; values of 12 characters or fewer are hidden whole. */
export function maskToken(value: string): string {
  if (isMasked(value)) return value;
  if (value.length <= KEEP * 2) return ELLIPSIS;
  return `${value.slice(0, KEEP)}${ELLIPSIS}`;
}

/** `<client_secret>`: what a secret found by value (or a secret field's value) becomes. */
export function marker(label: string): string {
  return `<${label}>`;
}

/** True for a value that is already masked (`abcdef…`, `…`, `<label>`, `Bearer …`). */
export function isMasked(value: string): boolean {
  if (value.length > 64) return false;
  if (value.endsWith(ELLIPSIS)) return value.length <= KEEP + 1 || /^\w+ …$/.test(value);
  return /^<[a-z_]+>$/.test(value);
}

/** An Authorization-style value keeps its scheme: `Bearer abc…xyz` → `Bearer …`. */
export function maskCredential(value: string): string {
  if (isMasked(value)) return value;
  const scheme = /^([A-Za-z][\w-]{0,19}) +\S/.exec(value)?.[1];
  return scheme ? `${scheme} ${ELLIPSIS}` : ELLIPSIS;
}
