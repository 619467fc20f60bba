/**
 * The one way the shell writes a time claim (`exp`, `iat`, `nbf`, `auth_time`) beside
 * its epoch seconds: the core's annotation (annotateTimes), as `ISO (relative)` —
 * in the tree, the decoded and introspection documents, and the panel, which gets
 * the same annotation from the host. (The status bar's countdown is another kind of
 * value: expiry-format.ts.) Pure.
 */
import { annotateTimes } from '../core/essentials';

/** `2025-03-01T10:00:00.000Z (in 59 min)`, or undefined for a value that is not a time. */
export function timeText(epochSeconds: unknown, nowSeconds: number = Date.now() / 1000): string | undefined {
  if (typeof epochSeconds !== 'number') return undefined;
  const t = annotateTimes({ exp: epochSeconds }, nowSeconds).exp;
  return t ? `${t.iso} (${t.relative})` : undefined;
}

/** The time annotations of an object's time claims, by claim name (for the panel's views). */
export function timesOf(value: unknown, nowSeconds: number = Date.now() / 1000): Record<string, { iso: string; relative: string }> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Record<string, { iso: string; relative: string }> = {};
  for (const [k, t] of Object.entries(annotateTimes(value as Record<string, unknown>, nowSeconds)))
    out[k] = { iso: t.iso, relative: t.relative };
  return out;
}

const TIME_LINE = /^(\s*)"(exp|iat|nbf|auth_time)": (-?\d+(?:\.\d+)?)(,?)$/;

/**
 * Pretty JSON (JSONC) with each time claim's date as a comment beside its epoch
 * seconds: `"exp": 1767225600, // 2026-01-01T00:00:00.000Z (in 3 d 2 h)`.
 */
export function jsonWithTimes(value: unknown, nowSeconds: number = Date.now() / 1000): string {
  const text = JSON.stringify(value, null, 2) ?? String(value);
  return text
    .split('\n')
    .map((line) => {
      const m = TIME_LINE.exec(line);
      const note = m ? timeText(Number(m[3]), nowSeconds) : undefined;
      return note ? `${line} // ${note}` : line;
    })
    .join('\n');
}
